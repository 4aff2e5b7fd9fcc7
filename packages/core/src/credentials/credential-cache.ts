import { type Clock, systemClock } from '../clock.js';
import { abortedError } from '../errors/aborted-error.js';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError, provablyNotSent } from '../errors/mailup-error.js';
import { type Logger, silentLogger } from '../logger.js';
import { waitOrAbort } from '../pipeline/wait-or-abort.js';
import type { TokenRecord, VersionedToken } from '../tokens/token-record.js';
import type { TokenLock, TokenStore } from '../tokens/token-store.js';
import { type CredentialEventCaller, CredentialEvents } from './credential-events.js';
import { secretFingerprint } from './fingerprint.js';

/** What the cache tells `renew` about the one renewal call it is about to make. */
export interface RenewCall {
  /**
   * Aborts at the renewal's deadline (and never earlier because of a caller: a renewal serves every waiting
   * caller). Pass it on to the transport.
   */
  signal: AbortSignal;
  /**
   * Deadline of the whole renewal call, ms (connect to last byte). Always shorter than what is left of the lock
   * lease that protects it, so no other process can take the lock while it is still on the wire.
   */
  timeoutMs: number;
}

/** Why a renewal happens. */
export type RenewReason = 'ahead-of-expiry' | 'rejected-by-server';

/**
 * The call on whose behalf a credential is asked for (given by an auth step): a renewal it starts names it in its
 * events, so an observer can tie a `credential-renewed` to the call that caused it.
 */
export type CredentialCaller = CredentialEventCaller;

/**
 * What {@link CredentialCache.status} answers, without renewing and without calling the server:
 *
 * - `absent`: nothing stored for the key (log in first);
 * - `valid`: a credential that is not due for renewal;
 * - `expiring`: still valid, inside the renew-ahead window (the next call renews it, or is served it while a
 *   renewal runs);
 * - `expired`: past its expiry; the next call renews it;
 * - `reauthorization-required`: it cannot be renewed (the grant is dead, or its renewal answer was lost and the
 *   spent secret is never re-sent) and it is no longer valid: a human must log in again.
 */
export interface CredentialStatus {
  readonly state: 'absent' | 'valid' | 'expiring' | 'expired' | 'reauthorization-required';
  /** A credential is stored (or held in memory). */
  readonly present: boolean;
  /** Epoch ms on the server's clock when the credential expires. */
  readonly expiresAt?: number;
  /** Epoch ms on the server's clock from which the next call renews it (`expiresAt - renewAheadMs`). */
  readonly renewAt?: number;
  /** False when the credential can no longer be renewed (served until `expiresAt`, then reauthorization). */
  readonly renewable: boolean;
  /** A renewal is running in this process. */
  readonly renewing: boolean;
  /** A renewed credential is in memory only (the store refused it; saving is retried). */
  readonly unsaved: boolean;
}

/** Options of {@link CredentialCache}. `T` is what the renewer answers (an OAuth token set, a SOAP access key …). */
export interface CredentialCacheOptions<T> {
  store: TokenStore;
  /** Key of this credential in the store; shared by every process of a fleet. */
  key: string;
  /**
   * Obtains a new credential. `current` is the record read under the cross-process lock (its `refreshToken`, when
   * present, is treated as a single-use secret: it is never handed to `renew` twice). Throw a MailUpError kind
   * `reauthorization-required` when the server killed the grant.
   */
  renew: (current: TokenRecord, call: RenewCall) => Promise<T>;
  /**
   * The record to store for an answer of `renew` (throw a `validation` MailUpError when the answer is unusable:
   * the server answered, so a single-use secret is then treated as spent). The cache carries `meta` over and sets
   * `rotatedFrom`.
   */
  toRecord: (answer: T, current: TokenRecord) => TokenRecord;
  /**
   * Server clock minus local clock learned from an answer (default 0). `answeredAt` is the cache's own clock when
   * `renew` resolved: measure the skew against it, not against a time the renewer stamped on its own clock (a
   * renewer on another clock — an OAuth client built without the cache's clock — would put the difference between
   * the two clocks into the skew, and a credential renewed a moment ago would look expired to the process that
   * renewed it: one renewal per call instead of one per expiry).
   */
  skewOf?: (answer: T, answeredAt: number) => number;
  /**
   * False when `current` cannot be renewed (e.g. an OAuth record without a refresh token): the cache then serves it
   * while it lasts and raises `reauthorization-required` afterwards. Default: always renewable (a re-login).
   */
  canRenew?: (current: TokenRecord) => boolean;
  /** Protocol named by the cache's errors (default `oauth`). */
  protocol?: Protocol;
  /** Owner named in errors and operations, e.g. `TokenManager` (default `CredentialCache`). */
  name?: string;
  /** What the credential is called in log lines and messages (default `credentials`). */
  label?: string;
  /** Operation named by renewal errors (default `${name}.renew`). */
  renewOperation?: string;
  clock?: Clock;
  logger?: Logger;
  events?: CredentialEvents;
  /** Renew this long before expiry (default 60 000 ms). */
  renewAheadMs?: number;
  /**
   * Lease of the cross-process lock (default 30 000 ms). `renewTimeoutMs + leaseMarginMs < lockTtlMs`, or the
   * constructor throws a `validation` MailUpError.
   */
  lockTtlMs?: number;
  /** Deadline of one renewal call, ms (default 15 000, or less when the lease is short). */
  renewTimeoutMs?: number;
  /** Time kept in the lease for the store's re-read and compare-and-set (default 5 000, at most a quarter of the lease). */
  leaseMarginMs?: number;
  /** How long to wait for another process's renewal (default 30 000 ms). */
  lockWaitMs?: number;
  /** Names of the options in error messages, when a wrapper exposes them under other names. */
  optionNames?: { renewTimeoutMs?: string };
}

/** A credential the server issued that the store has not accepted yet (kept in memory, served, re-saved). */
interface Unsaved {
  record: TokenRecord;
  /** Credential of the record it replaces: a store still holding that record is older than this one. */
  replaces: string;
}

interface RenewFailure {
  error: unknown;
  /** The cache's lease-bound deadline aborted the call. */
  deadlinePassed: boolean;
  /** The renewer answered something unusable: the server answered, so it may have rotated. */
  answered: boolean;
}

/** Backoff between save attempts right after a renewal (on the cache's clock). */
const SAVE_RETRY_DELAYS_MS = [100, 200, 400];

/**
 * Keeps one credential valid for any number of callers and processes, whatever the protocol (an OAuth token pair,
 * a SOAP access key …), driven by a `renew(current)` callback:
 *
 * - fresh ⇒ served from memory, no I/O;
 * - near expiry (`renewAheadMs`, on the server's clock) or rejected by the server ({@link forceRenew}) ⇒ ONE
 *   renewal per process (single flight), under the store's cross-process lock, after re-reading the store (another
 *   process may already have renewed);
 * - the renewal's deadline is always shorter than what is left of the lock lease (a configuration that breaks this
 *   is refused);
 * - the new credential is written with compare-and-set BEFORE it is handed out;
 * - a credential the server issued is never lost: if the store fails it is kept in memory, served, and re-saved
 *   ({@link flush}, and on later calls);
 * - a single-use renewal secret (`refreshToken`) is never sent twice: a renewal that may have reached the server
 *   without an answer drops it and raises `reauthorization-required` (`lost-response`); `invalid_grant`-style
 *   answers (`reauthorization-required` from `renew`) drop it too (`invalid-grant`);
 * - no caller overwrites a newer record with an older one ({@link save} refuses spent and older records,
 *   {@link setMeta} changes only the facts of the current record).
 *
 * @example
 * ```ts
 * import { CredentialCache, MemoryTokenStore } from '@mailup-kit/core/credentials';
 *
 * const HOUR = 3_600_000;
 * const cache = new CredentialCache<{ key: string; at: number }>({
 *   store: new MemoryTokenStore(),
 *   key: 'soap:m51234',
 *   renew: async () => ({ key: `key-${Date.now()}`, at: Date.now() }), // re-login with username + password
 *   toRecord: (answer) => ({ accessToken: answer.key, obtainedAt: answer.at, expiresAt: answer.at + HOUR }),
 * });
 * await cache.save({ accessToken: 'first-key', obtainedAt: Date.now(), expiresAt: Date.now() + HOUR });
 * const key = (await cache.get()).accessToken;
 * ```
 */
export class CredentialCache<T> {
  readonly events: CredentialEvents;
  readonly key: string;
  // What can hold a credential (the store, the cached and unsaved records, the renewal in flight, the options with
  // their store) lives in ES private fields: invisible to util.inspect (even showHidden) and JSON.stringify.
  readonly #store: TokenStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly protocol: Protocol;
  private readonly name: string;
  private readonly label: string;
  private readonly renewOperation: string;
  private readonly aheadMs: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly renewTimeoutMs: number;
  private readonly leaseMarginMs: number;
  #cached: VersionedToken | undefined;
  #unsaved: Unsaved | undefined;
  /** Fingerprints of single-use secrets this cache has sent (rotated or maybe spent): never written back. */
  readonly #spent = new Set<string>();
  private skewMs = 0;
  #inflight: Promise<VersionedToken> | undefined;
  /** The credential the renewal in flight replaces because the server rejected it (never served meanwhile). */
  #inflightRejected: string | undefined;
  /** The call that started the renewal in flight (named in its events). */
  #inflightCaller: CredentialCaller | undefined;
  /** Set when a renewal ended in `reauthorization-required`; cleared by {@link save}. */
  #reauthorization = false;
  #flushing: Promise<boolean> | undefined;
  /** The lock kept while a renewed credential is unsaved (released once it is saved). */
  #heldLock: TokenLock | undefined;
  private closed = false;
  readonly #options: CredentialCacheOptions<T>;

  constructor(options: CredentialCacheOptions<T>) {
    this.#options = options;
    this.protocol = options.protocol ?? 'oauth';
    this.name = options.name ?? 'CredentialCache';
    this.label = options.label ?? 'credentials';
    this.renewOperation = options.renewOperation ?? `${this.name}.renew`;
    if (typeof options.key !== 'string' || options.key === '') throw this.invalid('key is required');
    if (typeof options.renew !== 'function') throw this.invalid('renew must be a function');
    if (typeof options.toRecord !== 'function') throw this.invalid('toRecord must be a function');
    const timeoutName = options.optionNames?.renewTimeoutMs ?? 'renewTimeoutMs';
    const named = { lockTtlMs: 'lockTtlMs', lockWaitMs: 'lockWaitMs', renewTimeoutMs: timeoutName } as const;
    for (const field of ['lockTtlMs', 'lockWaitMs', 'renewTimeoutMs', 'leaseMarginMs'] as const) {
      const value = options[field];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
        throw this.invalid(`${field === 'leaseMarginMs' ? field : named[field]} must be a positive number of ms`);
      }
    }
    this.key = options.key;
    this.#store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.aheadMs = options.renewAheadMs ?? 60_000;
    this.events = options.events ?? new CredentialEvents();
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
    this.leaseMarginMs = options.leaseMarginMs ?? Math.min(5_000, Math.floor(this.lockTtlMs / 4));
    this.renewTimeoutMs = options.renewTimeoutMs ?? Math.min(15_000, this.lockTtlMs - this.leaseMarginMs - 1);
    if (!(this.renewTimeoutMs > 0) || this.renewTimeoutMs + this.leaseMarginMs >= this.lockTtlMs) {
      throw new MailUpError({
        kind: 'validation',
        protocol: this.protocol,
        operation: this.name,
        message:
          `${this.name}: the renewal call's deadline ${timeoutName} (${this.renewTimeoutMs} ms) plus leaseMarginMs ` +
          `(${this.leaseMarginMs} ms) must be shorter than the lock's lease lockTtlMs (${this.lockTtlMs} ms): ` +
          'a renewal that outlives its lease lets another process re-send the same single-use secret, and the server revokes the grant',
        details: { [timeoutName]: this.renewTimeoutMs, leaseMarginMs: this.leaseMarginMs, lockTtlMs: this.lockTtlMs },
      });
    }
  }

  /** The server's clock as this process estimates it. */
  serverNow(): number {
    return this.clock.now() + this.skewMs;
  }

  /** True while a credential the server issued is only in this process's memory (the store refused it). */
  get hasUnsaved(): boolean {
    return this.#unsaved !== undefined;
  }

  /** The credential record in memory when it is still fresh (no I/O), else undefined. */
  peek(): TokenRecord | undefined {
    const cached = this.#cached;
    return cached !== undefined && !this.#unsaved && this.isFresh(cached.record) ? cached.record : undefined;
  }

  /**
   * Stores a credential obtained outside a renewal (a login), replacing whatever the key held, by compare-and-set.
   * Refuses (kind `conflict`) a record whose `refreshToken` a renewal already spent and a record older than the
   * stored one: use {@link setMeta} to add facts instead of saving again. Returns the store version.
   */
  async save(record: TokenRecord, options: { skewMs?: number } = {}): Promise<number> {
    this.assertOpen();
    const operation = `${this.name}.save`;
    const stale = (why: string) =>
      this.conflict(
        operation,
        `refusing to save ${this.label} older than the stored ones: ${why}; use setMeta() to add facts to the stored record`,
      );
    const secret = record.refreshToken === undefined ? undefined : secretFingerprint(record.refreshToken);
    if (secret !== undefined && this.#spent.has(secret))
      throw stale('their refresh token was already rotated by a refresh');
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.#store.get(this.key);
      if (current && secret !== undefined && current.record.rotatedFrom === secret) {
        throw stale('the stored tokens were rotated from them');
      }
      if (current && current.record.obtainedAt > record.obtainedAt) throw stale('the stored tokens were issued later');
      const result = await this.#store.compareAndSet(this.key, current?.version ?? 0, record);
      if (result.ok) {
        this.skewMs = options.skewMs ?? 0;
        this.#unsaved = undefined;
        this.#reauthorization = false;
        await this.releaseHeldLock();
        this.#cached = { record, version: result.version };
        return result.version;
      }
    }
    throw this.conflict(operation, `the store kept changing while saving new ${this.label}`);
  }

  /**
   * Adds non-secret facts to the CURRENT record by compare-and-set, keeping its credential: safe even when a
   * renewal replaced it since it was saved. Returns the store version.
   */
  async setMeta(meta: Record<string, string>): Promise<number> {
    this.assertOpen();
    const operation = `${this.name}.setMeta`;
    for (const [field, value] of Object.entries(meta ?? {})) {
      if (typeof value !== 'string') {
        throw new MailUpError({
          kind: 'validation',
          protocol: this.protocol,
          operation,
          message: `${operation}: ${field} must be a string`,
        });
      }
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.effective(await this.#store.get(this.key));
      if (!current) throw this.reauthError(`no ${this.label} are stored for this key; log in first`);
      const record: TokenRecord = { ...current.record, meta: { ...current.record.meta, ...meta } };
      const result = await this.#store.compareAndSet(this.key, current.version, record);
      if (result.ok) {
        if (this.#unsaved?.record === current.record) this.#unsaved = undefined;
        this.#cached = { record, version: result.version };
        return result.version;
      }
    }
    throw this.conflict(operation, 'the store kept changing while updating the stored facts');
  }

  /** Removes the stored credential of this key (logout). */
  async clear(): Promise<void> {
    this.#cached = undefined;
    this.#unsaved = undefined;
    await this.releaseHeldLock();
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.#store.get(this.key);
      if (!current) return;
      if ((await this.#store.compareAndSet(this.key, current.version, null)).ok) return;
    }
    throw this.conflict(
      `${this.name}.clear`,
      `the store kept changing while removing the ${this.label}; they may still be stored`,
    );
  }

  /**
   * Saves a renewed credential that is only in memory (the store failed right after the server issued it). Called
   * on every {@link get} while one is unsaved; call it yourself before a planned shutdown. True when nothing is left
   * unsaved; never throws.
   */
  flush(): Promise<boolean> {
    if (!this.#unsaved) return Promise.resolve(true);
    this.#flushing ??= this.saveUnsaved().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /**
   * A valid credential: from memory when fresh, else renewed once for every concurrent caller. While a renewal
   * ahead of expiry is in flight, other callers are served the still-valid credential at once instead of waiting
   * for it. `caller` names the call a renewal started here is made for (in its events).
   */
  async get(signal?: AbortSignal, caller?: CredentialCaller): Promise<TokenRecord> {
    if (this.#unsaved) void this.flush();
    const cached = this.#cached;
    if (cached !== undefined) {
      if (this.isFresh(cached.record)) return cached.record;
      if (
        this.#inflight !== undefined &&
        cached.record.accessToken !== this.#inflightRejected &&
        this.isUsable(cached.record)
      ) {
        return cached.record;
      }
    }
    return (await this.current(signal, caller)).record;
  }

  /**
   * Called when the server rejected `rejected` (a 401, an expired-key answer): renews once (unless someone already
   * replaced that credential) so that the caller's retry loop can repeat the call with the new one.
   */
  async forceRenew(rejected: string, signal?: AbortSignal, caller?: CredentialCaller): Promise<void> {
    const cached = this.#cached;
    if (cached && cached.record.accessToken !== rejected && this.isUsable(cached.record)) return;
    await this.abortable(this.singleFlight('rejected-by-server', rejected, caller), signal);
  }

  /**
   * Where the credential stands, without renewing it and without calling the server: reads the store (memory,
   * file or Redis — never the service that issues the credential) and this process's memory. A store that cannot
   * be read is answered from memory.
   */
  async status(): Promise<CredentialStatus> {
    let stored: VersionedToken | undefined;
    try {
      stored = this.effective(await this.#store.get(this.key));
    } catch {
      stored = this.#unsaved ? { record: this.#unsaved.record, version: 0 } : this.#cached;
    }
    return this.statusOf(stored?.record);
  }

  /** {@link status} of `record` (what the store holds, or undefined). */
  statusOf(record: TokenRecord | undefined): CredentialStatus {
    const renewing = this.#inflight !== undefined;
    const unsaved = this.#unsaved !== undefined;
    if (!record) return { state: 'absent', present: false, renewable: false, renewing, unsaved };
    const renewable = !this.#reauthorization && (this.#options.canRenew ? this.#options.canRenew(record) : true);
    const expiresAt = record.expiresAt;
    const renewAt = expiresAt - this.aheadMs;
    const state = this.isFresh(record)
      ? 'valid'
      : this.isUsable(record)
        ? 'expiring'
        : renewable
          ? 'expired'
          : 'reauthorization-required';
    return { state, present: true, expiresAt, renewAt, renewable, renewing, unsaved };
  }

  /** Stops using the cache (listeners removed). The store is the caller's to close. */
  close(): void {
    if (this.#unsaved) {
      this.logger.error({ key: this.key }, `mailup-kit: closing with renewed ${this.label} that were never saved`);
    }
    this.closed = true;
    this.events.clear();
  }

  private async current(signal?: AbortSignal, caller?: CredentialCaller): Promise<VersionedToken> {
    this.assertOpen();
    let stored: VersionedToken | undefined;
    try {
      stored = this.effective(await this.#store.get(this.key));
    } catch (error) {
      // The store is down: a renewed credential kept in memory still serves while it works.
      const unsaved = this.#unsaved;
      if (unsaved && this.isUsable(unsaved.record)) return { record: unsaved.record, version: 0 };
      throw this.withUnsavedNote(error);
    }
    if (stored && this.isFresh(stored.record)) {
      this.#cached = stored;
      return stored;
    }
    return this.abortable(this.singleFlight('ahead-of-expiry', undefined, caller), signal);
  }

  /**
   * One renewal per process. It serves every waiting caller, so no caller's AbortSignal reaches it: a caller who
   * gives up stops waiting, while the renewal (bounded by the lock wait and its deadline) completes and is
   * persisted — aborting a sent renewal would lose what the server issued.
   */
  private singleFlight(
    reason: RenewReason,
    rejected: string | undefined,
    caller?: CredentialCaller,
  ): Promise<VersionedToken> {
    if (this.#inflight) return this.#inflight;
    this.#inflightRejected = rejected;
    this.#inflightCaller = caller;
    this.#inflight = this.renewUnderLock(reason, rejected)
      .catch((error: unknown) => {
        const unsaved = this.#unsaved;
        if (unsaved && rejected === undefined && this.isUsable(unsaved.record)) {
          return { record: unsaved.record, version: 0 };
        }
        throw this.withUnsavedNote(error);
      })
      .finally(() => {
        this.#inflight = undefined;
        this.#inflightRejected = undefined;
        this.#inflightCaller = undefined;
      });
    return this.#inflight;
  }

  private async renewUnderLock(reason: RenewReason, rejected: string | undefined): Promise<VersionedToken> {
    await this.releaseHeldLock(); // ours, kept from a renewal whose credential the store refused
    const lock = await this.#store.lock(this.key, { ttlMs: this.lockTtlMs, waitMs: this.lockWaitMs });
    const lockedAt = this.clock.now();
    let persisted = true;
    try {
      const current = this.effective(await this.#store.get(this.key));
      if (!current) throw this.reauthError(`no ${this.label} are stored for this key; log in first`);
      const replaced = rejected !== undefined && current.record.accessToken !== rejected;
      if ((replaced && this.isUsable(current.record)) || (rejected === undefined && this.isFresh(current.record))) {
        this.#cached = current; // another caller or process renewed while we waited for the lock
        return current;
      }
      if (this.#options.canRenew && !this.#options.canRenew(current.record)) {
        if (rejected === undefined && this.isUsable(current.record)) {
          this.#cached = current; // cannot renew, but the credential still works until it expires
          return current;
        }
        throw this.reauthError('the stored grant has no refresh token; log in again');
      }
      // The renewal must end (answer or abort) while the lease still has room for the compare-and-set.
      const timeoutMs = Math.min(
        this.renewTimeoutMs,
        this.lockTtlMs - this.leaseMarginMs - (this.clock.now() - lockedAt),
      );
      if (timeoutMs <= 0) {
        throw new MailUpError({
          kind: 'transient',
          protocol: this.protocol,
          operation: this.renewOperation,
          message: 'the lock lease ran short before the renewal could be sent; nothing was sent',
          sent: 'no',
        });
      }
      const outcome = await this.callRenew(current.record, timeoutMs);
      if ('error' in outcome) return await this.onRenewFailure(outcome, current, rejected);
      const record = outcome.record;
      if (record.meta === undefined && current.record.meta !== undefined) record.meta = current.record.meta;
      const spentSecret = current.record.refreshToken;
      if (spentSecret !== undefined && record.refreshToken !== spentSecret) {
        record.rotatedFrom = secretFingerprint(spentSecret);
      }
      const written = await this.persistOrKeep(current, record, lockedAt);
      persisted = written !== undefined;
      const served = written ?? { record, version: current.version };
      this.#cached = served;
      if (written) {
        this.logger.info({ key: this.key, version: written.version, reason }, `mailup-kit: ${this.label} refreshed`);
        this.events.emit('refreshed', {
          key: this.key,
          version: written.version,
          expiresAt: record.expiresAt,
          reason,
          ...this.callerFacts(),
        });
      }
      return served;
    } finally {
      // Unsaved: keep the lock until it is saved (or its lease runs out) instead of inviting another process to
      // renew right away from the store's spent record.
      if (persisted) await lock.release().catch(() => undefined);
      else this.#heldLock = lock;
    }
  }

  /** Calls `renew` with a deadline: its signal aborts when `timeoutMs` passes on the cache's clock. */
  private async callRenew(current: TokenRecord, timeoutMs: number): Promise<{ record: TokenRecord } | RenewFailure> {
    if (current.refreshToken !== undefined) this.#spent.add(secretFingerprint(current.refreshToken));
    const deadline = new AbortController();
    const timer = new AbortController();
    let deadlinePassed = false;
    this.clock.sleep(timeoutMs, timer.signal).then(
      () => {
        deadlinePassed = true;
        deadline.abort(
          new MailUpError({
            kind: 'ambiguous',
            protocol: this.protocol,
            operation: this.renewOperation,
            message: `the renewal call passed its ${timeoutMs} ms deadline (kept inside the lock lease); its answer is lost`,
            sent: 'maybe',
            details: { timedOut: true },
          }),
        );
      },
      () => undefined,
    );
    let answer: T;
    let answeredAt: number;
    try {
      answer = await this.#options.renew(current, { signal: deadline.signal, timeoutMs });
      answeredAt = this.clock.now();
    } catch (error) {
      return { error, deadlinePassed, answered: false };
    } finally {
      timer.abort();
    }
    try {
      const record = { ...this.#options.toRecord(answer, current) };
      this.skewMs = this.#options.skewOf?.(answer, answeredAt) ?? 0;
      return { record };
    } catch (error) {
      return { error, deadlinePassed, answered: true }; // an answer came back but is unusable: it may have rotated
    }
  }

  /**
   * CAS the renewed credential; if the store fails it is kept in memory (served, re-saved later) and undefined is
   * returned.
   */
  private async persistOrKeep(
    current: VersionedToken,
    record: TokenRecord,
    lockedAt: number,
  ): Promise<VersionedToken | undefined> {
    this.#unsaved = { record, replaces: current.record.accessToken };
    let lastError: unknown;
    for (let attempt = 0; attempt <= SAVE_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) {
        const delay = SAVE_RETRY_DELAYS_MS[attempt - 1] ?? 0;
        if (this.clock.now() + delay > lockedAt + this.lockTtlMs) break; // keep the retries inside the lease
        await this.clock.sleep(delay);
      }
      try {
        const written = await this.persist(current, record);
        this.#unsaved = undefined;
        return written;
      } catch (error) {
        lastError = error; // store down, disk full, or a store that keeps changing: keep ours, it is the newest
      }
    }
    const message = errorMessage(lastError);
    this.logger.error(
      { key: this.key, error: message },
      `mailup-kit: the store failed after the server issued new ${this.label}; they are safe in memory, served, and not yet persisted (saving is retried)`,
    );
    this.events.emit('unsaved', { key: this.key, message, ...this.callerFacts() });
    return undefined;
  }

  /** CAS the renewed credential; a conflicting writer (a lease that ran out) is overwritten: ours came last. */
  private async persist(current: VersionedToken, record: TokenRecord): Promise<VersionedToken> {
    let expected = current.version;
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await this.#store.compareAndSet(this.key, expected, record);
      if (result.ok) return { record, version: result.version };
      this.logger.warn(
        { key: this.key },
        `mailup-kit: the store changed during a renewal of ${this.label} (lock lease too short?)`,
      );
      expected = result.current?.version ?? 0;
    }
    throw this.conflict(this.renewOperation, `could not persist the renewed ${this.label}: the store kept changing`);
  }

  private async saveUnsaved(): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const unsaved = this.#unsaved;
      if (!unsaved) return true;
      try {
        const stored = await this.#store.get(this.key);
        if (!this.unsavedWins(unsaved, stored)) {
          this.#unsaved = undefined;
          return true;
        }
        const result = await this.#store.compareAndSet(this.key, stored?.version ?? 0, unsaved.record);
        if (result.ok) {
          if (this.#unsaved === unsaved) this.#unsaved = undefined;
          this.#cached = { record: unsaved.record, version: result.version };
          await this.releaseHeldLock();
          this.logger.info({ key: this.key, version: result.version }, `mailup-kit: unsaved ${this.label} persisted`);
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
          `mailup-kit: saving unsaved ${this.label} failed`,
        );
        return false;
      }
    }
    return this.#unsaved === undefined;
  }

  /**
   * The record to act on: the store's, unless a renewed credential in memory is newer than it (the store still
   * holds the record it replaced, a record with a secret this cache already spent, or nothing at all).
   */
  private effective(stored: VersionedToken | undefined): VersionedToken | undefined {
    const unsaved = this.#unsaved;
    if (!unsaved) return stored;
    if (this.unsavedWins(unsaved, stored)) return { record: unsaved.record, version: stored?.version ?? 0 };
    if (this.#unsaved === unsaved) this.#unsaved = undefined; // the store moved on (a new login): its record is newer
    return stored;
  }

  private unsavedWins(unsaved: Unsaved, stored: VersionedToken | undefined): boolean {
    if (!stored) return true;
    if (stored.record.accessToken === unsaved.replaces) return true;
    const storedSecret = stored.record.refreshToken;
    return storedSecret !== undefined && this.#spent.has(secretFingerprint(storedSecret));
  }

  private async onRenewFailure(
    failure: RenewFailure,
    current: VersionedToken,
    rejected: string | undefined,
  ): Promise<VersionedToken> {
    const { error, deadlinePassed, answered } = failure;
    const stillValid = rejected === undefined && this.isUsable(current.record);
    // The request may have reached the server (and rotated the secret) when the transport says so, when the
    // cache's own deadline cut it off without proof that nothing left, or when the server answered 200 with a
    // body we cannot use.
    const left = mayHaveBeenSent(error);
    const maybeSent =
      answered ||
      MailUpError.is(error, 'ambiguous') ||
      left === true ||
      (deadlinePassed && left !== false) ||
      (MailUpError.is(error, 'validation') && error.httpStatus === 200);
    if (!maybeSent && (MailUpError.is(error, 'throttled', 'transient') || isAbortKind(error))) {
      // Nothing was spent: keep everything. Use the current credential while it is still valid.
      this.logger.warn(
        { key: this.key, kind: (error as MailUpError).kind },
        `mailup-kit: renewal of ${this.label} postponed`,
      );
      if (stillValid) {
        this.#cached = current;
        return current;
      }
      throw error;
    }
    if (MailUpError.is(error, 'reauthorization-required')) {
      await this.dropRefreshToken(current);
      throw this.reauthError(error.message, 'invalid-grant', error);
    }
    if (maybeSent && current.record.refreshToken !== undefined) {
      // The renewal may have spent the single-use secret on the server and its answer was lost: re-sending a
      // spent one revokes the whole grant. Never re-send it.
      await this.dropRefreshToken(current).catch(() => {
        this.#cached = undefined;
      });
      const reauth = this.reauthError(
        'a token refresh was sent but its answer was lost; the refresh token may be spent, so it is not re-sent; log in again',
        'lost-response',
        error,
      );
      // Renewing ahead of expiry: the current credential still works until it expires; keep serving it.
      if (stillValid && this.#cached) return this.#cached;
      throw reauth;
    }
    // No single-use secret was at stake (a re-login): the next call may simply renew again.
    if (stillValid) {
      this.logger.warn(
        { key: this.key, kind: kindOf(error) },
        `mailup-kit: renewal of ${this.label} failed; still valid`,
      );
      this.#cached = current;
      return current;
    }
    throw error;
  }

  private async releaseHeldLock(): Promise<void> {
    const held = this.#heldLock;
    this.#heldLock = undefined;
    await held?.release().catch(() => undefined);
  }

  private async dropRefreshToken(current: VersionedToken): Promise<void> {
    const { refreshToken: _dropped, ...rest } = current.record;
    // Whatever was in memory is superseded: the grant behind it is dead or its rotation was lost.
    this.#unsaved = undefined;
    const result = await this.#store.compareAndSet(this.key, current.version, rest);
    this.#cached = result.ok ? { record: rest, version: result.version } : undefined;
  }

  /** Adds to a store error that a renewed credential is safe in memory (so nobody re-logs in in a panic). */
  private withUnsavedNote(error: unknown): unknown {
    if (!this.#unsaved || !MailUpError.is(error)) return error;
    return error.with({
      message: `${error.message} (the rotated tokens are safe in memory and not yet persisted; the spent refresh token is never re-sent)`,
      details: { ...error.details, unsavedTokens: true },
    });
  }

  private reauthError(message: string, reason?: 'invalid-grant' | 'lost-response', cause?: unknown): MailUpError {
    const error = new MailUpError({
      kind: 'reauthorization-required',
      protocol: this.protocol,
      operation: this.renewOperation,
      message,
      cause,
    });
    if (reason) {
      this.logger.warn({ key: this.key, reason }, `mailup-kit: reauthorization required (${reason})`);
      this.#reauthorization = true;
      this.events.emit('reauthorization-required', { key: this.key, reason, message, ...this.callerFacts() });
    }
    return error;
  }

  /**
   * `promise`, or, as soon as `signal` aborts, a MailUpError kind `aborted` (`sent: 'no'`: only this
   * caller stops waiting; the shared renewal keeps running and is persisted for the others).
   */
  private abortable<R>(promise: Promise<R>, signal: AbortSignal | undefined): Promise<R> {
    return waitOrAbort(promise, signal, (reason) =>
      abortedError({
        protocol: this.protocol,
        operation: `${this.name}.get`,
        what: `waiting for the ${this.label}`,
        sent: 'no',
        reason,
      }),
    );
  }

  /** The call that started the renewal in flight, for its events (nothing when no call did). */
  private callerFacts(): { caller?: CredentialCaller } {
    const caller = this.#inflightCaller;
    return caller ? { caller } : {};
  }

  private isFresh(record: TokenRecord): boolean {
    return this.serverNow() < record.expiresAt - this.aheadMs;
  }

  private isUsable(record: TokenRecord): boolean {
    return this.serverNow() < record.expiresAt;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new MailUpError({ kind: 'permanent', protocol: this.protocol, message: `${this.name} is closed` });
    }
  }

  private invalid(message: string): MailUpError {
    return new MailUpError({
      kind: 'validation',
      protocol: this.protocol,
      operation: this.name,
      message: `${this.name}: ${message}`,
    });
  }

  private conflict(operation: string, message: string): MailUpError {
    return new MailUpError({ kind: 'conflict', protocol: this.protocol, operation, message });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function kindOf(error: unknown): string {
  return MailUpError.is(error) ? error.kind : 'unknown';
}

/**
 * Whether the error says the renewal may have reached the server unanswered (`sent: 'maybe'`: it may have rotated
 * the secret); `'no'` (never left) and `'yes'` (the server answered with this error) are false; a foreign error is
 * unknown.
 */
function mayHaveBeenSent(error: unknown): boolean | undefined {
  if (!MailUpError.is(error)) return undefined;
  return error.sent === 'maybe';
}

/** A caller-side abort that proves nothing left. */
function isAbortKind(error: unknown): boolean {
  return MailUpError.is(error, 'aborted') && provablyNotSent(error);
}
