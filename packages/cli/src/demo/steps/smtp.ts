import { MailUpError } from '@mailup-kit/core';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The SMTP+ relay through the real `SmtpPlusRelay`: STARTTLS verified against the emulator's CA, AUTH as the
 * seeded SMTP+ user, 20 messages over a pool with X-SMTPAPI, each stored once; then a drop after the DATA
 * terminator, reported `ambiguous` with its Message-ID and not resent.
 */
export const smtpStep: DemoStep = {
  name: 'smtp: pooled relay, drop after DATA',
  protocol: 'smtp',
  async run(ctx) {
    const { emulator } = ctx;
    const url = new URL(ctx.urls.smtp ?? '');
    const user = [...emulator.store.account(ctx.account.id).smtpUsers.values()][0];
    expectThat(user !== undefined, 'the seeded account has no SMTP+ user');
    const { ca } = (await emulator.control.action('smtp.ca', {})) as { ca: string };
    const relay = new SmtpPlusRelay({
      user: user?.username ?? '',
      password: user?.secret ?? '',
      host: url.hostname,
      port: Number(url.port),
      tls: { ca },
      servername: 'localhost',
    });
    const before = emulator.store.outbox.mail.length;
    try {
      const sent = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          relay.send(
            {
              from: 'shop@example.com',
              to: `customer${i}@example.com`,
              subject: `Receipt ${i}`,
              text: 'Thank you',
              xSmtpApi: { campaignCode: 'receipts', dynamicFields: { n: String(i) } },
            },
            { signal: ctx.signal },
          ),
        ),
      );
      const once = sent.every((s) => emulator.store.outbox.countOf(s.messageId) === 1);
      expectThat(once, 'a relayed message was not stored exactly once');
      emulator.control.addFault({
        protocol: 'smtp',
        operation: 'DATA',
        phase: 'after-data',
        action: { type: 'reset' },
      });
      const error = await relay
        .send(
          { from: 'shop@example.com', to: 'ann@example.com', subject: 'Dropped', text: 'x' },
          { signal: ctx.signal },
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expectThat(MailUpError.is(error, 'ambiguous'), 'a drop after DATA was not reported ambiguous');
      const id = String((error as MailUpError).details?.messageId ?? '');
      expectThat(emulator.store.outbox.countOf(id) === 1, 'the dropped message was not held exactly once');
      return `20 of 20 relayed over STARTTLS, each stored once (${emulator.store.outbox.mail.length - before} in the inbox); drop after DATA → ambiguous ${id}, not resent`;
    } finally {
      relay.close();
    }
  },
};
