import { MailUpError } from '@mailup-kit/core';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis quota lost-reply tests') !== undefined;

const DAY = 86_400_000;
const KEY = '51234:soap:CreateNewsletter';
const daily = [{ type: 'sliding' as const, id: '24h', limit: 100, periodMs: DAY }];

describe.skipIf(!available)('RedisQuotaStore when a reservation answer is lost (a command timeout)', () => {
  let server: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  /** Holds every other client's commands for `ms` (Redis queues them and runs them after the pause). */
  const stall = (ms: number) => admin.call('CLIENT', 'PAUSE', String(ms), 'ALL');
  const used = async (store: RedisQuotaStore, key: string) => {
    const usage = await store.inspect(key, daily);
    return 100 - usage.remaining;
  };

  it('a reserve whose answer timed out holds no unit once Redis runs it: the failure is withdrawn, not counted', async () => {
    const store = new RedisQuotaStore({
      redis: server.url,
      prefix: 'lost1:',
      restartGuard: false,
      redisOptions: { commandTimeout: 200 },
    });
    try {
      // the script is loaded (a first EVALSHA would meet NOSCRIPT after the pause and change nothing)
      expect((await store.reserve({ key: 'warm', windows: daily, cost: 1, id: 'w' })).ok).toBe(true);
      await stall(600);
      const error = await store.reserve({ key: KEY, windows: daily, cost: 1, id: 'r1' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(MailUpError.is(error, 'transient')).toBe(true);
      // Redis ran the queued script after the pause; the store must not keep the unit its caller was told it lacks.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await used(store, KEY)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a reservation sent again with the same id (a re-sent command) is granted once, never counted twice or refused by itself', async () => {
    const store = new RedisQuotaStore({ redis: server.url, prefix: 'lost3:', restartGuard: false });
    const one = [{ type: 'sliding' as const, id: '24h', limit: 1, periodMs: DAY }];
    try {
      expect((await store.reserve({ key: KEY, windows: one, cost: 1, id: 'same' })).ok).toBe(true);
      expect((await store.reserve({ key: KEY, windows: one, cost: 1, id: 'same' })).ok).toBe(true);
      expect((await store.inspect(KEY, one)).remaining).toBe(0);
      expect((await store.reserve({ key: KEY, windows: one, cost: 1, id: 'other' })).ok).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('a caller that retries what the store failed (nothing was sent) still gets exactly 100 units a day', async () => {
    const store = new RedisQuotaStore({
      redis: server.url,
      prefix: 'lost2:',
      restartGuard: false,
      redisOptions: { commandTimeout: 200 },
    });
    let seq = 0;
    /** One reservation as the limiter makes it (a fresh id each time): 'ok', 'blocked' or the error kind. */
    const reserve = () =>
      store.reserve({ key: KEY, windows: daily, cost: 1, id: `call-${++seq}` }).then(
        (r) => (r.ok ? 'ok' : 'blocked'),
        (e: unknown) => (MailUpError.is(e) ? e.kind : 'unknown'),
      );
    try {
      for (let i = 0; i < 10; i++) expect(await reserve()).toBe('ok');
      await stall(600);
      // their answers are lost (the first ones at least; later ones may run after the stall)
      const during = await Promise.all(Array.from({ length: 3 }, reserve));
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(during).toContain('transient');
      const after: string[] = [];
      for (let i = 0; i < 120; i++) after.push(await reserve());
      const okDuring = during.filter((o) => o === 'ok').length;
      // every unit of the day went to a caller that was told so: 10 + those of the stall + the rest = 100
      expect(10 + okDuring + after.filter((o) => o === 'ok').length).toBe(100);
      expect(after.slice(90 - okDuring)).toEqual(Array(30 + okDuring).fill('blocked'));
    } finally {
      await store.close();
    }
  });
});
