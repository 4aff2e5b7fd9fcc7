import { MailUpError } from '@mailup-kit/core';
import { describeTokenStoreConformance } from '@mailup-kit/core/testing';
import { RedisTokenStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis token store tests') !== undefined;

describe.skipIf(!available)('RedisTokenStore against a real redis-server', () => {
  let server: TestRedis;
  let admin: Redis;
  let n = 0;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    admin.on('error', () => {});
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  describeTokenStoreConformance('RedisTokenStore', {
    shared: true,
    backing: () => {
      const prefix = `t${++n}:`;
      return { open: () => new RedisTokenStore({ redis: server.url, prefix }) };
    },
  });

  it('keeps a record and its lock in one hash slot, with the lock released only by its holder', async () => {
    const store = new RedisTokenStore({ redis: server.url, prefix: 'slot:' });
    await store.compareAndSet('51234:{weird}', 0, { accessToken: 'a', expiresAt: 2, obtainedAt: 1 });
    const lock = await store.lock('51234:{weird}', { ttlMs: 10_000 });
    const keys = (await admin.keys('slot:*')).sort();
    expect(keys).toEqual(['slot:{51234:%7Bweird%7D}', 'slot:{51234:%7Bweird%7D}:lock']);
    expect(await admin.pttl('slot:{51234:%7Bweird%7D}:lock')).toBeGreaterThan(9_000);
    await admin.set('slot:{51234:%7Bweird%7D}:lock', 'someone-else');
    await lock.release(); // not ours any more: must not delete it
    expect(await admin.get('slot:{51234:%7Bweird%7D}:lock')).toBe('someone-else');
    await store.close();
  });

  it('fails as a transient MailUpError when Redis is down, and works again after it comes back', async () => {
    const store = new RedisTokenStore({ redis: server.url, prefix: 'outage:' });
    await store.compareAndSet('k', 0, { accessToken: 'a', expiresAt: 2, obtainedAt: 1 });
    await server.kill();
    try {
      const error = await store.get('k').catch((e: unknown) => e);
      expect(MailUpError.is(error, 'transient')).toBe(true);
      expect(String((error as Error).message)).toMatch(/Redis/);
    } finally {
      await server.restart();
    }
    expect(await store.compareAndSet('k', 0, { accessToken: 'b', expiresAt: 2, obtainedAt: 1 })).toEqual({
      ok: true,
      version: 1,
    });
    await store.close();
  });

  it('validates its input: nothing is written', async () => {
    expect(() => new RedisTokenStore({ redis: 42 as unknown as string })).toThrow(/Redis URL/);
    const store = new RedisTokenStore({ redis: server.url, prefix: 'val:' });
    await expect(store.compareAndSet('k', -1, { accessToken: 'a', expiresAt: 2, obtainedAt: 1 })).rejects.toThrow(
      /expectedVersion/,
    );
    expect(await admin.keys('val:*')).toEqual([]);
    await store.close();
  });
});
