/** Child process of the Redis fleet test: N parallel reservations on one key; prints how many were granted. */
import { RedisQuotaStore } from '../../src/quota/redis-quota-store.js';

const [url, count, key] = process.argv.slice(2);
const store = new RedisQuotaStore({ redis: url as string });
const windows = [{ type: 'sliding' as const, id: '1h', limit: 30, periodMs: 3_600_000 }];
const results = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    store.reserve({ key: key as string, windows, cost: 1, id: `${process.pid}-${i}` }),
  ),
);
await store.close();
process.stdout.write(`${results.filter((r) => r.ok).length}\n`);
