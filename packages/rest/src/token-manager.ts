import { createHash } from 'node:crypto';
import {
  abortedError,
  type Clock,
  type Logger,
  MailUpError,
  silentLogger,
  systemClock,
  type TokenLock,
  type TokenRecord,
  type TokenStore,
  type VersionedToken,
} from '@mailup-kit/core';
import { TokenEvents } from './token-events.js';
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
  events?: TokenEvents;
}

type RefreshReason = 'ahead-of-expiry' | 'rejected-by-server';

/** Rotated tokens the server issued that the store has not accepted yet (kept in memory, served, re-saved). */
interface Unsaved {
  record: TokenRecord;
  /** Access token of the record they replace: a store still holding that record is older than these. */
  replaces: string;
}

/** Why a refresh call failed, and what is known about whether it reached the server. */
interface RefreshFailure {
  error: unknown;
  /** The manager's lease-bound deadline aborted the call. */
  deadlinePassed: boolean;
  /** The grant returned something (unusable): the server answered, so it may have rotated. */
  answered: boolean;
}

/** Backoff between save attempts right after a refresh (on the manager's clock). */
const SAVE_RETRY_DELAYS_MS = [100, 200, 400];

/** A short, one-way fingerprint of a refresh token (so that spent tokens can be recognised without keeping them). */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
    throw new MailUpError({
      kind: 'validation',
      protocol: 'oauth',
      operation: 'TokenManager',
      message: `TokenManager: ${name} must be a positive number of ms`,
    });
  }
}

/**
 * Keeps one OAuth grant's tokens valid for any number of callers and processes (DESIGN.md, Tokens and sessions):
 *
 * - fresh token ⇒ returned from the in-process cache, no I/O;
 * - near expiry (or rejected by a 401) ⇒ ONE refresh per process (single flight), under the store's
 *   cross-process lock, after re-reading the store (another process may already have refreshed);
 * - the Token call's deadline is always shorter than what is left of that lock's lease (`refreshTimeoutMs`,
 *   `leaseMarginMs`, `lockTtlMs`; a configuration that breaks this is refused), so no second process can take the
 *   lock while a refresh is still on the wire;
 * - the rotated refresh token is written with compare-and-set BEFORE the new access token is handed out;
 * - if the store fails after the server answered (Redis down, disk full), the rotated tokens are never lost: they
 *   are kept in memory and served, the save is retried with backoff and again on later calls ({@link flush}), and
 *   the spent refresh token is never sent again (the in-memory set wins over the store's older record);
 * - no write puts an older record over a newer one: {@link save} refuses tokens that a refresh already rotated,
 *   and {@link setMeta} changes only the facts of the current record;
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
 * const manager = new TokenManager({ store, key: 'm51234', refresh: (rt, s, o) => oauth.refresh(rt, s, o) });
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
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly leaseMarginMs: number;
  private cached: VersionedToken | undefined;
  private unsaved: Unsaved | undefined;
  /** Fingerprints of refresh tokens this manager has sent (rotated or maybe spent): never written back. */
  private readonly spent = new Set<string>();
  private skewMs = 0;
  private inflight: Promise<VersionedToken> | undefined;
  private flushing: Promise<boolean> | undefined;
  /** The refresh lock kept while rotated tokens are unsaved (released once they are saved). */
  private heldLock: TokenLock | undefined;
  private closed = false;

  constructor(private readonly options: TokenManagerOptions) {
    if (typeof options.key !== 'string' || options.key === '') {
      throw new MailUpError({ kind: 'validation', protocol: 'oauth', message: 'TokenManager: key is required' });
    }
    for (const name of ['lockTtlMs', 'lockWaitMs', 'refreshTimeoutMs', 'leaseMarginMs'] as const) {
      positive(name, options[name]);
    }
    this.key = options.key;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.aheadMs = options.refreshAheadMs ?? 60_000;
    this.events = options.events ?? new TokenEvents();
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
    this.leaseMarginMs = options.leaseMarginMs ?? Math.min(5_000, Math.floor(this.lockTtlMs / 4));
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? Math.min(15_000, this.lockTtlMs - this.leaseMarginMs - 1);
    if (!(this.refreshTimeoutMs > 0) || this.refreshTimeoutMs + this.leaseMarginMs >= this.lockTtlMs) {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'oauth',
        operation: 'TokenManager',
        message:
          `TokenManager: the Token call's deadline refreshTimeoutMs (${this.refreshTimeoutMs} ms) plus leaseMarginMs ` +
          `(${this.leaseMarginMs} ms) must be shorter than the refresh lock's lease lockTtlMs (${this.lockTtlMs} ms): ` +
          'a refresh that outlives its lease lets another process re-send the same refresh token, and MailUp revokes the grant',
        details: {
          refreshTimeoutMs: this.refreshTimeoutMs,
          leaseMarginMs: this.leaseMarginMs,
          lockTtlMs: this.lockTtlMs,
        },
      });
    }
  }

  /** The server's clock as this process estimates it. */
  serverNow(): number {
    return this.clock.now() + this.skewMs;
  }

  /** True while rotated tokens the server issued are only in this process's memory (the store refused them). */
  get hasUnsavedTokens(): boolean {
    return this.unsaved !== undefined;
  }

  /**
   * Stores the tokens of a fresh grant (login), replacing whatever the key held. Returns the store version.
   * Refuses (kind `conflict`) tokens that a refresh already rotated (their refresh token is spent) and tokens
   * older than the stored ones: use {@link setMeta} to add facts to the stored record instead of saving again.
   */
  async save(set: TokenSet, meta?: Record<string, string>): Promise<number> {
    assertTokenSet(set, 'TokenManager.save');
    const record = tokenRecordFrom(set, undefined, meta);
    const stale = (why: string) =>
      conflict(
        'TokenManager.save',
        `refusing to save tokens older than the stored ones: ${why}; use setMeta() to add facts to the stored record`,
      );
    if (record.refreshToken !== undefined && this.spent.has(fingerprint(record.refreshToken))) {
      throw stale('their refresh token was already rotated by a refresh');
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.options.store.get(this.key);
      if (
        current &&
        record.refreshToken !== undefined &&
        current.record.rotatedFrom === fingerprint(record.refreshToken)
      ) {
        throw stale('the stored tokens were rotated from them');
      }
      if (current && current.record.obtainedAt > record.obtainedAt) {
        throw stale('the stored tokens were issued later');
      }
      const result = await this.options.store.compareAndSet(this.key, current?.version ?? 0, record);
      if (result.ok) {
        this.skewMs = clockSkewOf(set);
        this.unsaved = undefined;
        await this.releaseHeldLock();
        this.cached = { record, version: result.version };
        return result.version;
      }
    }
    throw conflict('TokenManager.save', 'the token store kept changing while saving new tokens');
  }

  /**
   * Adds non-secret facts (e.g. the user name) to the CURRENT record by compare-and-set, keeping its tokens: safe
   * even when a refresh rotated the tokens since they were saved. Returns the store version.
   */
  async setMeta(meta: Record<string, string>): Promise<number> {
    this.assertOpen();
    for (const [name, value] of Object.entries(meta ?? {})) {
      if (typeof value !== 'string') {
        throw new MailUpError({
          kind: 'validation',
          protocol: 'oauth',
          operation: 'TokenManager.setMeta',
          message: `TokenManager.setMeta: ${name} must be a string`,
        });
      }
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.effective(await this.options.store.get(this.key));
      if (!current) throw this.reauthError('no tokens are stored for this key; log in first');
      const record: TokenRecord = { ...current.record, meta: { ...current.record.meta, ...meta } };
      const result = await this.options.store.compareAndSet(this.key, current.version, record);
      if (result.ok) {
        if (this.unsaved?.record === current.record) this.unsaved = undefined;
        this.cached = { record, version: result.version };
        return result.version;
      }
    }
    throw conflict('TokenManager.setMeta', 'the token store kept changing while updating the stored facts');
  }

  /** Removes the stored tokens of this key (logout). */
  async clear(): Promise<void> {
    this.cached = undefined;
    this.unsaved = undefined;
    await this.releaseHeldLock();
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.options.store.get(this.key);
      if (!current) return;
      if ((await this.options.store.compareAndSet(this.key, current.version, null)).ok) return;
    }
    throw conflict(
      'TokenManager.clear',
      'the token store kept changing while removing the tokens; they may still be stored',
    );
  }

  /**
   * Saves rotated tokens that are only in memory (the store failed right after the server issued them). Called on
   * every token request while some are unsaved; call it yourself before a planned shutdown. True when nothing is
   * left unsaved; never throws.
   */
  flush(): Promise<boolean> {
    if (!this.unsaved) return Promise.resolve(true);
    this.flushing ??= this.saveUnsaved().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** A valid access token: cached when fresh, else refreshed once for every concurrent caller. */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    if (this.unsaved) void this.flush();
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
    if (this.unsaved) {
      this.logger.error({ key: this.key }, 'mailup-kit: closing with rotated OAuth tokens that were never saved');
    }
    this.closed = true;
    this.events.clear();
  }

  private async current(signal?: AbortSignal): Promise<VersionedToken> {
    this.assertOpen();
    let stored: VersionedToken | undefined;
    try {
      stored = this.effective(await this.options.store.get(this.key));
    } catch (error) {
      // The store is down: rotated tokens kept in memory still serve while they work.
      const unsaved = this.unsaved;
      if (unsaved && this.isUsable(unsaved.record)) return { record: unsaved.record, version: 0 };
      throw this.withUnsavedNote(error);
    }
    if (stored && this.isFresh(stored.record)) {
      this.cached = stored;
      return stored;
    }
    return abortable(this.singleFlight('ahead-of-expiry', undefined), signal);
  }

  /**
   * One refresh per process. It serves every waiting caller, so no caller's AbortSignal reaches it: a caller who
   * gives up stops waiting, while the refresh (bounded by the lock wait and the Token call's deadline) completes
   * and is persisted — aborting a sent refresh would lose its rotation.
   */
  private singleFlight(reason: RefreshReason, rejected: string | undefined) {
    this.inflight ??= this.refreshUnderLock(reason, rejected)
      .catch((error: unknown) => {
        const unsaved = this.unsaved;
        if (unsaved && rejected === undefined && this.isUsable(unsaved.record)) {
          return { record: unsaved.record, version: 0 };
        }
        throw this.withUnsavedNote(error);
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async refreshUnderLock(reason: RefreshReason, rejected: string | undefined): Promise<VersionedToken> {
    const { store } = this.options;
    await this.releaseHeldLock(); // ours, kept from a refresh whose tokens the store refused
    const lock = await store.lock(this.key, { ttlMs: this.lockTtlMs, waitMs: this.lockWaitMs });
    const lockedAt = this.clock.now();
    let persisted = true;
    try {
      const current = this.effective(await store.get(this.key));
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
      // The Token call must end (answer or abort) while the lease still has room for the compare-and-set.
      const timeoutMs = Math.min(
        this.refreshTimeoutMs,
        this.lockTtlMs - this.leaseMarginMs - (this.clock.now() - lockedAt),
      );
      if (timeoutMs <= 0) {
        throw new MailUpError({
          kind: 'transient',
          protocol: 'oauth',
          operation: 'TokenManager.refresh',
          message: 'the refresh lock lease ran short before the Token call could be sent; nothing was sent',
          details: { bytesMayHaveLeft: false },
        });
      }
      const outcome = await this.callRefresh(refreshToken, timeoutMs);
      if ('error' in outcome) return await this.onRefreshFailure(outcome, current, rejected);
      const set = outcome.set;
      this.skewMs = clockSkewOf(set);
      const record = tokenRecordFrom(set, refreshToken, current.record.meta as Record<string, string> | undefined);
      if (record.refreshToken !== refreshToken) record.rotatedFrom = fingerprint(refreshToken);
      const written = await this.persistOrKeep(current, record, lockedAt);
      persisted = written !== undefined;
      const served = written ?? { record, version: current.version };
      this.cached = served;
      if (written) {
        this.logger.info({ key: this.key, version: written.version, reason }, 'mailup-kit: OAuth tokens refreshed');
        this.events.emit('refreshed', { key: this.key, version: written.version, expiresAt: record.expiresAt, reason });
      }
      return served;
    } finally {
      // Unsaved tokens: keep the lock until they are saved (or its lease runs out) instead of inviting another
      // process to refresh right away from the store's spent record.
      if (persisted) await lock.release().catch(() => undefined);
      else this.heldLock = lock;
    }
  }

  /** Calls the refresh grant with a deadline: its signal aborts when `timeoutMs` passes on the manager's clock. */
  private async callRefresh(refreshToken: string, timeoutMs: number): Promise<{ set: TokenSet } | RefreshFailure> {
    this.spent.add(fingerprint(refreshToken));
    const deadline = new AbortController();
    const timer = new AbortController();
    let deadlinePassed = false;
    this.clock.sleep(timeoutMs, timer.signal).then(
      () => {
        deadlinePassed = true;
        deadline.abort(
          new MailUpError({
            kind: 'ambiguous',
            protocol: 'oauth',
            operation: 'Token refresh_token',
            message: `the Token call passed its ${timeoutMs} ms deadline (kept inside the refresh lock lease); its answer is lost`,
            details: { bytesMayHaveLeft: true, timedOut: true },
          }),
        );
      },
      () => undefined,
    );
    let set: TokenSet;
    try {
      set = await this.options.refresh(refreshToken, deadline.signal, { timeoutMs });
    } catch (error) {
      return { error, deadlinePassed, answered: false };
    } finally {
      timer.abort();
    }
    try {
      assertTokenSet(set, 'TokenManager.refresh');
    } catch (error) {
      return { error, deadlinePassed, answered: true }; // an answer came back but is unusable: it may have rotated
    }
    return { set };
  }

  /**
   * CAS the rotated tokens; a conflicting writer (a lease that ran out) is overwritten: ours came from the server
   * last. If the store fails, the tokens are kept in memory (served, re-saved later) and undefined is returned.
   */
  private async persistOrKeep(
    current: VersionedToken,
    record: TokenRecord,
    lockedAt: number,
  ): Promise<VersionedToken | undefined> {
    this.unsaved = { record, replaces: current.record.accessToken };
    let lastError: unknown;
    for (let attempt = 0; attempt <= SAVE_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) {
        const delay = SAVE_RETRY_DELAYS_MS[attempt - 1] ?? 0;
        if (this.clock.now() + delay > lockedAt + this.lockTtlMs) break; // keep the retries inside the lease
        await this.clock.sleep(delay);
      }
      try {
        const written = await this.persist(current, record);
        this.unsaved = undefined;
        return written;
      } catch (error) {
        lastError = error; // store down, disk full, or a store that keeps changing: keep ours, it is the newest
      }
    }
    const message = errorMessage(lastError);
    this.logger.error(
      { key: this.key, error: message },
      'mailup-kit: the token store failed after the server rotated the tokens; they are safe in memory, served, and not yet persisted (saving is retried)',
    );
    this.events.emit('unsaved', { key: this.key, message });
    return undefined;
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
    throw conflict('TokenManager.refresh', 'could not persist the rotated tokens: the token store kept changing');
  }

  private async saveUnsaved(): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const unsaved = this.unsaved;
      if (!unsaved) return true;
      try {
        const stored = await this.options.store.get(this.key);
        if (!this.unsavedWins(unsaved, stored)) {
          this.unsaved = undefined;
          return true;
        }
        const result = await this.options.store.compareAndSet(this.key, stored?.version ?? 0, unsaved.record);
        if (result.ok) {
          if (this.unsaved === unsaved) this.unsaved = undefined;
          this.cached = { record: unsaved.record, version: result.version };
          await this.releaseHeldLock();
          this.logger.info({ key: this.key, version: result.version }, 'mailup-kit: unsaved OAuth tokens persisted');
          this.events.emit('refreshed', {
            key: this.key,
            version: result.version,
            expiresAt: unsaved.record.expiresAt,
            reason: 'saved-late',
          });
          return true;
        }
      } catch (error) {
        this.logger.warn(
          { key: this.key, error: errorMessage(error) },
          'mailup-kit: saving unsaved OAuth tokens failed',
        );
        return false;
      }
    }
    return this.unsaved === undefined;
  }

  /**
   * The record to act on: the store's, unless rotated tokens in memory are newer than it (the store still holds
   * the record they replaced, a record with a refresh token this manager already spent, or nothing at all).
   */
  private effective(stored: VersionedToken | undefined): VersionedToken | undefined {
    const unsaved = this.unsaved;
    if (!unsaved) return stored;
    if (this.unsavedWins(unsaved, stored)) return { record: unsaved.record, version: stored?.version ?? 0 };
    this.unsaved = undefined; // the store moved on (a new login): its record is newer
    return stored;
  }

  private unsavedWins(unsaved: Unsaved, stored: VersionedToken | undefined): boolean {
    if (!stored) return true;
    if (stored.record.accessToken === unsaved.replaces) return true;
    const storedRefresh = stored.record.refreshToken;
    return storedRefresh !== undefined && this.spent.has(fingerprint(storedRefresh));
  }

  private async onRefreshFailure(
    failure: RefreshFailure,
    current: VersionedToken,
    rejected: string | undefined,
  ): Promise<VersionedToken> {
    const { error, deadlinePassed, answered } = failure;
    const stillValid = rejected === undefined && this.isUsable(current.record);
    // The request may have reached the server (and rotated the token) when the transport says so, when the
    // manager's own deadline cut it off without proof that nothing left, or when the server answered 200 with a
    // body we cannot use.
    const details = MailUpError.is(error) ? error.details : undefined;
    const maybeSent =
      answered ||
      MailUpError.is(error, 'ambiguous') ||
      details?.bytesMayHaveLeft === true ||
      (deadlinePassed && details?.bytesMayHaveLeft !== false) ||
      (MailUpError.is(error, 'validation') && error.httpStatus === 200);
    if (!maybeSent && (MailUpError.is(error, 'throttled', 'transient') || isAbortKind(error))) {
      // Nothing was spent: keep every token. Use the current access token while it is still valid.
      this.logger.warn({ key: this.key, kind: (error as MailUpError).kind }, 'mailup-kit: token refresh postponed');
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
    if (maybeSent) {
      // The refresh may have rotated on the server and its answer was lost: the stored refresh token may be
      // spent, and re-sending a spent one revokes the whole grant. Never re-send it.
      await this.dropRefreshToken(current).catch(() => {
        this.cached = undefined;
      });
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

  private async releaseHeldLock(): Promise<void> {
    const held = this.heldLock;
    this.heldLock = undefined;
    await held?.release().catch(() => undefined);
  }

  private async dropRefreshToken(current: VersionedToken): Promise<void> {
    const { refreshToken: _dropped, ...rest } = current.record;
    // Whatever was in memory is superseded: the grant behind it is dead or its rotation was lost.
    this.unsaved = undefined;
    const result = await this.options.store.compareAndSet(this.key, current.version, rest);
    this.cached = result.ok ? { record: rest, version: result.version } : undefined;
  }

  /** Adds to a store error that rotated tokens are safe in memory (so nobody re-logs in or re-sends in a panic). */
  private withUnsavedNote(error: unknown): unknown {
    if (!this.unsaved || !MailUpError.is(error)) return error;
    return new MailUpError({
      kind: error.kind,
      protocol: error.protocol,
      operation: error.operation,
      message: `${error.message} (the rotated tokens are safe in memory and not yet persisted; the spent refresh token is never re-sent)`,
      retryable: error.retryable,
      details: { ...error.details, unsavedTokens: true },
      cause: error,
    });
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

function conflict(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'conflict', protocol: 'oauth', operation, message });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A caller-side abort (kind `aborted` once core has it) that proves nothing left. */
function isAbortKind(error: unknown): boolean {
  return MailUpError.is(error) && (error.kind as string) === 'aborted' && error.details?.bytesMayHaveLeft === false;
}

/**
 * `promise`, or, as soon as `signal` aborts, a MailUpError kind `aborted` (`bytesMayHaveLeft` false: only this
 * caller stops waiting; the shared refresh keeps running and is persisted for the others).
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const aborted = () =>
    abortedError({
      protocol: 'oauth',
      operation: 'TokenManager.getAccessToken',
      what: 'waiting for the OAuth token',
      bytesMayHaveLeft: false,
      reason: signal.reason,
    });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
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
