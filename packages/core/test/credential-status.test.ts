import { describe, expect, it } from 'vitest';
import {
  CredentialCache,
  MemoryTokenStore,
  observeCredentialEvents,
  type TokenRecord,
} from '../src/credentials/index.js';
import { type CallEvent, MailUpError, ManualClock } from '../src/index.js';

// Issue 18: status() on a credential holder never renews and never calls the server; while a credential is
// renewed ahead of expiry, concurrent callers keep being served the still-valid one instead of waiting.

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** A renewal that stays in flight until `release()` is called (a slow server), counting its calls. */
function slowRenewal(clock: ManualClock) {
  let release: (() => void) | undefined;
  let calls = 0;
  let n = 0;
  const renew = async (): Promise<{ key: string; at: number }> => {
    calls++;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    n++;
    return { key: `renewed-${n}`, at: clock.now() };
  };
  return {
    renew,
    get calls() {
      return calls;
    },
    release: () => release?.(),
  };
}

function cacheWith(clock: ManualClock, renew: () => Promise<{ key: string; at: number }>, extra = {}) {
  const store = new MemoryTokenStore();
  const cache = new CredentialCache<{ key: string; at: number }>({
    store,
    key: 'k',
    protocol: 'soap',
    clock,
    renewAheadMs: 5 * MINUTE,
    renew: () => renew(),
    toRecord: (a) => ({ accessToken: a.key, obtainedAt: a.at, expiresAt: a.at + 60 * MINUTE }),
    ...extra,
  });
  return { cache, store };
}

const record = (token: string, at: number, extra: Partial<TokenRecord> = {}): TokenRecord => ({
  accessToken: token,
  obtainedAt: at,
  expiresAt: at + 60 * MINUTE,
  ...extra,
});

describe('CredentialCache.status()', () => {
  it('says absent, valid, expiring, expired with expiresAt — and never renews', async () => {
    const clock = new ManualClock(T0);
    const renewal = slowRenewal(clock);
    const { cache } = cacheWith(clock, renewal.renew);
    expect(await cache.status()).toMatchObject({ state: 'absent', present: false, renewing: false });
    await cache.save(record('first', T0));
    expect(await cache.status()).toMatchObject({
      state: 'valid',
      present: true,
      expiresAt: T0 + 60 * MINUTE,
      renewAt: T0 + 55 * MINUTE,
      renewable: true,
    });
    clock.advance(56 * MINUTE);
    expect((await cache.status()).state).toBe('expiring');
    clock.advance(10 * MINUTE);
    expect((await cache.status()).state).toBe('expired');
    expect(renewal.calls).toBe(0);
  });

  it('says reauthorization-required for an expired record that cannot be renewed (no refresh token)', async () => {
    const clock = new ManualClock(T0);
    const { cache } = cacheWith(clock, slowRenewal(clock).renew, {
      canRenew: (r: TokenRecord) => r.refreshToken !== undefined,
    });
    await cache.save(record('no-refresh', T0));
    expect(await cache.status()).toMatchObject({ state: 'valid', renewable: false });
    clock.advance(61 * MINUTE);
    expect(await cache.status()).toMatchObject({ state: 'reauthorization-required', renewable: false });
  });

  it('says reauthorization-required after the server killed the grant, until a new login is saved', async () => {
    const clock = new ManualClock(T0);
    const { cache } = cacheWith(clock, async () => {
      throw new MailUpError({ kind: 'reauthorization-required', protocol: 'oauth', message: 'invalid_grant' });
    });
    await cache.save(record('old', T0, { refreshToken: 'rt-1' }));
    clock.advance(61 * MINUTE);
    await expect(cache.get()).rejects.toMatchObject({ kind: 'reauthorization-required' });
    expect((await cache.status()).state).toBe('reauthorization-required');
    await cache.save(record('new', clock.now(), { refreshToken: 'rt-2' }));
    expect((await cache.status()).state).toBe('valid');
  });
});

describe('a renewal ahead of expiry that is slow', () => {
  it('serves the still-valid credential to concurrent callers at once; one renewal, status says renewing', async () => {
    const clock = new ManualClock(T0);
    const renewal = slowRenewal(clock);
    const { cache } = cacheWith(clock, renewal.renew);
    await cache.save(record('still-valid', T0));
    await cache.get(); // in memory
    clock.advance(56 * MINUTE); // inside the 5-minute renew-ahead window, 4 minutes before expiry
    const first = cache.get(undefined, { callId: 'starts-the-renewal' });
    await new Promise((r) => setImmediate(r));
    expect(renewal.calls).toBe(1);
    // The renewal hangs; a concurrent call is served the still-valid key without waiting for it.
    const concurrent = await Promise.race([
      cache.get().then((r) => r.accessToken),
      new Promise<string>((r) => setTimeout(() => r('waited for the renewal'), 200)),
    ]);
    expect(concurrent).toBe('still-valid');
    expect((await cache.status()).renewing).toBe(true);
    renewal.release();
    expect((await first).accessToken).toBe('renewed-1');
    expect((await cache.get()).accessToken).toBe('renewed-1');
    expect(renewal.calls).toBe(1);
  });

  it('never serves a credential the server rejected while its renewal runs', async () => {
    const clock = new ManualClock(T0);
    const renewal = slowRenewal(clock);
    const { cache } = cacheWith(clock, renewal.renew);
    await cache.save(record('rejected', T0));
    await cache.get();
    clock.advance(56 * MINUTE);
    const forced = cache.forceRenew('rejected');
    await new Promise((r) => setImmediate(r));
    const waiting = cache.get().then((r) => r.accessToken);
    const outcome = await Promise.race([waiting, new Promise<string>((r) => setTimeout(() => r('waits'), 100))]);
    expect(outcome).toBe('waits');
    renewal.release();
    await forced;
    expect(await waiting).toBe('renewed-1');
  });

  it("names the call that started a renewal in the observer's credential-renewed event", async () => {
    const clock = new ManualClock(T0);
    const renewal = slowRenewal(clock);
    const { cache } = cacheWith(clock, renewal.renew);
    const events: CallEvent[] = [];
    const stop = observeCredentialEvents(cache.events, (e) => events.push(e), {
      protocol: 'soap',
      operation: 'soap:MailupSend.LoginFromId',
      clock,
    });
    await cache.save(record('old', T0));
    clock.advance(61 * MINUTE);
    const got = cache.get(undefined, { callId: 'c-1', parentCallId: 'p-1', attempt: 1 });
    await new Promise((r) => setImmediate(r));
    renewal.release();
    await got;
    expect(events).toEqual([
      expect.objectContaining({
        type: 'credential-renewed',
        callId: 'c-1',
        parentCallId: 'p-1',
        attempt: 1,
        key: 'k',
        reason: 'ahead-of-expiry',
        operation: 'soap:MailupSend.LoginFromId',
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain('renewed-1');
    stop();
  });
});
