import {
  type Clock,
  type Logger,
  MailUpError,
  silentLogger,
  systemClock,
  type TokenRecord,
  type TokenStore,
  type VersionedToken,
} from '@mailup-kit/core';
import { TokenEvents } from './token-events.js';
import { clockSkewOf, type TokenSet, tokenRecordFrom } from './token-set.js';

/** The refresh grant the manager calls (an {@link OAuthClient}'s `refresh`, or a test double). */
export type RefreshGrant = (refreshToken: string, signal?: AbortSignal) => Promise<TokenSet>;

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  store: TokenStore;
  /** Key of this grant in the store (e.g. `${clientId}:${username}`); shared by every process of a fleet. */
  key: string;
  refresh: RefreshGrant;
  clock?: Clock;
  /** Refresh this long before expiry (default 60 000 ms). */
  refreshAheadMs?: number;
  /** Lease of the cross-process refresh lock (default 30 000 ms; longer than a Token call's timeout). */
  lockTtlMs?: number;
  /** How long to wait for another process's refresh (default 30 000 ms). */
  lockWaitMs?: number;
  logger?: Logger;
  events?: TokenEvents;
}

type RefreshReason = 'ahead-of-expiry' | 'rejected-by-server';

/**
 * Keeps one OAuth grant's tokens valid for any number of callers and processes (DESIGN.md, Tokens and sessions):
 *
 * - fresh token ⇒ returned from the in-process cache, no I/O;
 * - near expiry (or rejected by a 401) ⇒ ONE refresh per process (single flight), under the store's
 *   cross-process lock, after re-reading the store (another process may already have refreshed);
 * - the rotated refresh token is written with compare-and-set BEFORE the new access token is handed out;
 * - expiry is placed on the server's clock (its `Date` header) and compared with local time plus the learned skew;
 * - an answer without a refresh token keeps the old one;
 * - `invalid_grant` ⇒ `reauthorization-required` (error + event); the dead refresh token is dropped from the store;
 * - a lost or timed-out refresh (bytes may have reached the server, so the token may already be spent) is never
 *   re-sent: re-sending a spent token makes MailUp revoke the whole grant. The manager drops the refresh token,
 *   keeps serving the access token while it lasts (when the refresh was ahead of expiry), and raises
 *   `reauthorization-required` (event once; the error once no valid token is left; reason `lost-response`);
 * - a 429 from the Token endpoint is throttling: tokens are kept, the still-valid access token is used, and
 *   only when none is valid the `throttled` error (with its wait) reaches the caller.
 *
 * @example
 * ```ts
 * const manager = new TokenManager({ store, key: 'm51234', refresh: (rt, s) => oauth.refresh(rt, s) });
 * await manager.save(await oauth.passwordGrant({ username, password }));
 * const token = await manager.getAccessToken();
 * ```
 */
export class TokenManager {
  readonly events: TokenEvents;
  readonly key: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly aheadMs: number;
  private cached: VersionedToken | undefined;
  private skewMs = 0;
  private inflight: Promise<VersionedToken> | undefined;
  private closed = false;

  constructor(private readonly options: TokenManagerOptions) {
    if (typeof options.key !== 'string' || options.key === '') {
      throw new MailUpError({ kind: 'validation', protocol: 'oauth', message: 'TokenManager: key is required' });
    }
    this.key = options.key;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.aheadMs = options.refreshAheadMs ?? 60_000;
    this.events = options.events ?? new TokenEvents();
  }

  /** The server's clock as this process estimates it. */
  serverNow(): number {
    return this.clock.now() + this.skewMs;
  }

  /** Stores the tokens of a fresh grant (login), replacing whatever the key held. Returns the store version. */
  async save(set: TokenSet, meta?: Record<string, string>): Promise<number> {
    this.skewMs = clockSkewOf(set);
    const record = tokenRecordFrom(set, undefined, meta);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.options.store.get(this.key);
      const result = await this.options.store.compareAndSet(this.key, current?.version ?? 0, record);
      if (result.ok) {
        this.cached = { record, version: result.version };
        return result.version;
      }
    }
    throw new MailUpError({
      kind: 'conflict',
      protocol: 'oauth',
      operation: 'TokenManager.save',
      message: 'the token store kept changing while saving new tokens',
    });
  }

  /** Removes the stored tokens of this key (logout). */
  async clear(): Promise<void> {
    this.cached = undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.options.store.get(this.key);
      if (!current) return;
      if ((await this.options.store.compareAndSet(this.key, current.version, null)).ok) return;
    }
    throw new MailUpError({
      kind: 'conflict',
      protocol: 'oauth',
      operation: 'TokenManager.clear',
      message: 'the token store kept changing while removing the tokens; they may still be stored',
    });
  }

  /** A valid access token: cached when fresh, else refreshed once for every concurrent caller. */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.isFresh(cached.record)) return cached.record.accessToken;
    return (await this.current(signal)).record.accessToken;
  }

  /**
   * Called when the server rejected `rejectedAccessToken` with a 401: refreshes once (unless someone already
   * replaced that token) so that the caller's retry loop can repeat the call with the new one.
   */
  async forceRefresh(rejectedAccessToken: string, signal?: AbortSignal): Promise<void> {
    const cached = this.cached;
    if (cached && cached.record.accessToken !== rejectedAccessToken && this.isUsable(cached.record)) return;
    await abortable(this.singleFlight('rejected-by-server', rejectedAccessToken), signal);
  }

  /** Stops using the manager (listeners removed). The store is the caller's to close. */
  close(): void {
    this.closed = true;
    this.events.clear();
  }

  private async current(signal?: AbortSignal): Promise<VersionedToken> {
    this.assertOpen();
    const stored = await this.options.store.get(this.key);
    if (stored && this.isFresh(stored.record)) {
      this.cached = stored;
      return stored;
    }
    return abortable(this.singleFlight('ahead-of-expiry', undefined), signal);
  }

  /**
   * One refresh per process. It serves every waiting caller, so no caller's AbortSignal reaches it: a caller who
   * gives up stops waiting, while the refresh (bounded by the lock wait and the Token call's timeout) completes
   * and is persisted — aborting a sent refresh would lose its rotation.
   */
  private singleFlight(reason: RefreshReason, rejected: string | undefined) {
    this.inflight ??= this.refreshUnderLock(reason, rejected).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshUnderLock(reason: RefreshReason, rejected: string | undefined): Promise<VersionedToken> {
    const { store } = this.options;
    const lock = await store.lock(this.key, {
      ttlMs: this.options.lockTtlMs ?? 30_000,
      waitMs: this.options.lockWaitMs ?? 30_000,
    });
    try {
      const current = await store.get(this.key);
      if (!current) throw this.reauthError('no tokens are stored for this key; log in first');
      const replaced = rejected !== undefined && current.record.accessToken !== rejected;
      if ((replaced && this.isUsable(current.record)) || (rejected === undefined && this.isFresh(current.record))) {
        this.cached = current; // another caller or process refreshed while we waited for the lock
        return current;
      }
      const refreshToken = current.record.refreshToken;
      if (refreshToken === undefined) {
        if (rejected === undefined && this.isUsable(current.record)) {
          this.cached = current; // cannot refresh, but the access token still works until it expires
          return current;
        }
        throw this.reauthError('the stored grant has no refresh token; log in again');
      }
      let set: TokenSet;
      try {
        set = await this.options.refresh(refreshToken);
      } catch (error) {
        return await this.onRefreshFailure(error, current, rejected);
      }
      this.skewMs = clockSkewOf(set);
      const record = tokenRecordFrom(set, refreshToken, current.record.meta as Record<string, string> | undefined);
      const written = await this.persist(current, record);
      this.cached = written;
      this.logger.info({ key: this.key, version: written.version, reason }, 'mailup-kit: OAuth tokens refreshed');
      this.events.emit('refreshed', { key: this.key, version: written.version, expiresAt: record.expiresAt, reason });
      return written;
    } finally {
      await lock.release();
    }
  }

  /** CAS the rotated tokens; a conflicting writer (a lease that ran out) is overwritten: ours came from the server last. */
  private async persist(current: VersionedToken, record: TokenRecord): Promise<VersionedToken> {
    let expected = current.version;
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await this.options.store.compareAndSet(this.key, expected, record);
      if (result.ok) return { record, version: result.version };
      this.logger.warn({ key: this.key }, 'mailup-kit: token store changed during a refresh (lock lease too short?)');
      expected = result.current?.version ?? 0;
    }
    throw new MailUpError({
      kind: 'conflict',
      protocol: 'oauth',
      operation: 'TokenManager.refresh',
      message: 'could not persist the rotated tokens: the token store kept changing',
    });
  }

  private async onRefreshFailure(
    error: unknown,
    current: VersionedToken,
    rejected: string | undefined,
  ): Promise<VersionedToken> {
    const stillValid = rejected === undefined && this.isUsable(current.record);
    if (MailUpError.is(error, 'throttled', 'transient')) {
      // Nothing was spent: keep every token. Use the current access token while it is still valid.
      this.logger.warn({ key: this.key, kind: error.kind }, 'mailup-kit: token refresh postponed');
      if (stillValid) {
        this.cached = current;
        return current;
      }
      throw error;
    }
    if (MailUpError.is(error, 'reauthorization-required')) {
      await this.dropRefreshToken(current);
      throw this.reauthError(error.message, 'invalid-grant', error);
    }
    if (MailUpError.is(error, 'ambiguous')) {
      // The refresh may have rotated on the server and its answer was lost: the stored refresh token may be
      // spent, and re-sending a spent one revokes the whole grant. Never re-send it.
      await this.dropRefreshToken(current);
      const reauth = this.reauthError(
        'a token refresh was sent but its answer was lost; the refresh token may be spent, so it is not re-sent; log in again',
        'lost-response',
        error,
      );
      // Refreshing ahead of expiry: the current access token still works until it expires; keep serving it.
      if (stillValid && this.cached) return this.cached;
      throw reauth;
    }
    throw error;
  }

  private async dropRefreshToken(current: VersionedToken): Promise<void> {
    const { refreshToken: _dropped, ...rest } = current.record;
    const result = await this.options.store.compareAndSet(this.key, current.version, rest);
    this.cached = result.ok ? { record: rest, version: result.version } : undefined;
  }

  private reauthError(message: string, reason?: 'invalid-grant' | 'lost-response', cause?: unknown): MailUpError {
    const error = new MailUpError({
      kind: 'reauthorization-required',
      protocol: 'oauth',
      operation: 'TokenManager.refresh',
      message,
      cause,
    });
    if (reason) {
      this.logger.warn({ key: this.key, reason }, `mailup-kit: reauthorization required (${reason})`);
      this.events.emit('reauthorization-required', { key: this.key, reason, message });
    }
    return error;
  }

  private isFresh(record: TokenRecord): boolean {
    return this.serverNow() < record.expiresAt - this.aheadMs;
  }

  private isUsable(record: TokenRecord): boolean {
    return this.serverNow() < record.expiresAt;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new MailUpError({ kind: 'permanent', protocol: 'oauth', message: 'TokenManager is closed' });
    }
  }
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts (the promise keeps running). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
