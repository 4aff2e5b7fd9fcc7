import { MAX_QUOTA_PAUSE_MS } from '@mailup-kit/core/quota';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { describeLimiterConformance } from '@mailup-kit/testkit/limiter-suite';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSE_SCRIPT } from '../src/quota/reserve-script.js';

const available = needsProgram(REDIS_SERVER, 'the Redis quota store tests') !== undefined;

describe.skipIf(!available)('RedisQuotaStore against a real redis-server', () => {
  let server: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    admin.on('error', () => {}); // the outage test kills the server under it
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  describeQuotaStoreConformance('redis', {
    shared: true,
    open: async (clock) => new RedisQuotaStore({ redis: server.url, clock }),
    outage: { begin: () => server.kill(), end: () => server.restart() },
  });

  let prefix = 'limiter0:';
  let n = 0;
  describeLimiterConformance('redis', {
    shared: true,
    reset: async () => {
      prefix = `limiter${++n}:`;
    },
    open: async (clock) => new RedisQuotaStore({ redis: server.url, clock, prefix }),
    outage: { begin: () => server.kill(), end: () => server.restart() },
  });

  it('keeps every key of one policy key in one hash slot, with limits passed per call', async () => {
    const store = new RedisQuotaStore({ redis: server.url });
    const key = '51234:rest:POST Console/Email/Sendings/{id}/Stop';
    const windows = [
      { type: 'sliding' as const, id: '30000ms', limit: 1, periodMs: 30_000 },
      { type: 'sliding' as const, id: '24h', limit: 10, periodMs: 86_400_000 },
    ];
    expect((await store.reserve({ key, windows, cost: 1, id: 'r1' })).ok).toBe(true);
    expect((await store.reserve({ key, windows, cost: 1, id: 'r2' })).ok).toBe(false);
    // Limits come from the call, not from Redis: the same key with a larger limit lets a second call in.
    const wider = [{ ...windows[0], limit: 2 }, windows[1]] as typeof windows;
    expect((await store.reserve({ key, windows: wider, cost: 1, id: 'r3' })).ok).toBe(true);
    await store.pause(key, 10_000);
    const names = await admin.keys(
      `mailup:quota:{${hashTag('{51234:rest:POST Console/Email/Sendings/%7Bid%7D/Stop}')}}*`,
    );
    const slots = new Set(
      await Promise.all(names.map((n) => admin.call('CLUSTER', 'KEYSLOT', n).catch(() => hashTag(n)))),
    );
    expect(names.length).toBe(3);
    expect(slots.size).toBe(1);
    expect(await store.keys('51234:rest:POST')).toEqual([key]);
    await store.close();
  });

  it('clamps a pause inside the Lua script too (a direct call cannot persist an absurd time)', async () => {
    const now = 1_774_692_000_000;
    const key = `lua${Date.now()}:p`;
    const until = (ms: string) => admin.eval(PAUSE_SCRIPT, 1, key, String(now), ms, String(MAX_QUOTA_PAUSE_MS));
    expect(Number(await until('nan'))).toBe(now);
    expect(Number(await until('-5000'))).toBe(now);
    expect(Number(await until('999999999000'))).toBe(now + MAX_QUOTA_PAUSE_MS);
    expect(Number(await admin.get(key))).toBe(now + MAX_QUOTA_PAUSE_MS);
  });

  it('uses Redis TIME when no clock is injected, and reloads the script after SCRIPT FLUSH (NOSCRIPT)', async () => {
    const store = new RedisQuotaStore({ redis: server.url });
    const [seconds] = (await admin.time()) as unknown as [string, string];
    const windows = [{ type: 'sliding' as const, id: '1s', limit: 1, periodMs: 1000 }];
    const first = await store.reserve({ key: 't:rest:GET A', windows, cost: 1, id: 'a' });
    expect(first.ok).toBe(true);
    expect(Math.abs(first.now - Number(seconds) * 1000)).toBeLessThan(5000);
    await admin.script('FLUSH');
    const second = await store.reserve({ key: 't:rest:GET A', windows, cost: 1, id: 'b' });
    expect(second).toMatchObject({ ok: false, blockedBy: '1s' });
    await store.close();
  });
});

function hashTag(name: string): string {
  const open = name.indexOf('{');
  const close = name.indexOf('}', open + 1);
  return name.slice(open + 1, close);
}
