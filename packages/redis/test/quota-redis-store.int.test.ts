import { type Logger, MAX_QUOTA_PAUSE_MS, MailUpError, ManualClock, restError } from '@mailup-kit/core';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
import { Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis, type TestRedis } from '../../../test/support/redis-server.js';
import { PAUSE_SCRIPT } from '../src/quota/reserve-script.js';

const available = hasRedisServer();
if (!available)
  console.warn('skipping the Redis quota store tests: no redis-server on the PATH (apt install redis-server)');

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

  it('rolls a Europe/Rome calendar day over at local midnight through the Limiter (injected clock)', async () => {
    const clock = new ManualClock(Date.UTC(2026, 9, 24, 21, 30)); // 23:30 in Rome, the night before DST ends
    const store = new RedisQuotaStore({ redis: server.url, clock, prefix: `cal${Date.now()}:` });
    const limiter = new Limiter({ clock, store, account: 51234, policy: { daily: { calendar: {} } } });
    const create = { protocol: 'soap' as const, operation: 'CreateNewsletter' };
    for (let i = 0; i < 100; i++) await limiter.acquire(create);
    const refused = await limiter.acquire(create).catch((e: unknown) => e);
    expect(MailUpError.is(refused, 'quota-exhausted')).toBe(true);
    expect((refused as MailUpError).availableAt).toBe(Date.UTC(2026, 9, 24, 22));
    await clock.set(Date.UTC(2026, 9, 24, 22));
    await expect(limiter.acquire(create)).resolves.toMatchObject({ key: '51234:soap:CreateNewsletter' });
    const report = await limiter.inspectCall(create);
    expect(report?.windows[0]).toMatchObject({ id: 'day', used: 1, remaining: 99 });
    // The new day is the 25-hour one (DST ends at 03:00 local): it ends at the next local midnight, 23:00 UTC.
    const [today] = limiter.policy.windowsOf(limiter.policy.row('soap', 'CreateNewsletter')!, clock.now());
    expect(today).toEqual({
      type: 'fixed',
      id: 'day',
      limit: 100,
      start: Date.UTC(2026, 9, 24, 22),
      end: Date.UTC(2026, 9, 25, 23),
    });
    await limiter.close();
    await store.close();
  });

  it('caps an absurd Retry-After at maxServerPauseMs through the Limiter, shared by the fleet, warned once', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 28, 10));
    const prefix = `clamp${Date.now()}:`;
    const store = new RedisQuotaStore({ redis: server.url, clock, prefix });
    const worker = new RedisQuotaStore({ redis: server.url, clock, prefix });
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (_f, m) => warnings.push(String(m)),
    };
    const limiter = new Limiter({ clock, store, account: 51234, logger });
    const peer = new Limiter({ clock, store: worker, account: 51234 });
    const call = { protocol: 'rest' as const, operation: 'GET Console/User/Lists' };
    const absurd = () => restError(429, '', { headers: { 'retry-after': '999999999' } });
    await expect(limiter.run(call, async () => Promise.reject(absurd()))).rejects.toMatchObject({ kind: 'throttled' });
    await expect(limiter.run(call, async () => 'sent')).rejects.toMatchObject({ kind: 'quota-exhausted' });
    expect(await limiter.feedback(call, absurd())).toBe(true); // a second worker's 429: no second warning
    expect((await peer.inspectCall(call))?.pausedUntil).toBe(clock.now() + 300_000);
    const name = `${prefix}{51234:rest:GET Console/User/Lists}:p`;
    expect(Number(await admin.get(name))).toBe(clock.now() + 300_000);
    expect(warnings.filter((m) => /clamped/.test(m))).toHaveLength(1);
    await limiter.close();
    await peer.close();
    await store.close();
    await worker.close();
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

  it('makes the Limiter fail closed (transient, nothing sent) while Redis is down', async () => {
    const store = new RedisQuotaStore({ redis: server.url });
    const limiter = new Limiter({ store, account: 51234 });
    const call = { protocol: 'rest' as const, operation: 'GET Console/User/Lists' };
    await limiter.acquire(call);
    await server.kill();
    let sent = false;
    try {
      const error = await limiter
        .run(call, async () => {
          sent = true;
        })
        .catch((e: unknown) => e);
      expect(MailUpError.is(error, 'transient')).toBe(true);
      expect(String((error as Error).message)).toMatch(/failing closed/);
      expect(sent).toBe(false);
    } finally {
      await server.restart();
    }
    await limiter.close();
    await store.close();
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
