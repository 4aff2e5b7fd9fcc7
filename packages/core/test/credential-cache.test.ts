import { describe, expect, it } from 'vitest';
import {
  CredentialCache,
  type CredentialCacheOptions,
  type CredentialRefreshedEvent,
  MemoryTokenStore,
  type ReauthorizationRequiredEvent,
  type RenewCall,
  secretFingerprint,
  type TokenRecord,
  type TokenStore,
} from '../src/credentials/index.js';
import { MailUpError, ManualClock } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const KEY_LIFE_MS = 60 * MINUTE;

/** What a SOAP-style LoginFromId answers: an access key with no refresh token. */
interface AccessKey {
  key: string;
  issuedAt: number;
}

/**
 * A fake SOAP login: re-logs in with username + password (never from the current record) and issues an access
 * key with a fixed 60-minute life. Records every login.
 */
function fakeLogin(clock: ManualClock) {
  let n = 0;
  const logins: Array<{ current: TokenRecord; call: RenewCall }> = [];
  let failWith: (() => unknown) | undefined;
  const renew = async (current: TokenRecord, call: RenewCall): Promise<AccessKey> => {
    logins.push({ current, call });
    await Promise.resolve();
    if (failWith) throw failWith();
    n++;
    return { key: `key-${n}`, issuedAt: clock.now() };
  };
  return {
    renew,
    logins,
    fail(make: (() => unknown) | undefined) {
      failWith = make;
    },
  };
}

function accessKeyCache(store: TokenStore, clock: ManualClock, login: ReturnType<typeof fakeLogin>, extra = {}) {
  const options: CredentialCacheOptions<AccessKey> = {
    store,
    key: 'soap:m51234',
    protocol: 'soap',
    name: 'AccessKeys',
    label: 'access key',
    clock,
    renewAheadMs: 5 * MINUTE,
    renew: login.renew,
    toRecord: (answer) => ({
      accessToken: answer.key,
      obtainedAt: answer.issuedAt,
      expiresAt: answer.issuedAt + KEY_LIFE_MS,
    }),
    ...extra,
  };
  return new CredentialCache<AccessKey>(options);
}

async function setupAccessKey() {
  const clock = new ManualClock(T0);
  const store = new MemoryTokenStore({ clock });
  const login = fakeLogin(clock);
  const cache = accessKeyCache(store, clock, login);
  const refreshed: CredentialRefreshedEvent[] = [];
  const reauth: ReauthorizationRequiredEvent[] = [];
  cache.events.on('refreshed', (e) => refreshed.push(e));
  cache.events.on('reauthorization-required', (e) => reauth.push(e));
  await cache.save({ accessToken: 'key-0', obtainedAt: T0, expiresAt: T0 + KEY_LIFE_MS });
  return { clock, store, login, cache, refreshed, reauth };
}

describe('CredentialCache with a SOAP-style access key (no refresh token, fixed 60-minute life, re-login)', () => {
  it('serves the stored key from memory while it is fresh, without logging in', async () => {
    const { cache, login, clock } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS - 5 * MINUTE - 1);
    expect((await cache.get()).accessToken).toBe('key-0');
    expect(login.logins).toEqual([]);
  });

  it('renews ahead of expiry with ONE re-login for 30 concurrent callers, saved before anyone gets the new key', async () => {
    const { cache, login, clock, store, refreshed } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS - 5 * MINUTE); // inside the renew-ahead window
    const versions: Array<number | undefined> = [];
    const keys = await Promise.all(
      Array.from({ length: 30 }, () =>
        cache.get().then(async (record) => {
          versions.push((await store.get('soap:m51234'))?.version);
          return record.accessToken;
        }),
      ),
    );
    expect(login.logins).toHaveLength(1);
    expect(login.logins[0]?.current.accessToken).toBe('key-0');
    expect(login.logins[0]?.current.refreshToken).toBeUndefined();
    expect(new Set(keys)).toEqual(new Set(['key-1']));
    expect(new Set(versions)).toEqual(new Set([2]));
    expect((await store.get('soap:m51234'))?.record).toMatchObject({
      accessToken: 'key-1',
      expiresAt: clock.now() + KEY_LIFE_MS,
    });
    expect(refreshed).toEqual([
      { key: 'soap:m51234', version: 2, expiresAt: clock.now() + KEY_LIFE_MS, reason: 'ahead-of-expiry' },
    ]);
  });

  it('an expired-key answer renews ONCE however many callers report the same rejected key', async () => {
    const { cache, login, refreshed } = await setupAccessKey();
    await Promise.all([cache.forceRenew('key-0'), cache.forceRenew('key-0'), cache.forceRenew('key-0')]);
    await cache.forceRenew('key-0'); // a late report of the same key: already replaced
    expect(login.logins).toHaveLength(1);
    expect((await cache.get()).accessToken).toBe('key-1');
    expect(refreshed.map((e) => e.reason)).toEqual(['rejected-by-server']);
  });

  it('two caches (two processes) on one store renew once: the second re-reads under the lock', async () => {
    const { cache, login, clock, store } = await setupAccessKey();
    const other = accessKeyCache(store, clock, login);
    expect((await other.get()).accessToken).toBe('key-0');
    await clock.advance(KEY_LIFE_MS);
    const [a, b] = await Promise.all([cache.get(), other.get()]);
    expect(login.logins).toHaveLength(1);
    expect([a.accessToken, b.accessToken]).toEqual(['key-1', 'key-1']);
  });

  it('a re-login whose answer is lost is no reason to re-authorize: no single-use secret was spent, the next call logs in again', async () => {
    const { cache, login, clock, reauth } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS);
    login.fail(
      () =>
        new MailUpError({ kind: 'ambiguous', protocol: 'soap', message: 'socket hang up after the request was sent' }),
    );
    const error = await cache.get().catch((e: unknown) => e);
    expect(MailUpError.is(error, 'ambiguous')).toBe(true);
    login.fail(undefined);
    expect((await cache.get()).accessToken).toBe('key-1');
    expect(login.logins).toHaveLength(2);
    expect(reauth).toEqual([]);
  });

  it('a failed re-login ahead of expiry keeps serving the still-valid key', async () => {
    const { cache, login, clock } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS - MINUTE);
    login.fail(
      () =>
        new MailUpError({
          kind: 'transient',
          protocol: 'soap',
          message: 'ECONNREFUSED',
          sent: 'no',
        }),
    );
    expect((await cache.get()).accessToken).toBe('key-0');
  });

  it('keeps a key the server issued in memory when the store fails, serves it, and saves it later', async () => {
    const { cache, login, clock, store } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS);
    const unsaved: string[] = [];
    cache.events.on('unsaved', (e) => unsaved.push(e.message));
    const down = new MailUpError({ kind: 'transient', protocol: 'soap', message: 'store unreachable' });
    const realCas = store.compareAndSet.bind(store);
    let broken = true;
    store.compareAndSet = (...args) => (broken ? Promise.reject(down) : realCas(...args));
    const got = cache.get();
    let settled = false;
    void got.finally(() => (settled = true)).catch(() => undefined);
    while (!settled) await clock.advance(100); // the save's backoff sleeps on the cache's clock
    expect((await got).accessToken).toBe('key-1');
    expect(cache.hasUnsaved).toBe(true);
    expect(unsaved).toEqual(['store unreachable']);
    expect((await cache.get()).accessToken).toBe('key-1'); // served from memory
    await cache.flush(); // the save that get() started while the store was still down
    broken = false;
    expect(await cache.flush()).toBe(true);
    expect((await store.get('soap:m51234'))?.record.accessToken).toBe('key-1');
    expect(login.logins).toHaveLength(1);
  });

  it('refuses to save a key older than the stored one (conflict), so a slow login never overwrites a newer key', async () => {
    const { cache, clock } = await setupAccessKey();
    await clock.advance(KEY_LIFE_MS);
    await cache.get(); // renewed: key-1 issued now
    const older = { accessToken: 'late-key', obtainedAt: T0 + MINUTE, expiresAt: T0 + MINUTE + KEY_LIFE_MS };
    await expect(cache.save(older)).rejects.toMatchObject({ kind: 'conflict', protocol: 'soap' });
    expect((await cache.get()).accessToken).toBe('key-1');
  });

  it("bounds every re-login by a deadline inside the lock lease and aborts the renewer's signal at it", async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryTokenStore({ clock });
    let seen: RenewCall | undefined;
    const cache = accessKeyCache(store, clock, fakeLogin(clock), {
      lockTtlMs: 10_000,
      leaseMarginMs: 2_000,
      renew: (_current: TokenRecord, call: RenewCall) => {
        seen = call;
        return new Promise<AccessKey>((_resolve, reject) =>
          call.signal.addEventListener('abort', () => reject(call.signal.reason)),
        );
      },
    });
    await cache.save({ accessToken: 'key-0', obtainedAt: T0, expiresAt: T0 + KEY_LIFE_MS });
    await clock.advance(KEY_LIFE_MS);
    const got = cache.get().catch((e: unknown) => e);
    while (!seen) await Promise.resolve();
    expect(seen.timeoutMs).toBeLessThan(10_000 - 2_000);
    await clock.advance(seen.timeoutMs);
    expect(seen.signal.aborted).toBe(true);
    expect(MailUpError.is(await got, 'ambiguous')).toBe(true);
  });

  it("hands skewOf the cache's own clock at the answer, so a renewer on another clock cannot skew it", async () => {
    const { clock, store, login } = await setupAccessKey();
    const answeredAt: number[] = [];
    // A renewer whose own clock runs an hour ahead stamps its answer with it; the server's time is the cache's.
    const cache = accessKeyCache(store, clock, login, {
      skewOf: (_answer: AccessKey, at: number) => {
        answeredAt.push(at);
        const renewerStamp = clock.now() + 60 * MINUTE;
        const serverDate = clock.now();
        return serverDate - (at ?? renewerStamp);
      },
    });
    clock.advance(KEY_LIFE_MS);
    await cache.get();
    expect(answeredAt).toEqual([clock.now()]);
    expect(cache.serverNow()).toBe(clock.now());
    // the key it just renewed is fresh to it: the next call renews nothing
    await cache.get();
    expect(login.logins).toHaveLength(1);
  });

  it('refuses a renewal deadline that does not fit inside the lock lease (validation, nothing stored)', () => {
    const clock = new ManualClock(T0);
    const make = (extra: object) => () =>
      accessKeyCache(new MemoryTokenStore({ clock }), clock, fakeLogin(clock), extra);
    expect(make({ lockTtlMs: 10_000, renewTimeoutMs: 10_000 })).toThrow(
      /renewTimeoutMs \(10000 ms\).*lockTtlMs \(10000 ms\)/,
    );
    expect(make({ lockTtlMs: 10_000, renewTimeoutMs: 8_000, leaseMarginMs: 2_000 })).toThrow(MailUpError);
    expect(make({ lockTtlMs: 10_000, renewTimeoutMs: 7_000, leaseMarginMs: 2_000 })).not.toThrow();
    expect(make({ lockTtlMs: 0 })).toThrow(/lockTtlMs must be a positive number/);
  });
});

describe('CredentialCache with a single-use renewal secret (refresh token)', () => {
  function rotating(clock: ManualClock) {
    let n = 0;
    const sent: string[] = [];
    let failWith: (() => unknown) | undefined;
    return {
      sent,
      fail(make: (() => unknown) | undefined) {
        failWith = make;
      },
      renew: async (current: TokenRecord): Promise<TokenRecord> => {
        sent.push(current.refreshToken ?? '');
        await Promise.resolve();
        if (failWith) throw failWith();
        n++;
        return {
          accessToken: `a${n}`,
          refreshToken: `r${n}`,
          obtainedAt: clock.now(),
          expiresAt: clock.now() + KEY_LIFE_MS,
        };
      },
    };
  }

  async function setup() {
    const clock = new ManualClock(T0);
    const store = new MemoryTokenStore({ clock });
    const grant = rotating(clock);
    const cache = new CredentialCache<TokenRecord>({
      store,
      key: 'k',
      clock,
      renew: grant.renew,
      toRecord: (record) => record,
      canRenew: (current) => current.refreshToken !== undefined,
    });
    await cache.save({ accessToken: 'a0', refreshToken: 'r0', obtainedAt: T0, expiresAt: T0 + KEY_LIFE_MS });
    return { clock, store, grant, cache };
  }

  it('never sends a refresh token twice: a lost answer drops it and asks for re-authorization once', async () => {
    const { clock, grant, cache, store } = await setup();
    const reasons: string[] = [];
    cache.events.on('reauthorization-required', (e) => reasons.push(e.reason));
    await clock.advance(KEY_LIFE_MS);
    grant.fail(
      () => new MailUpError({ kind: 'ambiguous', protocol: 'oauth', message: 'reset after the request was sent' }),
    );
    for (let i = 0; i < 3; i++) {
      expect(MailUpError.is(await cache.get().catch((e: unknown) => e), 'reauthorization-required')).toBe(true);
    }
    expect(grant.sent).toEqual(['r0']);
    expect(reasons).toEqual(['lost-response']);
    expect((await store.get('k'))?.record.refreshToken).toBeUndefined();
  });

  it('records which secret the new record was rotated from (a fingerprint, never the secret) and refuses to save the spent one', async () => {
    const { clock, cache, store } = await setup();
    await clock.advance(KEY_LIFE_MS);
    await cache.get();
    const stored = (await store.get('k'))?.record;
    expect(stored?.rotatedFrom).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(stored)).not.toContain('r0');
    await expect(
      cache.save({
        accessToken: 'a0',
        refreshToken: 'r0',
        obtainedAt: clock.now(),
        expiresAt: clock.now() + KEY_LIFE_MS,
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('secretFingerprint', () => {
  it('is the first 22 base64url characters of SHA-256 (the same as the rotatedFrom values already stored)', () => {
    // sha256('abc') = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(secretFingerprint('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7');
    expect(secretFingerprint('')).toBe('47DEQpj8HBSa-_TImW-5JC');
    expect(secretFingerprint('x'.repeat(1000))).toBe('RPg1RJSlugO6F5Ko0-nFNM');
    // multi-byte UTF-8 across the padding boundaries (55/56/64 bytes and beyond)
    expect(secretFingerprint('é'.repeat(55))).toBe('7P2YBh4Ay1p8lbbZbvOcLu');
    expect(secretFingerprint('é'.repeat(56))).toBe('uChpz5osCCgUNJDeanbc9m');
    expect(secretFingerprint('é'.repeat(64))).toBe('hFg21-aA3plh3zIRSPjLXo');
    expect(secretFingerprint('é'.repeat(119))).toBe('yoXPmfrCcceBPTJpi0ytRv');
  });
});
