import { MailUpError, ManualClock } from '@mailup-kit/core';
import type { QuotaWindow } from '@mailup-kit/core/quota';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis restart-guard tests') !== undefined;

const T0 = Date.UTC(2026, 2, 28, 10, 0, 0);
const DAY = 86_400_000;
const daily: QuotaWindow[] = [{ type: 'sliding', id: '24h', limit: 100, periodMs: DAY }];
const rate: QuotaWindow[] = [{ type: 'sliding', id: '1000ms', limit: 5, periodMs: 1000 }];

describe.skipIf(!available)('RedisQuotaStore restart guard against a real redis-server', () => {
  let redis: TestRedis;
  let n = 0;
  const stores: RedisQuotaStore[] = [];
  const open = (options: Partial<ConstructorParameters<typeof RedisQuotaStore>[0]> = {}) => {
    const store = new RedisQuotaStore({ redis: redis.url, ...options });
    stores.push(store);
    return store;
  };
  const reserve = (store: RedisQuotaStore, key: string, windows: QuotaWindow[]) =>
    store.reserve({ key, windows, cost: 1, id: `r${++n}` });
  const restartEmpty = async () => {
    await redis.kill();
    await redis.restart();
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('a store that saw the marker detects the empty restart: the day grants its allowance, then waits a day', async () => {
    const clock = new ManualClock(T0);
    const store = open({ clock, restartGuard: { allowance: 0.1, checkEveryMs: 0 } });
    for (let i = 0; i < 100; i++) expect((await reserve(store, '1:soap:CreateNewsletter', daily)).ok).toBe(true);
    expect((await reserve(store, '1:soap:CreateNewsletter', daily)).ok).toBe(false);
    await restartEmpty();
    clock.advance(60_000);
    // 10 % of the day while it is rebuilding, then nothing until a full day after Redis came back.
    for (let i = 0; i < 10; i++) expect((await reserve(store, '1:soap:CreateNewsletter', daily)).ok).toBe(true);
    const refused = await reserve(store, '1:soap:CreateNewsletter', daily);
    expect(refused.ok).toBe(false);
    // Rate windows rebuild within their own period.
    clock.advance(1_000);
    expect((await reserve(store, '1:rest:GET Console/User/Lists', rate)).ok).toBe(true);
    // A new process reads the marker the detector wrote and refuses too (past the 10 it may not know of).
    const fresh = open({ clock, restartGuard: { checkEveryMs: 0 } });
    const blocked = await reserve(fresh, '1:soap:CreateNewsletter', daily);
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) {
      expect(blocked.blockedBy).toMatch(/rebuilding/);
      expect(blocked.retryAt).toBeGreaterThan(clock.now() + DAY - 5 * 60_000);
    }
    clock.advance(DAY);
    expect((await reserve(fresh, '1:soap:CreateNewsletter', daily)).ok).toBe(true);
  });

  it("a fresh Redis is trusted by default (a new deployment), rebuilt with unknownHistory: 'rebuild'", async () => {
    await restartEmpty();
    const clock = new ManualClock(T0);
    const strict = open({ clock, prefix: 'strict:', restartGuard: { unknownHistory: 'rebuild', checkEveryMs: 0 } });
    expect((await reserve(strict, '2:soap:CreateNewsletter', daily)).ok).toBe(false);
    await restartEmpty();
    const trusting = open({ clock, prefix: 'trusting:' });
    expect((await reserve(trusting, '2:soap:CreateNewsletter', daily)).ok).toBe(true);
  });

  it('restartGuard: false keeps the old behaviour (the day is granted again after an empty restart)', async () => {
    const clock = new ManualClock(T0);
    const store = open({ clock, prefix: 'off:', restartGuard: false });
    for (let i = 0; i < 100; i++) await reserve(store, '3:soap:CreateNewsletter', daily);
    await restartEmpty();
    expect((await reserve(store, '3:soap:CreateNewsletter', daily)).ok).toBe(true);
  });

  it('refuses bad guard options with a validation error', () => {
    for (const restartGuard of [{ allowance: 2 }, { checkEveryMs: -1 }, { unknownHistory: 'maybe' as never }]) {
      const error = (() => {
        try {
          open({ restartGuard });
        } catch (e) {
          return e;
        }
      })();
      expect(MailUpError.is(error, 'validation')).toBe(true);
    }
  });
});
