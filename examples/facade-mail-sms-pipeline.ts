/**
 * For email + SMS pipelines: one nodemailer message object through `mailup.transactional.email.send`, served by the
 * Send API with the SMTP+ relay as its fallback, and `mailup.transactional.sms.send` through the SMS API. The
 * fallback only moves on when nothing can have been sent (here: the Send API refusing the credentials); a send whose
 * bytes may have left (the connection reset after the request was written) is surfaced as ambiguous and never
 * repeated on the relay — the emulator's outbox shows every message exactly once.
 *
 * Runs against an embedded emulator; with `MAILUP_ACCOUNT_ID`, `MAILUP_SMTP_USER`, `MAILUP_SMTP_PASSWORD` and
 * `MAILUP_EXAMPLE_TO` set (plus `MAILUP_SMS_LIST_ID`, `MAILUP_SMS_LIST_GUID`, `MAILUP_SMS_LIST_SECRET` and
 * `MAILUP_EXAMPLE_SMS_TO` for the SMS) it builds the facade with `MailUp.fromEnv()` and sends one real receipt (and
 * SMS) through your account instead, with no injected failure. Run:
 * `corepack pnpm exec tsx examples/facade-mail-sms-pipeline.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmailMessage, MailUp } from '@mailup-kit/client';
import { MailUpError } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { SmsClient } from '@mailup-kit/transactional';

const receipt = (n: number, to: string): EmailMessage => ({
  from: '"Shop" <shop@example.com>',
  to,
  subject: `Your receipt #${n}`,
  text: `Thanks for order ${n}`,
  html: `<p>Thanks for order <b>${n}</b>, [firstname]!</p>`,
  messageId: `<receipt-${n}-${Date.now()}@shop.example.com>`,
  xSmtpApi: { campaignCode: 'receipts', dynamicFields: { firstname: 'Ann' } },
});

/** Against a real account: one receipt and (when configured) one SMS, no injected failures. */
async function real(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const mailup = MailUp.fromEnv(env);
  const listId = Number(env.MAILUP_SMS_LIST_ID);
  try {
    const sent = await mailup.transactional.email.send(receipt(1, env.MAILUP_EXAMPLE_TO as string));
    const text =
      env.MAILUP_EXAMPLE_SMS_TO && mailup.sms?.has(listId)
        ? await mailup.transactional.sms.send({ listId, to: env.MAILUP_EXAMPLE_SMS_TO, text: 'Your order has shipped' })
        : undefined;
    return { servedBy: sent.routed.via, messageId: sent.messageId, sms: text?.routed.via ?? 'not configured' };
  } finally {
    await mailup.close();
  }
}

/** Runs the example against the emulator and returns what it saw (also printed when run directly). */
export async function main(): Promise<{
  first: string;
  second: string[];
  third: string;
  storedOnce: boolean;
  stored: number;
  sms: { via: string; cost: number | undefined };
}> {
  const emulator = await startEmulator();
  const a = emulator.store.seeded;
  const user = [...emulator.store.account(a.id).smtpUsers.values()][0];
  if (!user) throw new Error('no SMTP+ user');
  const { ca } = (await emulator.control.action('smtp.ca', {})) as { ca: string };
  const smtpUrl = new URL(emulator.urls.smtp ?? '');
  const listGuid = emulator.store.account(a.id).list(1).guid;
  // the list's SMS API secret, made once in the console (here: through the console login of the seeded account)
  const admin = new SmsClient({
    accountId: a.id,
    listId: 1,
    listGuid,
    console: { user: a.consoleUser, password: a.consolePassword },
    baseUrl: emulator.urls.http,
  });
  const listSecret = await admin.createListSecret();
  admin.close();
  const mailup = new MailUp({
    account: a.id,
    smtpPlus: { user: user.username, password: user.secret },
    sms: { 1: { listGuid, listSecret } },
    baseUrls: {
      sendApi: emulator.urls.http,
      smsApi: emulator.urls.http,
      smtp: { host: smtpUrl.hostname, port: Number(smtpUrl.port) },
    },
    tls: { ca }, // the emulator's CA: verification stays on
  });
  try {
    // 1. The Send API serves it.
    const first = await mailup.transactional.email.send(receipt(1, 'ann@example.com'));

    // 2. The Send API refuses the credentials: nothing was accepted, so the relay serves it.
    emulator.control.addFault({
      protocol: 'txmail',
      operation: 'sendmessage',
      action: { type: 'status', status: 401, body: '{"Status":"error","Code":"401","Message":"Unauthorized"}' },
    });
    const second = await mailup.transactional.email.send(receipt(2, 'bob@example.com'));

    // 3. The connection resets after the request was written: it may have been accepted, so it is NOT sent again.
    emulator.control.addFault({ protocol: 'txmail', operation: 'sendmessage', action: { type: 'reset-after' } });
    const message3 = receipt(3, 'carl@example.com');
    const third = await mailup.transactional.email.send(message3).catch((e: unknown) => e);
    const id = String(message3.messageId).replace(/^<|>$/g, '');

    const text = await mailup.transactional.sms.send({
      listId: 1,
      to: '+393350000001',
      text: 'Your order has shipped',
      sender: 'Shop',
    });
    return {
      first: first.routed.via,
      second: second.routed.attempts.map((t) => `${t.via}:${t.outcome}`),
      third: MailUpError.is(third) ? third.kind : 'sent?',
      storedOnce: emulator.store.outbox.countOf(id) === 1,
      stored: emulator.store.outbox.mail.length,
      sms: { via: text.routed.via, cost: text.cost },
    };
  } finally {
    await mailup.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const run =
    env.MAILUP_SMTP_USER && env.MAILUP_SMTP_PASSWORD && env.MAILUP_EXAMPLE_TO ? () => real(env) : () => main();
  run().then(
    (seen) => console.log(seen),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
