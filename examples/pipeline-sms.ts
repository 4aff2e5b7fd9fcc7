/**
 * For SMS pipelines: enable transactional SMS on a list (create its ListSecret with the console credentials),
 * send OTP codes at up to 30 per second through the limiter, see the segment rules (GSM-7 vs Unicode) and a
 * typed refusal (code 204: no SMS to the USA), then rotate the secret. Runs against the emulator.
 * Run: `corepack pnpm exec tsx examples/pipeline-sms.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailUpError } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SmsClient, smsSegments } from '@mailup-kit/transactional';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ sent: number; unicodeParts: number; refused: string; rotated: boolean }> {
  const emulator = await startEmulator();
  const account = emulator.store.seeded;
  const list = emulator.store.account(account.id).list(1);
  const limiter = new Limiter({ account: account.id }); // the policy row: 30 SMS calls per second
  // Against MailUp: omit baseUrl (https://sendsms.mailup.com).
  const sms = new SmsClient({
    accountId: account.id,
    listId: list.id,
    listGuid: list.guid,
    console: { user: account.consoleUser, password: account.consolePassword },
    baseUrl: emulator.urls.http,
    limiter,
  });
  try {
    const secret = await sms.createListSecret(); // store it like a password; the client uses it from now on
    const codes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sms.send({
          recipient: `+3933500000${String(i).padStart(2, '0')}`,
          content: `Your code is ${1000 + i}`,
          sender: 'Shop',
          campaignCode: 'otp',
        }),
      ),
    );
    const unicodeParts = smsSegments('Il tuo codice è 1234 ✅ '.repeat(4)).segments;
    const us = await sms.send({ recipient: '+12025550123', content: 'hi', sender: 'Shop' }).catch((e: unknown) => e);
    const rotated = (await sms.rotateListSecret()) !== secret;
    return {
      sent: codes.length,
      unicodeParts,
      refused: MailUpError.is(us) ? `${us.vendorCode} ${us.kind}` : 'sent?',
      rotated,
    };
  } finally {
    sms.close();
    await limiter.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
