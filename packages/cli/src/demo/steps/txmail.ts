import { MailUpError } from '@mailup-kit/core';
import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * The transactional email Send API through the facade (`mailup.transactional.email.send`, served by its
 * `SendApiClient` member): a nodemailer message with an attachment and X-SMTPAPI accepted and stored; then, on the
 * same real `SendApiClient` (`mailup.txmail`), a bad request refused by the server with HTTP 403, typed
 * `validation` and not retried.
 */
export const txmailStep: DemoStep = {
  name: 'transactional: Send API sendmessage',
  protocol: 'txmail',
  async run(ctx) {
    const { emulator } = ctx;
    const mailup = await demoFacade(ctx, { transactional: true });
    try {
      const sent = await mailup.transactional.email.send(
        {
          from: '"Shop" <shop@example.com>',
          to: '"Ann" <ann@example.com>',
          subject: 'Your order',
          html: '<p>Thanks, [firstname]</p>',
          text: 'Thanks',
          attachments: [{ filename: 'order.txt', content: 'order 42' }],
          xSmtpApi: { campaignCode: 'orders', dynamicFields: { firstname: 'Ann' } },
        },
        { prefer: ['txmail'], signal: ctx.signal },
      );
      expectThat(sent.routed.via === 'txmail', `served by ${sent.routed.via}, not the Send API`);
      const stored = emulator.store.outbox.mail.at(-1);
      expectThat(stored?.attachments[0]?.filename === 'order.txt', 'the message was not stored with its attachment');
      const client = mailup.txmail;
      expectThat(client !== undefined, 'the facade has no Send API member');
      const refused = await client?.client
        .request(
          {
            name: 'raw sendmessage',
            method: 'POST',
            path: '/API/v2.0/messages/sendmessage',
            retryClass: 'idempotent-write',
          },
          { Subject: 'x' },
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expectThat(MailUpError.is(refused, 'validation'), 'a 403 was not typed validation');
      const calls = emulator.control.counters()['txmail sendmessage'];
      expectThat(calls === 2, `the 403 was retried (${calls} calls)`);
      return {
        detail: `sendmessage accepted, stored with its attachment (inbox #${stored?.id}); bad input → HTTP 403 validation, not retried`,
        routing: await routingOf(mailup, 'transactional.email.send', sent.routed),
      };
    } finally {
      await mailup.close();
    }
  },
};
