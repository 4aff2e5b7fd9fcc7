import { MailUpError } from '@mailup-kit/core';
import { RedisTokenStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis token lost-reply test') !== undefined;

describe.skipIf(!available)('RedisTokenStore when the answer to taking the lock is lost (a command timeout)', () => {
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

  it('a lock taken on Redis after its caller timed out is released, not held for its whole lease', async () => {
    const store = new RedisTokenStore({
      redis: server.url,
      prefix: 'lostlock:',
      redisOptions: { commandTimeout: 200 },
    });
    const other = new RedisTokenStore({ redis: server.url, prefix: 'lostlock:' });
    try {
      await store.get('k'); // connected
      await admin.call('CLIENT', 'PAUSE', '600', 'ALL'); // Redis queues the SET NX and runs it after the pause
      const error = await store.lock('k', { ttlMs: 30_000, waitMs: 0 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(MailUpError.is(error, 'transient')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Nobody holds it: the next process takes it at once instead of waiting 30 s for a renewal nobody makes.
      expect(await admin.exists('lostlock:{k}:lock')).toBe(0);
      const lock = await other.lock('k', { ttlMs: 30_000, waitMs: 0 });
      await lock.release();
    } finally {
      await store.close();
      await other.close();
    }
  });
});
