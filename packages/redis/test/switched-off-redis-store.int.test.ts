import { ManualClock } from '@mailup-kit/core';
import { RedisSwitchedOffStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis switched-off store tests') !== undefined;

describe.skipIf(!available)('RedisSwitchedOffStore against a real redis-server', () => {
  let server: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    admin.on('error', () => {});
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  it('one worker remembers, another sees it; Redis drops the key when its time to live ends', async () => {
    const clock = new ManualClock(Date.now());
    const a = new RedisSwitchedOffStore({ redis: server.url, prefix: 'so1:', clock });
    const b = new RedisSwitchedOffStore({ redis: server.url, prefix: 'so1:', clock });
    try {
      await a.set('51234', 'frontend', {
        kind: 'ip-not-allowed',
        until: clock.now() + 60_000,
        operation: 'frontend:xmlSubscribe',
      });
      expect(await b.get('51234', 'frontend')).toEqual({
        kind: 'ip-not-allowed',
        until: clock.now() + 60_000,
        operation: 'frontend:xmlSubscribe',
      });
      expect(await b.get('51234', 'rest')).toBeUndefined();
      expect(await b.get('99999', 'frontend')).toBeUndefined();
      const ttl = await admin.pttl('so1:51234:frontend');
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      clock.advance(60_000); // past `until` on the facade's clock: absent even before Redis expires it
      expect(await b.get('51234', 'frontend')).toBeUndefined();
      await a.set('51234', 'soap', { kind: 'service-disabled', until: clock.now() + 60_000 });
      await b.delete('51234', 'soap');
      expect(await a.get('51234', 'soap')).toBeUndefined();
      await a.set('51234', 'import', { kind: 'service-disabled', until: clock.now() - 1 }); // already over: not stored
      expect(await admin.exists('so1:51234:import')).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses an entry that is not a switch-off, and reads a foreign value as nothing remembered', async () => {
    const store = new RedisSwitchedOffStore({ redis: server.url, prefix: 'so2:' });
    try {
      await expect(
        store.set('1', 'rest', { kind: 'throttled' as never, until: Date.now() + 1000 }),
      ).rejects.toMatchObject({ kind: 'validation' });
      await admin.set('so2:1:rest', 'not json');
      expect(await store.get('1', 'rest')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('an unreachable Redis is a transient MailUpError', async () => {
    const store = new RedisSwitchedOffStore({
      redis: 'redis://127.0.0.1:1',
      redisOptions: { retryStrategy: () => null },
    });
    try {
      await expect(store.get('1', 'rest')).rejects.toMatchObject({ kind: 'transient' });
    } finally {
      await store.close();
    }
  });
});
