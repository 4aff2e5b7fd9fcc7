import { MailUpError, ManualClock } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { describe, expect, it } from 'vitest';
import {
  type ReauthorizationRequiredEvent,
  type RefreshGrant,
  TokenManager,
  type TokenRefreshedEvent,
  type TokenSet,
} from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** A fake Token endpoint that rotates refresh tokens and records every call. */
function fakeEndpoint(clock: ManualClock) {
  let n = 0;
  const calls: string[] = [];
  let failWith: (() => unknown) | undefined;
  let omitRefresh = false;
  const refresh = async (refreshToken: string): Promise<TokenSet> => {
    calls.push(refreshToken);
    await Promise.resolve();
    if (failWith) throw failWith();
    n++;
    const set: TokenSet = {
      accessToken: `access-${n}`,
      expiresIn: 3600,
      receivedAt: clock.now(),
      serverDate: clock.now(),
    };
    if (!omitRefresh) set.refreshToken = `refresh-${n}`;
    return set;
  };
  return {
    refresh,
    calls,
    fail(make: (() => unknown) | undefined) {
      failWith = make;
    },
    omitRefreshToken() {
      omitRefresh = true;
    },
  };
}

async function setup(options: { ahead?: number } = {}) {
  const clock = new ManualClock(T0);
  const store = new MemoryTokenStore({ clock });
  const endpoint = fakeEndpoint(clock);
  const manager = new TokenManager({
    store,
    key: 'acct',
    refresh: endpoint.refresh,
    clock,
    refreshAheadMs: options.ahead ?? 60_000,
  });
  const refreshed: TokenRefreshedEvent[] = [];
  const reauth: ReauthorizationRequiredEvent[] = [];
  manager.events.on('refreshed', (e) => refreshed.push(e));
  manager.events.on('reauthorization-required', (e) => reauth.push(e));
  await manager.save({
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    expiresIn: 3600,
    receivedAt: T0,
    serverDate: T0,
  });
  return { clock, store, endpoint, manager, refreshed, reauth };
}

const ambiguous = () =>
  new MailUpError({ kind: 'ambiguous', protocol: 'oauth', message: 'socket hang up after the request was sent' });

describe('TokenManager', () => {
  it('returns the cached token while fresh, without calling the Token endpoint', async () => {
    const { manager, endpoint, clock } = await setup();
    await clock.advance(HOUR - 60_001);
    expect(await manager.getAccessToken()).toBe('access-0');
    expect(endpoint.calls).toEqual([]);
  });

  it('peekAccessToken answers the fresh token from memory only: never inside the refresh-ahead window (issue 17)', async () => {
    const { manager, endpoint, clock } = await setup();
    await clock.advance(HOUR - 60_001);
    expect(manager.peekAccessToken()).toBe('access-0');
    await clock.advance(1); // due for a refresh ahead of expiry: the auth step must ask getAccessToken()
    expect(manager.peekAccessToken()).toBeUndefined();
    expect(await manager.getAccessToken()).toBe('access-1');
    expect(manager.peekAccessToken()).toBe('access-1');
    expect(endpoint.calls).toEqual(['refresh-0']);
  });

  it('50 concurrent callers at expiry cause exactly one refresh, persisted before anyone gets the new token', async () => {
    const { manager, endpoint, clock, store, refreshed } = await setup();
    await clock.advance(HOUR - 60_000); // inside the refresh-ahead window
    const seen: Array<number | undefined> = [];
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () =>
        manager.getAccessToken().then(async (token) => {
          seen.push((await store.get('acct'))?.version);
          return token;
        }),
      ),
    );
    expect(endpoint.calls).toEqual(['refresh-0']);
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    expect(new Set(seen)).toEqual(new Set([2]));
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-1');
    expect(refreshed).toEqual([{ key: 'acct', version: 2, expiresAt: clock.now() + HOUR, reason: 'ahead-of-expiry' }]);
  });

  it('two managers (two processes) sharing one store refresh once: the second re-reads under the lock', async () => {
    const { manager, endpoint, clock, store } = await setup();
    const other = new TokenManager({ store, key: 'acct', refresh: endpoint.refresh, clock });
    expect(await other.getAccessToken()).toBe('access-0');
    await clock.advance(HOUR);
    const [a, b] = await Promise.all([manager.getAccessToken(), other.getAccessToken()]);
    expect(endpoint.calls).toHaveLength(1);
    expect([a, b]).toEqual(['access-1', 'access-1']);
  });

  it('keeps the old refresh token when the answer omits one', async () => {
    const { manager, endpoint, clock, store } = await setup();
    endpoint.omitRefreshToken();
    await clock.advance(HOUR);
    expect(await manager.getAccessToken()).toBe('access-1');
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-0');
  });

  it('places expiry on the server clock from its Date header and compares with the learned skew', async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryTokenStore({ clock });
    const endpoint = fakeEndpoint(clock);
    const manager = new TokenManager({ store, key: 'k', refresh: endpoint.refresh, clock, refreshAheadMs: 0 });
    // The server's clock is 10 minutes behind ours; the answer took 2 s to arrive.
    const serverDate = T0 - 600_000 - 2_000;
    await manager.save({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, receivedAt: T0, serverDate });
    expect((await store.get('k'))?.record).toMatchObject({ obtainedAt: serverDate, expiresAt: serverDate + HOUR });
    await clock.advance(HOUR - 1);
    expect(await manager.getAccessToken()).toBe('a');
    expect(endpoint.calls).toEqual([]);
    await clock.advance(1);
    expect(await manager.getAccessToken()).toBe('access-1');
  });

  it('invalid_grant ⇒ reauthorization-required error and ONE event, refresh token dropped, never retried', async () => {
    const { manager, endpoint, clock, store, reauth } = await setup();
    endpoint.fail(
      () =>
        new MailUpError({
          kind: 'reauthorization-required',
          protocol: 'oauth',
          message: 'invalid_grant',
          vendorCode: 'invalid_grant',
        }),
    );
    await clock.advance(HOUR);
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => manager.getAccessToken().catch((e: unknown) => e)),
    );
    expect(errors.every((e) => MailUpError.is(e, 'reauthorization-required'))).toBe(true);
    expect(endpoint.calls).toHaveLength(1);
    expect(reauth).toHaveLength(1);
    expect(reauth[0]).toMatchObject({ key: 'acct', reason: 'invalid-grant' });
    expect((await store.get('acct'))?.record.refreshToken).toBeUndefined();
    const again = await manager.getAccessToken().catch((e: unknown) => e);
    expect(MailUpError.is(again, 'reauthorization-required')).toBe(true);
    expect(endpoint.calls).toHaveLength(1);
    expect(reauth).toHaveLength(1);
  });

  it('a 429 from the Token endpoint is throttling: the valid token keeps working, nothing is dropped', async () => {
    const { manager, endpoint, clock, store, reauth } = await setup();
    endpoint.fail(
      () =>
        new MailUpError({ kind: 'throttled', protocol: 'oauth', message: '429', httpStatus: 429, retryAfterMs: 300 }),
    );
    await clock.advance(HOUR - 30_000); // refresh-ahead window: still valid for 30 s
    expect(await manager.getAccessToken()).toBe('access-0');
    await clock.advance(30_000); // now expired: the throttled error reaches the caller
    const error = await manager.getAccessToken().catch((e: unknown) => e);
    expect(MailUpError.is(error, 'throttled')).toBe(true);
    expect((error as MailUpError).retryAfterMs).toBe(300);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-0');
    expect(reauth).toEqual([]);
    endpoint.fail(undefined);
    expect(await manager.getAccessToken()).toBe('access-1');
  });

  it('a lost refresh answer is never re-sent: one reauthorization-required for every waiting caller, no loop', async () => {
    const { manager, endpoint, clock, store, reauth } = await setup();
    endpoint.fail(ambiguous);
    await clock.advance(HOUR);
    const errors = await Promise.all(
      Array.from({ length: 50 }, () => manager.getAccessToken().catch((e: unknown) => e)),
    );
    expect(errors.every((e) => MailUpError.is(e, 'reauthorization-required'))).toBe(true);
    expect(endpoint.calls).toEqual(['refresh-0']);
    expect(reauth).toHaveLength(1);
    expect(reauth[0]?.reason).toBe('lost-response');
    expect((await store.get('acct'))?.record.refreshToken).toBeUndefined();
    await manager.getAccessToken().catch(() => undefined);
    expect(endpoint.calls).toHaveLength(1);
  });

  it('a lost answer while refreshing ahead of expiry keeps serving the still-valid token, then says reauthorize', async () => {
    const { manager, endpoint, clock, reauth } = await setup();
    endpoint.fail(ambiguous);
    await clock.advance(HOUR - 30_000); // 30 s left: refresh-ahead window
    expect(await manager.getAccessToken()).toBe('access-0');
    expect(reauth).toEqual([expect.objectContaining({ reason: 'lost-response' })]);
    expect(await manager.getAccessToken()).toBe('access-0');
    await clock.advance(30_000);
    expect(MailUpError.is(await manager.getAccessToken().catch((e: unknown) => e), 'reauthorization-required')).toBe(
      true,
    );
    expect(endpoint.calls).toEqual(['refresh-0']);
    expect(reauth).toHaveLength(1);
  });

  it('a transient failure that sent nothing keeps the tokens and surfaces the error once expired', async () => {
    const { manager, endpoint, clock, store } = await setup();
    endpoint.fail(() => new MailUpError({ kind: 'transient', protocol: 'oauth', message: 'ECONNREFUSED', sent: 'no' }));
    await clock.advance(HOUR);
    expect(MailUpError.is(await manager.getAccessToken().catch((e: unknown) => e), 'transient')).toBe(true);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-0');
  });

  it('forceRefresh after a 401 refreshes once and ignores a token that was already replaced', async () => {
    const { manager, endpoint, refreshed } = await setup();
    await Promise.all([manager.forceRefresh('access-0'), manager.forceRefresh('access-0')]);
    expect(endpoint.calls).toEqual(['refresh-0']);
    await manager.forceRefresh('access-0');
    expect(endpoint.calls).toHaveLength(1);
    expect(await manager.getAccessToken()).toBe('access-1');
    expect(refreshed[0]?.reason).toBe('rejected-by-server');
  });

  it('a caller that aborts stops waiting (MailUpError kind aborted, nothing left), but the shared refresh completes and is persisted for the others', async () => {
    const { manager, endpoint, clock, store } = await setup();
    await clock.advance(HOUR);
    const controller = new AbortController();
    const aborted = manager.getAccessToken(controller.signal).catch((e: unknown) => e);
    const other = manager.getAccessToken();
    controller.abort(new Error('caller gave up'));
    const error = await aborted;
    expect(MailUpError.is(error, 'aborted')).toBe(true);
    expect((error as MailUpError).sent).toBe('no');
    expect((error as MailUpError).details).toMatchObject({
      abortReason: 'Error: caller gave up',
    });
    expect(await other).toBe('access-1');
    expect(endpoint.calls).toEqual(['refresh-0']);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-1');
  });

  it('says reauthorization-required when nothing is stored, and validates its key', async () => {
    const clock = new ManualClock(T0);
    const manager = new TokenManager({
      store: new MemoryTokenStore({ clock }),
      key: 'none',
      refresh: async () => {
        throw new Error('unused');
      },
      clock,
    });
    expect(MailUpError.is(await manager.getAccessToken().catch((e: unknown) => e), 'reauthorization-required')).toBe(
      true,
    );
    expect(
      () =>
        new TokenManager({
          store: new MemoryTokenStore(),
          key: '',
          refresh: async () => {
            throw new Error('x');
          },
        }),
    ).toThrow(/key/);
  });

  it('clear() logs out: the stored grant is removed', async () => {
    const { manager, store } = await setup();
    await manager.clear();
    expect(await store.get('acct')).toBeUndefined();
  });

  it('clear() that keeps losing the compare-and-set says so instead of pretending the tokens are gone', async () => {
    const { manager, store } = await setup();
    store.compareAndSet = async () => ({ ok: false, current: await store.get('acct') });
    await expect(manager.clear()).rejects.toMatchObject({ name: 'MailUpError', kind: 'conflict' });
    expect(await store.get('acct')).toBeDefined();
  });
});

/** Runs `promise` while moving the manual clock in `step` ms increments until it settles (save backoff, deadlines). */
async function drive<T>(clock: ManualClock, promise: Promise<T>, step = 50, limit = 400): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined);
  for (let i = 0; i < limit && !settled; i++) await clock.advance(step);
  return watched;
}

const storeDown = () =>
  new MailUpError({ kind: 'transient', protocol: 'oauth', message: 'token store unreachable (Redis): ECONNREFUSED' });

describe('TokenManager: the Token call fits inside the lock lease', () => {
  const noRefresh = async (): Promise<TokenSet> => {
    throw new Error('unused');
  };

  it('refuses a configuration whose Token deadline is not shorter than the lock lease, naming both values', () => {
    const make = (options: { lockTtlMs?: number; refreshTimeoutMs?: number; leaseMarginMs?: number }) => () =>
      new TokenManager({ store: new MemoryTokenStore(), key: 'k', refresh: noRefresh, ...options });
    for (const options of [
      { lockTtlMs: 10_000, refreshTimeoutMs: 10_000 },
      { lockTtlMs: 10_000, refreshTimeoutMs: 20_000 },
      { lockTtlMs: 10_000, refreshTimeoutMs: 8_000, leaseMarginMs: 2_000 },
    ]) {
      const error = (() => {
        try {
          make(options)();
        } catch (e) {
          return e;
        }
      })();
      expect(MailUpError.is(error, 'validation')).toBe(true);
      expect((error as Error).message).toContain(`refreshTimeoutMs (${options.refreshTimeoutMs} ms)`);
      expect((error as Error).message).toContain('lockTtlMs (10000 ms)');
    }
    expect(make({ lockTtlMs: 10_000, refreshTimeoutMs: 7_000, leaseMarginMs: 2_000 })).not.toThrow();
    expect(make({ lockTtlMs: 2_000 })).not.toThrow(); // the default deadline shrinks to fit a short lease
    expect(make({ lockTtlMs: -1 })).toThrow(/lockTtlMs must be a positive number/);
  });

  it('gives the Token call a deadline inside the lease and aborts it there: lost answer, token never re-sent', async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryTokenStore({ clock });
    const seen: Array<{ token: string; timeoutMs: number | undefined; signal: boolean }> = [];
    const hang: RefreshGrant = (token, signal, options) => {
      seen.push({ token, timeoutMs: options?.timeoutMs, signal: signal !== undefined });
      if (!signal) return Promise.reject(new Error('the manager gave the Token call no deadline'));
      // A trickling server: never answers; only the deadline ends it (bytes have left).
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    };
    const manager = new TokenManager({
      store,
      key: 'k',
      refresh: hang,
      clock,
      lockTtlMs: 10_000,
      leaseMarginMs: 2_000,
    });
    const reauth: ReauthorizationRequiredEvent[] = [];
    manager.events.on('reauthorization-required', (e) => reauth.push(e));
    await manager.save({ accessToken: 'a0', refreshToken: 'r0', expiresIn: 3600, receivedAt: T0, serverDate: T0 });
    await clock.advance(HOUR);
    const started = clock.now();
    const error = await drive(
      clock,
      manager.getAccessToken().catch((e: unknown) => e),
      100,
    );
    expect(seen).toEqual([{ token: 'r0', timeoutMs: 7_999, signal: true }]);
    expect(clock.now() - started).toBeLessThan(10_000 - 1_000); // ended while the lease still had its margin
    expect(MailUpError.is(error, 'reauthorization-required')).toBe(true);
    expect(reauth).toEqual([expect.objectContaining({ reason: 'lost-response' })]);
    expect((await store.get('k'))?.record.refreshToken).toBeUndefined();
    await manager.getAccessToken().catch(() => undefined);
    expect(seen).toHaveLength(1);
  });
});

describe('TokenManager: rotated tokens survive a store that fails after the server answered', () => {
  it('serves the rotated set from memory, retries the save with backoff, never re-sends the spent token, saves once the store is back', async () => {
    const { manager, endpoint, clock, store, refreshed } = await setup();
    const unsaved: unknown[] = [];
    manager.events.on('unsaved', (e) => unsaved.push(e));
    const realCas = store.compareAndSet.bind(store);
    let casCalls = 0;
    store.compareAndSet = async () => {
      casCalls++;
      throw storeDown();
    };
    await clock.advance(HOUR);
    expect(await drive(clock, manager.getAccessToken())).toBe('access-1');
    expect(casCalls).toBe(4); // the first try and three backoff retries, all inside the lease
    expect(manager.hasUnsavedTokens).toBe(true);
    expect(unsaved).toEqual([{ key: 'acct', message: expect.stringMatching(/Redis/) }]);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-0'); // the store still holds the spent one
    expect(await manager.getAccessToken()).toBe('access-1'); // served from memory
    // The next refresh uses the in-memory refresh token, although the store still offers the spent one.
    await clock.advance(HOUR);
    expect(await drive(clock, manager.getAccessToken())).toBe('access-2');
    expect(endpoint.calls).toEqual(['refresh-0', 'refresh-1']);
    // A second manager (another process) could not know; this one never writes the spent token back.
    store.compareAndSet = realCas;
    expect(await manager.flush()).toBe(true);
    expect(manager.hasUnsavedTokens).toBe(false);
    expect((await store.get('acct'))?.record).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(refreshed.at(-1)).toMatchObject({ reason: 'saved-late', version: 2 });
  });

  it('retries the save on the next call, and says the tokens are safe in memory when an error must surface', async () => {
    const { manager, endpoint, clock, store } = await setup();
    const realCas = store.compareAndSet.bind(store);
    const realGet = store.get.bind(store);
    store.compareAndSet = async () => {
      throw storeDown();
    };
    await clock.advance(HOUR);
    expect(await drive(clock, manager.getAccessToken())).toBe('access-1');
    store.compareAndSet = realCas;
    expect(await manager.getAccessToken()).toBe('access-1'); // this call starts the save again
    await clock.advance(0);
    await expect.poll(() => manager.hasUnsavedTokens).toBe(false);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-1');

    // Fail everything once more, past the rotated token's expiry: the error says what is safe and sends nothing.
    store.compareAndSet = async () => {
      throw storeDown();
    };
    await clock.advance(HOUR);
    expect(await drive(clock, manager.getAccessToken())).toBe('access-2');
    store.get = async () => {
      throw storeDown();
    };
    await clock.advance(HOUR);
    const error = await manager.getAccessToken().catch((e: unknown) => e);
    expect(MailUpError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/safe in memory and not yet persisted/);
    expect(endpoint.calls).toEqual(['refresh-0', 'refresh-1']);
    store.get = realGet;
    store.compareAndSet = realCas;
    expect(await manager.flush()).toBe(true);
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-2');
  });

  it('a refresh whose answer is unusable counts as lost: the token may have rotated, so it is not re-sent', async () => {
    const { manager, endpoint, clock, store, reauth } = await setup();
    endpoint.fail(
      () =>
        new MailUpError({
          kind: 'validation',
          protocol: 'oauth',
          httpStatus: 200,
          message: 'token response has no access_token',
        }),
    );
    await clock.advance(HOUR);
    expect(MailUpError.is(await manager.getAccessToken().catch((e: unknown) => e), 'reauthorization-required')).toBe(
      true,
    );
    expect(reauth[0]?.reason).toBe('lost-response');
    expect((await store.get('acct'))?.record.refreshToken).toBeUndefined();
  });
});

describe('TokenManager: no write puts an older record over a newer one', () => {
  it('save() refuses tokens a refresh already rotated (the login race); setMeta() updates the current record', async () => {
    const { manager, endpoint, store } = await setup();
    const login: TokenSet = {
      accessToken: 'access-0',
      refreshToken: 'refresh-0',
      expiresIn: 3600,
      receivedAt: T0,
      serverDate: T0,
    };
    await manager.forceRefresh('access-0'); // a 401 between login's two saves
    expect(endpoint.calls).toEqual(['refresh-0']);
    await expect(manager.save(login, { username: 'm51234' })).rejects.toMatchObject({ kind: 'conflict' });
    // Another process that never saw the refresh is refused too: the record says what it was rotated from.
    const other = new TokenManager({ store, key: 'acct', refresh: endpoint.refresh });
    await expect(other.save(login)).rejects.toMatchObject({ kind: 'conflict' });
    expect((await store.get('acct'))?.record.refreshToken).toBe('refresh-1');
    expect(await manager.setMeta({ username: 'm51234' })).toBe(3);
    expect((await store.get('acct'))?.record).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      meta: { username: 'm51234' },
    });
  });

  it('save() refuses a set issued before the stored one, and accepts a newer login', async () => {
    const { manager, clock, store } = await setup();
    const older: TokenSet = {
      accessToken: 'old',
      refreshToken: 'old-r',
      expiresIn: 3600,
      receivedAt: T0 - 5000,
      serverDate: T0 - 5000,
    };
    await expect(manager.save(older)).rejects.toMatchObject({ kind: 'conflict' });
    await clock.advance(1000);
    const newer: TokenSet = {
      accessToken: 'new',
      refreshToken: 'new-r',
      expiresIn: 3600,
      receivedAt: clock.now(),
      serverDate: clock.now(),
    };
    expect(await manager.save(newer)).toBe(2);
    expect((await store.get('acct'))?.record.accessToken).toBe('new');
  });
});
