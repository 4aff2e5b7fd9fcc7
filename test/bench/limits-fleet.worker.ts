/**
 * One worker of the limits fleet bench: shares a Redis quota store with the other workers and calls the
 * emulator's REST `User/Lists` CALLS times through the limiter, CONCURRENCY at a time. Prints one JSON line:
 * `{ starts: number[], statuses: number[] }` (epoch ms at which each call was sent, and its HTTP status).
 * Env: EMULATOR_URL, TOKEN, REDIS_URL, CALLS, CONCURRENCY.
 */
import { Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore } from '@mailup-kit/redis';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';

async function main(): Promise<void> {
  const { EMULATOR_URL, TOKEN, REDIS_URL } = process.env;
  if (!EMULATOR_URL || !TOKEN || !REDIS_URL) throw new Error('EMULATOR_URL, TOKEN and REDIS_URL are required');
  const calls = Number(process.env.CALLS ?? 75);
  const concurrency = Number(process.env.CONCURRENCY ?? 5);
  const store = new RedisQuotaStore({ redis: REDIS_URL });
  const limiter = new Limiter({ store, account: 51234, maxWaitMs: 120_000, maxQueue: calls + 1 });
  const starts: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < calls) {
      next++;
      const status = await limiter.run({ protocol: 'rest', operation: 'GET Console/User/Lists' }, async () => {
        starts.push(Date.now());
        const res = await fetch(`${EMULATOR_URL}${LISTS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        await res.arrayBuffer();
        return res.status;
      });
      statuses.push(status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await limiter.close();
  await store.close();
  process.stdout.write(`${JSON.stringify({ starts, statuses })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
