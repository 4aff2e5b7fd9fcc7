import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter, type QuotaStoreFailure } from '@mailup-kit/limits';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { SoapClient } from '@mailup-kit/soap';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the quota-settle test') !== undefined;

/**
 * Issue 16 item 8: the Redis quota store dies while a call is at the vendor. The vendor's answer is the truth: the
 * call resolves with it (the newsletter id is not lost, the read is not sent again) and the store's failure is
 * reported aside.
 */
describe.skipIf(!available)('a real redis-server killed while a SOAP call is at the emulator', () => {
  let emulator: RunningEmulator;
  let redis: TestRedis;
  let store: RedisQuotaStore;
  let limiter: Limiter;
  let soap: SoapClient;
  let failures: QuotaStoreFailure[];
  let killed = false;
  const kill = async () => {
    killed = true;
    await redis.kill();
  };
  const count = (name: string) => emulator.control.counters()[name] ?? 0;

  beforeAll(async () => {
    emulator = await startEmulator();
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
    await emulator?.close();
  });
  beforeEach(async () => {
    if (killed) await redis.restart();
    killed = false;
    failures = [];
    store = new RedisQuotaStore({ redis: redis.url });
    limiter = new Limiter({ store, account: emulator.store.seeded.id, onStoreFailure: (f) => failures.push(f) });
    const { apiUser, apiPassword } = emulator.store.seeded;
    soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http, limiter });
    await soap.getLists(); // logged in, the Redis connection warm
  });
  afterEach(async () => {
    await soap.close();
    await limiter.close();
    await store.close();
    emulator.control.reset();
  });

  /** Holds `operation`'s answer at the emulator (it is applied) while redis-server is killed. */
  async function killDuring<T>(operation: string, call: () => Promise<T>): Promise<T | MailUpError> {
    emulator.control.addFault({
      protocol: 'soap',
      operation,
      phase: 'after-apply',
      action: { type: 'delay', ms: 600 },
    });
    const before = count(`soap ${operation}`);
    const pending = call().catch((e: unknown) => e as MailUpError);
    while (count(`soap ${operation}`) === before) await new Promise((r) => setTimeout(r, 5));
    await kill();
    return pending;
  }

  it('an accepted CreateNewsletter resolves with its id; the settle failure is reported aside', async () => {
    const before = count('soap CreateNewsletter');
    const created = await killDuring('CreateNewsletter', () =>
      soap.send.call('CreateNewsletter', { listID: 1, subject: 'Kept', type: 'HTML', content: '<p>x</p>' }),
    );
    expect(MailUpError.is(created)).toBe(false);
    expect(Number((created as unknown as { data: { newsletterID: unknown } }).data.newsletterID)).toBeGreaterThan(0);
    expect(count('soap CreateNewsletter')).toBe(before + 1);
    expect(failures.map((f) => [f.step, f.operation])).toEqual([['settle', 'CreateNewsletter']]);
    expect(MailUpError.is(failures[0]?.error, 'transient')).toBe(true);
    expect(limiter.stats().storeFailures).toBe(1);
  });

  it('a GetLists answered once is sent once (the settle failure is not a retryable error of the call)', async () => {
    const before = count('soap GetLists');
    const lists = await killDuring('GetLists', () => soap.getLists());
    expect(MailUpError.is(lists)).toBe(false);
    expect((lists as unknown[]).length).toBeGreaterThan(0);
    expect(count('soap GetLists')).toBe(before + 1);
    expect(failures.map((f) => f.step)).toEqual(['settle']);
  });

  it('with Redis down before the call, nothing is sent (the reservation fails closed)', async () => {
    await kill();
    const before = count('soap GetLists');
    const error = await soap.getLists().catch((e: unknown) => e);
    expect(MailUpError.is(error, 'transient')).toBe(true);
    expect(count('soap GetLists')).toBe(before);
  });
});
