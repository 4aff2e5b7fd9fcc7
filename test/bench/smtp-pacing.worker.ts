/**
 * One worker of the SMTP pacing bench: shares a Redis quota store with the other workers and sends through the
 * SMTP+ relay (paced by `levelOfService.smtp = PER_HOUR`) from START until DEADLINE (epoch ms). Prints one JSON
 * line: `{ sent: number, acquiredAt: number[] }`.
 * Env: SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_CA, REDIS_URL, PER_HOUR, START, DEADLINE, LANES.
 */
import { MailUpError } from '@mailup-kit/core';
import { Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { SmtpPlusRelay } from '@mailup-kit/smtp';

async function main(): Promise<void> {
  const env = process.env;
  const start = Number(env.START);
  const deadline = Number(env.DEADLINE);
  const store = new RedisQuotaStore({ redis: env.REDIS_URL ?? '' });
  const limiter = new Limiter({
    store,
    account: 51234,
    policy: { levelOfService: { smtp: Number(env.PER_HOUR) } },
    maxWaitMs: deadline - Date.now() + 60_000,
  });
  const relay = new SmtpPlusRelay({
    user: env.SMTP_USER ?? '',
    password: env.SMTP_PASS ?? '',
    host: env.SMTP_HOST ?? '',
    port: Number(env.SMTP_PORT),
    tls: { ca: env.SMTP_CA ?? '' },
    servername: 'localhost',
    limiter,
  });
  const acquiredAt: number[] = [];
  relay.pipeline.stack.add(
    async (_ctx, next) => {
      acquiredAt.push(Date.now());
      return next();
    },
    { step: 'auth', name: 'bench:stamp', position: 'first' },
  );
  // Connect to Redis (and load its script) before the measured span, not on the first release inside it.
  await store.inspect('bench:warm-up', []);
  const stop = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
  await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now())));
  let sent = 0;
  const lane = async (n: number) => {
    while (!stop.aborted) {
      try {
        await relay.send(
          { from: 'bench@example.com', to: `w${process.pid}-${n}@example.com`, subject: 'pace', text: 'x' },
          { signal: stop },
        );
        sent++;
      } catch (error) {
        if (MailUpError.is(error, 'aborted') || stop.aborted) break;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Number(env.LANES ?? 8) }, (_, i) => lane(i)));
  relay.close();
  await limiter.close();
  await store.close();
  process.stdout.write(`${JSON.stringify({ sent, acquiredAt })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
