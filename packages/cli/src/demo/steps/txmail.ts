import { MailUpError } from '@mailup-kit/core';
import { SendApiClient } from '@mailup-kit/transactional';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The transactional email Send API through the real `SendApiClient`: a MessageDTO with an attachment and
 * X-SMTPAPI accepted (`Code` "0") and stored; a bad address refused by the server with HTTP 403, typed
 * `validation` and not retried.
 */
export const txmailStep: DemoStep = {
  name: 'transactional: Send API sendmessage',
  protocol: 'txmail',
  async run(ctx) {
    const { emulator } = ctx;
    const user = [...emulator.store.account(ctx.account.id).smtpUsers.values()][0];
    const client = new SendApiClient({
      user: user?.username ?? '',
      password: user?.secret ?? '',
      baseUrl: ctx.urls.http,
    });
    try {
      const result = await client.sendMessage(
        {
          Subject: 'Your order',
          Html: { Body: '<p>Thanks, [firstname]</p>' },
          Text: 'Thanks',
          From: { Name: 'Shop', Email: 'shop@example.com' },
          To: [{ Name: 'Ann', Email: 'ann@example.com' }],
          Attachments: [{ Filename: 'order.txt', Body: new TextEncoder().encode('order 42') }],
          XSmtpAPI: { CampaignCode: 'orders', DynamicFields: [{ N: 'firstname', V: 'Ann' }] },
        },
        { signal: ctx.signal },
      );
      expectThat(result.Code === '0', `sendmessage answered Code ${result.Code}`);
      const stored = emulator.store.outbox.mail.at(-1);
      expectThat(stored?.attachments[0]?.filename === 'order.txt', 'the message was not stored with its attachment');
      const refused = await client.client
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
      return `sendmessage Code 0, stored with its attachment (inbox #${stored?.id}); bad input → HTTP 403 validation, not retried`;
    } finally {
      client.close();
    }
  },
};
