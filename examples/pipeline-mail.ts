/**
 * For email pipelines: send transactional email through MailUp's SMTP+ relay with nodemailer (STARTTLS verified,
 * X-SMTPAPI typed, paced to the purchased level of service), switch the same message to the HTTP Send API by
 * changing one line, and see what happens when the connection drops after the message was sent (ambiguous, with
 * its Message-ID — never silently resent). Everything runs against an emulator that closes when the example ends,
 * so it reports what the emulator stored instead of an inbox URL (to browse messages, run `corepack pnpm mailup
 * emulator` and open its `/__emulator/inbox` while it runs). Run: `corepack pnpm exec tsx examples/pipeline-mail.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailUpError } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SmtpPlusRelay, smtpPlusTransport } from '@mailup-kit/smtp';
import { sendApiTransport } from '@mailup-kit/transactional';
import nodemailer from 'nodemailer';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{
  relayed: number;
  viaHttp: string;
  ambiguous: string;
  storedOnce: boolean;
  /** Messages the emulator stored (its inbox), read before it closes. */
  stored: number;
}> {
  const emulator = await startEmulator();
  const user = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
  if (!user) throw new Error('no SMTP+ user');
  const { ca } = (await emulator.control.action('smtp.ca', {})) as { ca: string };
  const smtp = new URL(emulator.urls.smtp ?? '');
  // Against MailUp: new SmtpPlusRelay({ user: 's12345_1', password, limiter }) — in.smtpok.com:587, STARTTLS required.
  const limiter = new Limiter({ account: user.accountId, policy: { levelOfService: { smtp: 36_000 } } });
  const relay = new SmtpPlusRelay({
    user: user.username,
    password: user.secret,
    host: smtp.hostname,
    port: Number(smtp.port),
    tls: { ca }, // the emulator's CA: verification stays on
    servername: 'localhost',
    limiter, // 36,000 messages/hour: 10 per second, shared by every worker of the limiter's store
  });
  const message = (n: number) => ({
    from: '"Shop" <shop@example.com>',
    to: `customer${n}@example.com`,
    subject: `Your receipt #${n}`,
    text: `Thanks for order ${n}`,
    html: `<p>Thanks for order <b>${n}</b>, [firstname]!</p>`,
    xSmtpApi: { campaignCode: 'receipts', dynamicFields: { firstname: 'Ann' } },
  });
  try {
    const transporter = nodemailer.createTransport(smtpPlusTransport(relay));
    for (let n = 1; n <= 3; n++) await transporter.sendMail(message(n));

    // The same message object over HTTP: only the transport line changes.
    const http = nodemailer.createTransport(
      sendApiTransport({ user: user.username, password: user.secret, baseUrl: emulator.urls.http }),
    );
    const viaHttp = await http.sendMail(message(4));
    http.close();

    emulator.control.addFault({ protocol: 'smtp', operation: 'DATA', phase: 'after-data', action: { type: 'reset' } });
    const dropped = await relay.send(message(5)).catch((e: unknown) => e);
    const id = MailUpError.is(dropped, 'ambiguous') ? String(dropped.details?.messageId) : 'not ambiguous?';
    // An ambiguous message may have been accepted: look it up (here in the emulator) before deciding to resend.
    return {
      relayed: emulator.store.outbox.mail.filter((m) => m.channel === 'smtp').length,
      viaHttp: viaHttp.messageId,
      ambiguous: id,
      storedOnce: emulator.store.outbox.countOf(id) === 1,
      stored: emulator.store.outbox.mail.length,
    };
  } finally {
    relay.close();
    await limiter.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
