import { type Clock, type CredentialStatus, type Logger, MailUpError } from '@mailup-kit/core';
import {
  CredentialCache,
  type CredentialCaller,
  CredentialEvents,
  type TokenRecord,
  type TokenStore,
} from '@mailup-kit/core/credentials';
import { assertTokenSet, clockSkewOf, type TokenSet, tokenRecordFrom } from './token-set.js';

/** What the manager tells the refresh grant about the one Token call it is about to make. */
export interface RefreshCallOptions {
  /**
   * Deadline of the whole Token call, ms (connect to last byte). Always shorter than what is left of the lock lease
   * that protects the refresh; pass it on (`oauth.refresh(rt, signal, options)`). The manager also aborts
   * `signal` at this deadline, so a grant that ignores it is still bounded.
   */
  timeoutMs: number;
}

/** The refresh grant the manager calls (an {@link OAuthClient}'s `refresh`, or a test double). */
export type RefreshGrant = (
  refreshToken: string,
  signal?: AbortSignal,
  options?: RefreshCallOptions,
) => Promise<TokenSet>;

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  store: TokenStore;
  /** Key of this grant in the store (e.g. `${clientId}:${username}`); shared by every process of a fleet. */
  key: string;
  refresh: RefreshGrant;
  clock?: Clock;
  /** Refresh this long before expiry (default 60 000 ms). */
  refreshAheadMs?: number;
  /**
   * Lease of the cross-process refresh lock (default 30 000 ms). It must outlast the Token call plus the store
   * round-trips under the lock: `refreshTimeoutMs + leaseMarginMs < lockTtlMs`, or the constructor throws a
   * `validation` MailUpError (a refresh that outlives its lease lets another process re-send the same refresh
   * token, and MailUp revokes the whole grant).
   */
  lockTtlMs?: number;
  /** Deadline of one Token call, ms (default 15 000, or less when the lease is short). */
  refreshTimeoutMs?: number;
  /** Time kept in the lease for the store's re-read and compare-and-set (default 5 000, at most a quarter of the lease). */
  leaseMarginMs?: number;
  /** How long to wait for another process's refresh (default 30 000 ms). */
  lockWaitMs?: number;
  logger?: Logger;
  events?: CredentialEvents;
}

/**
 * Keeps one OAuth grant's tokens valid for any number of callers and processes: core's {@link CredentialCache}
 * (single flight, cross-process lock, re-read under the lock, compare-and-set before first use, lease-bound
 * deadline, tokens kept in memory when the store fails, spent refresh tokens never re-sent, no older record over
 * a newer one) driven by the OAuth refresh grant. OAuth's own rules live here:
 *
 * - the refresh token rotates: the one sent is spent, the answer's replaces it; an answer without one keeps it;
 * - expiry is placed on the server's clock (its `Date` header) and compared with local time plus the learned skew;
 * - `invalid_grant` ⇒ `reauthorization-required` (error + event); the dead refresh token is dropped from the store;
 * - a lost or timed-out refresh is never re-sent (MailUp revokes the grant on a re-sent refresh token): the refresh
 *   token is dropped, the access token is served while it lasts, then `reauthorization-required`
 *   (reason `lost-response`);
 * - a 429 from the Token endpoint is throttling: tokens are kept, the still-valid access token is used, and only
 *   when none is valid the `throttled` error (with its wait) reaches the caller;
 * - a stored grant without a refresh token is served until it expires, then `reauthorization-required`.
 *
 * @example
 * ```ts
 * const manager = new TokenManager({ store, key: 'm51234', refresh: (rt, s, o) => oauth.refresh(rt, s, o) });
 * await manager.save(await oauth.passwordGrant({ username, password }));
 * const token = await manager.getAccessToken();
 * ```
 */
export class TokenManager {
  readonly events: CredentialEvents;
  readonly key: string;
  private readonly cache: CredentialCache<TokenSet>;

  constructor(options: TokenManagerOptions) {
    if (typeof options.key !== 'string' || options.key === '') {
      throw new MailUpError({ kind: 'validation', protocol: 'oauth', message: 'TokenManager: key is required' });
    }
    this.key = options.key;
    this.events = options.events ?? new CredentialEvents();
    const refresh = options.refresh;
    this.cache = new CredentialCache<TokenSet>({
      store: options.store,
      key: options.key,
      protocol: 'oauth',
      name: 'TokenManager',
      label: 'OAuth tokens',
      renewOperation: 'TokenManager.refresh',
      optionNames: { renewTimeoutMs: 'refreshTimeoutMs' },
      clock: options.clock,
      logger: options.logger,
      events: this.events,
      renewAheadMs: options.refreshAheadMs,
      lockTtlMs: options.lockTtlMs,
      lockWaitMs: options.lockWaitMs,
      renewTimeoutMs: options.refreshTimeoutMs,
      leaseMarginMs: options.leaseMarginMs,
      canRenew: (current) => current.refreshToken !== undefined,
      renew: (current, call) => refresh(current.refreshToken as string, call.signal, { timeoutMs: call.timeoutMs }),
      toRecord: (set, current) => {
        assertTokenSet(set, 'TokenManager.refresh');
        return tokenRecordFrom(set, current.refreshToken, current.meta as Record<string, string> | undefined);
      },
      // against the manager's clock when the answer came back, whatever clock the grant stamped it with
      skewOf: (set, answeredAt) => clockSkewOf(set, answeredAt),
    });
  }

  /** The server's clock as this process estimates it. */
  serverNow(): number {
    return this.cache.serverNow();
  }

  /** True while rotated tokens the server issued are only in this process's memory (the store refused them). */
  get hasUnsavedTokens(): boolean {
    return this.cache.hasUnsaved;
  }

  /**
   * Stores the tokens of a fresh grant (login), replacing whatever the key held. Returns the store version.
   * Refuses (kind `conflict`) tokens that a refresh already rotated (their refresh token is spent) and tokens
   * older than the stored ones: use {@link setMeta} to add facts to the stored record instead of saving again.
   */
  async save(set: TokenSet, meta?: Record<string, string>): Promise<number> {
    assertTokenSet(set, 'TokenManager.save');
    const record: TokenRecord = tokenRecordFrom(set, undefined, meta);
    return this.cache.save(record, { skewMs: clockSkewOf(set) });
  }

  /**
   * Adds non-secret facts (e.g. the user name) to the CURRENT record by compare-and-set, keeping its tokens: safe
   * even when a refresh rotated the tokens since they were saved. Returns the store version.
   */
  setMeta(meta: Record<string, string>): Promise<number> {
    return this.cache.setMeta(meta);
  }

  /** Removes the stored tokens of this key (logout). */
  clear(): Promise<void> {
    return this.cache.clear();
  }

  /**
   * Saves rotated tokens that are only in memory (the store failed right after the server issued them). Called on
   * every token request while some are unsaved; call it yourself before a planned shutdown. True when nothing is
   * left unsaved; never throws.
   */
  flush(): Promise<boolean> {
    return this.cache.flush();
  }

  /**
   * A valid access token: cached when fresh, else refreshed once for every concurrent caller. While a refresh
   * ahead of expiry runs, other callers are served the still-valid token at once. `caller` (the REST auth step
   * passes its call) names the call a refresh started here is made for, in the `refreshed` event.
   */
  getAccessToken(signal?: AbortSignal, caller?: CredentialCaller): Promise<string> {
    return this.cache.get(signal, caller).then(accessTokenOf);
  }

  /**
   * The access token in memory when {@link getAccessToken} would answer it at once (fresh: not due for a refresh
   * ahead of expiry, nothing unsaved to flush), else `undefined`. No I/O, never refreshes.
   */
  peekAccessToken(): string | undefined {
    return this.cache.peek()?.accessToken;
  }

  /**
   * Called when the server rejected `rejectedAccessToken` with a 401: refreshes once (unless someone already
   * replaced that token) so that the caller's retry loop can repeat the call with the new one.
   */
  forceRefresh(rejectedAccessToken: string, signal?: AbortSignal, caller?: CredentialCaller): Promise<void> {
    return this.cache.forceRenew(rejectedAccessToken, signal, caller);
  }

  /**
   * Where the grant stands — `absent`, `valid`, `expiring`, `expired` or `reauthorization-required`, with
   * `expiresAt` — without refreshing and without calling MailUp (it reads the token store only).
   *
   * @example
   * ```ts
   * const { state, expiresAt } = await manager.status();
   * if (state === 'reauthorization-required' || state === 'absent') await login();
   * ```
   */
  status(): Promise<CredentialStatus> {
    return this.cache.status();
  }

  /**
   * True when a fresh access token is held in this process's memory (not due for renewal, saved): the next call is
   * served it without reading the store and without renewing. A cheap, synchronous sibling of {@link status} for a
   * caller that only asks "are credentials present?" on every call (the facade's eligibility); when it answers
   * false, ask {@link status}.
   */
  hasFreshToken(): boolean {
    return this.peekAccessToken() !== undefined;
  }

  /** Stops using the manager (listeners removed). The store is the caller's to close. */
  close(): void {
    this.cache.close();
  }
}

/** The access token of a record (a named function: no closure per call). */
function accessTokenOf(record: { accessToken: string }): string {
  return record.accessToken;
}
