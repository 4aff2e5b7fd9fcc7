import { fileURLToPath } from 'node:url';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('./quota-fixtures/reserver.ts', import.meta.url));
const available = needsProgram(REDIS_SERVER, 'the Redis fleet test') !== undefined;

const reserveIn = async (url: string, count: number, key: string) =>
  Number(await runTsxChild(worker, [url, String(count), key]));

describe.skipIf(!available)('RedisQuotaStore shared by several processes', () => {
  let server: TestRedis;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => server?.stop());

  it('never grants more than the limit across 4 processes reserving at once', async () => {
    const key = '51234:soap:CreateNewsletter';
    const granted = await Promise.all([1, 2, 3, 4].map(() => reserveIn(server.url, 15, key)));
    expect(granted.reduce((a, b) => a + b, 0)).toBe(30);
    const store = new RedisQuotaStore({ redis: server.url });
    const usage = await store.inspect(key, [{ type: 'sliding', id: '1h', limit: 30, periodMs: 3_600_000 }]);
    expect(usage.windows[0]).toMatchObject({ used: 30, remaining: 0 });
    await store.close();
  });
});
