import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Logger,
  MailUpError,
  PROTOCOLS,
  type Protocol,
  provablyNotSent,
  redactString,
  silentLogger,
  systemClock,
} from '@mailup-kit/core';
import { abortedError } from '@mailup-kit/core/errors';
import {
  MAX_QUOTA_PAUSE_MS,
  MemoryQuotaStore,
  type QuotaReservationRequest,
  type QuotaStore,
  type QuotaUsage,
} from '@mailup-kit/core/quota';
import { KeyQueue } from './key-queue.js';
import { PolicyTable, type PolicyTableOptions, type ResolvedPolicy } from './policy-table.js';
import { parseQuotaKey } from './quota-key.js';

/** One call as the limiter sees it. */
export interface LimitedCall {
  protocol: Protocol;
  /** Operation name: a SOAP method (`CreateNewsletter`) or a REST method + route pattern (`GET Console/User/Lists`). */
  operation: string;
  /** Account the quota belongs to (default: the limiter's `account`). */
  account?: string | number;
  /** The call's input, for input-dependent rows (SendSingleNewsletter's `type`). */
  input?: unknown;
  /** Units consumed (messages in a batch); default 1. */
  cost?: number;
}

/** Options of {@link Limiter}. */
export interface LimiterOptions {
  /** Where reservations live. Default: a new {@link MemoryQuotaStore} (owned, closed with the limiter). */
  store?: QuotaStore;
  /** The policy table, or options to build one. */
  policy?: PolicyTable | PolicyTableOptions;
  clock?: Clock;
  /** Account used when a call names none. Default `default`. */
  account?: string | number;
  /** A call that could only start later than this fails at once with `quota-exhausted`. Default 10 000 ms. */
  maxWaitMs?: number;
  /** Largest number of callers queued per key before new ones are refused. Default 1000. */
  maxQueue?: number;
  /** Pause applied on a throttled answer that names no wait. Default 1000 ms. */
  defaultPauseMs?: number;
  /**
   * Longest pause a server's wait hint (`Retry-After`, the 429 body's wait) may put on a key. Default 300 000 ms
   * (5 min): a real MailUp wait for a rate is a second to a few minutes, and the only longer one — the daily
   * window — is already enforced by the limiter's own rows, so a larger hint is a server or proxy error that
   * would otherwise stop the whole fleet for as long as it says (`Retry-After: 999999999` is 31 years). A hint
   * above it is cut to it (logged once per key at warn); a negative one pauses nothing. At most 24 h
   * (`MAX_QUOTA_PAUSE_MS`, which every store enforces on its own too).
   */
  maxServerPauseMs?: number;
  logger?: Logger;
  /**
   * Told when the store fails once the vendor has answered (settling, refunding or pausing a key). Such a failure
   * never changes the call's outcome: the vendor's answer (or error) is the truth, so the call resolves (or
   * rejects) with it, and the reservation stays counted as it was made (the safe side). Each failure is also
   * logged at warn. A listener that throws is ignored.
   */
  onStoreFailure?: (failure: QuotaStoreFailure) => void;
}

/** A store failure after the vendor answered, reported aside (see {@link LimiterOptions.onStoreFailure}). */
export interface QuotaStoreFailure {
  /** What the limiter was doing: re-stamping, refunding or pausing the key. */
  step: 'settle' | 'refund' | 'pause';
  /** The quota key. */
  key: string;
  protocol: Protocol;
  operation: string;
  /** The store's error (a `transient` MailUpError for an unreachable Redis). */
  error: unknown;
}

/** What {@link Limiter.stats} reports. */
export interface LimiterStats {
  /** Operations remembered for {@link Limiter.inspect} (bounded: the least recently used are forgotten). */
  trackedOperations: number;
  /** Store failures after the vendor answered, reported aside instead of failing the call (since creation). */
  storeFailures: number;
}

/** Operations remembered for `inspect()` beyond the policy's own rows and the store's keys. */
const MAX_TRACKED_OPERATIONS = 1000;

/** A granted reservation. */
export interface QuotaTicket {
  /** Reservation id (empty when the call has no limit). */
  id: string;
  /** Quota key, `account:protocol:operation[#variant]` (empty when the call has no limit). */
  key: string;
  /** Gives the reservation back: only for calls that provably never left the machine. */
  refund(): Promise<void>;
  /** Re-stamps the reservation at now once the answer arrived (the server counted the call on arrival). */
  settle(): Promise<void>;
}

/** Options of one acquisition. */
export interface AcquireOptions {
  signal?: AbortSignal;
  /** Told before each wait for a window to slide (the quota step turns it into a `throttled` call event). */
  onWait?: (wait: QuotaWait) => void;
}

/** One wait of {@link Limiter.acquire}: how long, on which key, held back by which window. */
export interface QuotaWait {
  waitMs: number;
  /** Quota key, `account:protocol:operation[#variant]`. */
  key: string;
  /** The window that holds the call back. */
  blockedBy: string;
}

/** Remaining budget and next allowed time of one operation. */
export interface QuotaReport extends QuotaUsage {
  account: string;
  protocol: Protocol;
  operation: string;
  /** The policy's own words for the row. */
  source: string;
}

const NO_TICKET: QuotaTicket = { id: '', key: '', refund: async () => {}, settle: async () => {} };

/** A granted reservation of a store (a class, not two closures per call: this runs on every vendor call). */
class StoreTicket implements QuotaTicket {
  readonly id: string;
  readonly key: string;
  constructor(
    private readonly store: QuotaStore,
    private readonly request: QuotaReservationRequest,
  ) {
    this.id = request.id;
    this.key = request.key;
  }
  refund(): Promise<void> {
    return this.store.refund(this.request);
  }
  settle(): Promise<void> {
    return this.store.settle(this.request);
  }
}

/**
 * The quota engine: reserves every call against all windows of its policy row (all or none), queues short waits
 * FIFO per key (bounded, abortable), fails at once with `quota-exhausted` when the wait would be too long, pauses
 * a key on server throttling, and reports remaining budget per operation.
 *
 * @example
 * ```ts
 * const limiter = new Limiter({ account: 51234 });
 * const lists = await limiter.run({ protocol: 'rest', operation: 'GET Console/User/Lists' }, () => fetchLists());
 * await limiter.close();
 * ```
 */
export class Limiter {
  readonly policy: PolicyTable;
  private readonly store: QuotaStore;
  private readonly ownsStore: boolean;
  private readonly clock: Clock;
  private readonly account: string;
  /** A call that could only start later than this many ms from now fails at once with `quota-exhausted`. */
  readonly maxWaitMs: number;
  private readonly maxQueue: number;
  private readonly defaultPauseMs: number;
  private readonly maxServerPauseMs: number;
  private readonly logger: Logger;
  private readonly onStoreFailure: ((failure: QuotaStoreFailure) => void) | undefined;
  private storeFailures = 0;
  private readonly queue = new KeyQueue();
  /** Recently used operations, least recently used first (bounded by MAX_TRACKED_OPERATIONS). */
  private readonly seen = new Map<string, LimitedCall>();
  /** Keys whose clamped hint was already logged (bounded the same way). */
  private readonly clampLogged = new Set<string>();
  /** Quota keys of the default account per resolved policy row. */
  private readonly defaultKeys = new WeakMap<ResolvedPolicy, string>();
  /** The most recently tracked key: a run of calls on one key is tracked once. */
  private lastTracked: string | undefined;
  /**
   * Reservation ids are this instance's random prefix plus a counter: unique across every process sharing a
   * store, without a random UUID per call.
   */
  private readonly idPrefix = `${randomUUID()}:`;
  private idSeq = 0;

  constructor(options: LimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.ownsStore = options.store === undefined;
    this.store = options.store ?? new MemoryQuotaStore({ clock: this.clock });
    this.policy = options.policy instanceof PolicyTable ? options.policy : new PolicyTable(options.policy);
    this.account = String(options.account ?? 'default');
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 1000;
    this.defaultPauseMs = options.defaultPauseMs ?? 1000;
    this.maxServerPauseMs = options.maxServerPauseMs ?? 300_000;
    this.logger = options.logger ?? silentLogger;
    this.onStoreFailure = options.onStoreFailure;
    if (!(this.maxWaitMs >= 0) || !(this.maxQueue >= 1) || !(this.defaultPauseMs >= 0)) {
      throw this.invalid('limits', 'maxWaitMs, maxQueue and defaultPauseMs must be non-negative (maxQueue >= 1)');
    }
    if (!(this.maxServerPauseMs >= 0 && this.maxServerPauseMs <= MAX_QUOTA_PAUSE_MS)) {
      throw this.invalid('limits', `maxServerPauseMs must be between 0 and ${MAX_QUOTA_PAUSE_MS} ms (24 h)`);
    }
    if (this.defaultPauseMs > this.maxServerPauseMs) {
      throw this.invalid('limits', 'defaultPauseMs must not exceed maxServerPauseMs');
    }
  }

  /** Remembers `key` as used (most recently), forgetting the least recently used past the bound. */
  private track(key: string, call: LimitedCall): void {
    if (key === this.lastTracked && this.seen.has(key)) return;
    this.lastTracked = key;
    this.seen.delete(key);
    this.seen.set(key, { ...call, cost: 1 });
    if (this.seen.size > MAX_TRACKED_OPERATIONS) this.seen.delete(this.seen.keys().next().value as string);
  }

  /** Diagnostics: how much the limiter remembers (bounded whatever the number of distinct keys). */
  stats(): LimiterStats {
    return { trackedOperations: this.seen.size, storeFailures: this.storeFailures };
  }

  private invalid(operation: string, message: string, protocol: Protocol = 'client'): MailUpError {
    return new MailUpError({ kind: 'validation', protocol, operation, message });
  }

  private resolve(call: LimitedCall): { policy: ResolvedPolicy; key: string; cost: number } | undefined {
    if (!PROTOCOLS.includes(call.protocol)) {
      throw this.invalid('limits.acquire', `unknown protocol ${JSON.stringify(call.protocol)}`);
    }
    if (typeof call.operation !== 'string' || call.operation.trim() === '') {
      throw this.invalid('limits.acquire', 'a limited call needs an operation name', call.protocol);
    }
    const cost = call.cost ?? 1;
    if (!Number.isSafeInteger(cost) || cost < 1) {
      throw this.invalid(call.operation, `cost must be a positive integer (got ${cost})`, call.protocol);
    }
    const policy = this.policy.resolve(call.protocol, call.operation, call.input, this.clock.now());
    if (!policy) return undefined;
    let key: string;
    if (call.account === undefined) {
      // The default account's key, built once per resolution (the same string each call: no concatenation, and
      // its hash is computed once for every map that looks it up).
      const known = this.defaultKeys.get(policy);
      key = known ?? `${this.account}:${policy.keySuffix}`;
      if (known === undefined) this.defaultKeys.set(policy, key);
    } else key = `${call.account}:${policy.keySuffix}`;
    return { policy, key, cost };
  }

  /**
   * Waits for (or fails) a reservation of `call` against every window of its policy row. Rejects with
   * `quota-exhausted` (with `availableAt` / `retryAfterMs`) when the call could only run after `maxWaitMs`, when
   * the queue for its key is full or when a paced key's backlog would pass its bound.
   */
  async acquire(call: LimitedCall, options: AcquireOptions = {}): Promise<QuotaTicket> {
    try {
      return await this.reserveOrWait(call, options);
    } catch (error) {
      // A caller's abort (queued, or sleeping until the window slides) is a typed `aborted`, never a bare
      // AbortError: nothing was reserved and nothing was sent.
      if (options.signal?.aborted && !MailUpError.is(error, 'aborted')) {
        throw abortedError({
          protocol: call.protocol,
          operation: call.operation,
          sent: 'no',
          reason: options.signal.reason,
          what: `waiting for quota (${call.operation})`,
        });
      }
      throw error;
    }
  }

  private async reserveOrWait(call: LimitedCall, options: AcquireOptions): Promise<QuotaTicket> {
    options.signal?.throwIfAborted();
    const resolved = this.resolve(call);
    if (!resolved) return NO_TICKET;
    const { policy, key, cost } = resolved;
    this.track(key, call);
    const paced = policy.maxBacklog !== undefined;
    if (paced && this.queue.backlog(key) + cost > (policy.maxBacklog as number)) {
      throw this.exhausted(call, key, `backlog of ${key} would pass ${policy.maxBacklog} messages`, undefined, {
        backlog: this.queue.backlog(key),
        maxBacklog: policy.maxBacklog,
      });
    }
    if (!paced && this.queue.length(key) >= this.maxQueue) {
      throw this.exhausted(call, key, `queue for ${key} is full (${this.maxQueue} waiting)`, undefined, {
        queued: this.queue.length(key),
        maxQueue: this.maxQueue,
      });
    }
    const leave = await this.queue.enter(key, cost, options.signal);
    try {
      for (;;) {
        const windows = this.policy.windowsOf(policy.row, this.clock.now());
        const request: QuotaReservationRequest = { key, windows, cost, id: `${this.idPrefix}${++this.idSeq}` };
        const result = await this.store.reserve(request);
        if (result.ok) return new StoreTicket(this.store, request);
        const waitMs = result.retryAt - result.now;
        if (!Number.isFinite(waitMs)) {
          const message = `cost ${cost} exceeds the limit of ${key} (window ${result.blockedBy})`;
          throw this.invalid(call.operation, message, call.protocol);
        }
        if (!paced && waitMs > this.maxWaitMs) {
          const availableAt = this.clock.now() + waitMs;
          throw this.exhausted(call, key, `${key} is exhausted (${result.blockedBy})`, availableAt, {
            blockedBy: result.blockedBy,
          });
        }
        this.logger.debug({ key, waitMs, blockedBy: result.blockedBy }, 'quota wait');
        if (options.onWait) {
          try {
            options.onWait({ waitMs: Math.max(1, waitMs), key, blockedBy: String(result.blockedBy) });
          } catch {
            // a listener's failure never breaks the call
          }
        }
        await this.clock.sleep(Math.max(1, waitMs), options.signal);
      }
    } finally {
      leave();
    }
  }

  private exhausted(
    call: LimitedCall,
    key: string,
    message: string,
    availableAt: number | undefined,
    details: Record<string, unknown>,
  ): MailUpError {
    return new MailUpError({
      kind: 'quota-exhausted',
      protocol: call.protocol,
      operation: call.operation,
      message,
      ...(availableAt === undefined
        ? {}
        : { availableAt, retryAfterMs: Math.max(0, Math.ceil(availableAt - this.clock.now())) }),
      details: { key, ...details },
    });
  }

  /** Pauses the key of `call` for every user of the store for `ms` (or the default pause). Returns the pause end. */
  async pause(call: LimitedCall, ms?: number): Promise<number | undefined> {
    const resolved = this.resolve(call);
    if (!resolved) return undefined;
    return this.store.pause(resolved.key, ms ?? this.defaultPauseMs);
  }

  /**
   * Feeds a call's failure back: a `throttled` error (a 429 in either wording, or the SOAP / transactional
   * equivalent) pauses the key until the wait the server named, clamped to `[0, maxServerPauseMs]` before any
   * store sees it (`defaultPauseMs` when the error names no usable wait). Returns true when the key was paused.
   */
  async feedback(call: LimitedCall, error: unknown): Promise<boolean> {
    if (!MailUpError.is(error, 'throttled')) return false;
    const hint = error.retryAfterMs;
    const named = hint === undefined || Number.isNaN(hint) ? this.defaultPauseMs : hint;
    const ms = Math.min(this.maxServerPauseMs, Math.max(0, named));
    if (ms !== named) this.logClamp(call, named, ms);
    await this.pause(call, ms);
    this.logger.warn({ operation: call.operation, pauseMs: ms }, 'server throttled a call: key paused');
    return true;
  }

  private logClamp(call: LimitedCall, hintMs: number, pauseMs: number): void {
    const key = this.resolve(call)?.key ?? `${call.protocol}:${call.operation}`;
    if (this.clampLogged.has(key)) return;
    if (this.clampLogged.size >= MAX_TRACKED_OPERATIONS) this.clampLogged.clear();
    this.clampLogged.add(key);
    this.logger.warn(
      { key, operation: call.operation, hintMs, pauseMs, maxServerPauseMs: this.maxServerPauseMs },
      `server wait hint ${hintMs} ms clamped to ${pauseMs} ms (logged once per key)`,
    );
  }

  /**
   * Runs `send` under a reservation: settles it when the answer arrives, refunds it only when the error says the
   * request provably never left the machine (core's `provablyNotSent`), and pauses the key on server
   * throttling. A store failure after `send` settled never changes its outcome (see {@link Limiter.settle}).
   */
  async run<T>(call: LimitedCall, send: () => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const ticket = await this.acquire(call, options);
    let result: T;
    try {
      result = await send();
    } catch (error) {
      await this.afterFailure(call, ticket, error, provablyNotSent(error));
      throw error;
    }
    await this.settle(call, ticket);
    return result;
  }

  /**
   * Re-stamps the reservation of a call the vendor answered. Never throws: the answer is the truth, so a store
   * that fails here (Redis down) is reported aside (`onStoreFailure`, a warn log, `stats().storeFailures`) and the
   * reservation stays counted at the time it was made (the safe side: it still holds back the fleet).
   */
  async settle(call: LimitedCall, ticket: QuotaTicket): Promise<void> {
    try {
      await ticket.settle();
    } catch (error) {
      this.storeFailed('settle', call, ticket.key, error);
    }
  }

  /**
   * Refunds (nothing left) or settles (the server may have counted it) a failed call, then feeds it back. Never
   * throws: the call's own error is the one its caller must see, so a store failure here is reported aside like in
   * {@link Limiter.settle} (a refund that failed leaves the reservation counted).
   */
  async afterFailure(call: LimitedCall, ticket: QuotaTicket, error: unknown, nothingLeft: boolean): Promise<void> {
    try {
      if (nothingLeft) await ticket.refund();
      else await ticket.settle();
    } catch (storeError) {
      this.storeFailed(nothingLeft ? 'refund' : 'settle', call, ticket.key, storeError);
    }
    try {
      await this.feedback(call, error);
    } catch (storeError) {
      this.storeFailed('pause', call, ticket.key, storeError);
    }
  }

  private storeFailed(step: QuotaStoreFailure['step'], call: LimitedCall, key: string, error: unknown): void {
    this.storeFailures++;
    const kind = MailUpError.is(error) ? error.kind : undefined;
    // A store of the caller's own may put anything in its message: redacted like every error text.
    const reason = redactString((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').slice(
      0,
      300,
    );
    this.logger.warn(
      { key, protocol: call.protocol, operation: call.operation, step, kind, reason },
      `quota store failed to ${step} after the vendor answered: the call keeps the vendor's outcome, the reservation stays counted`,
    );
    try {
      this.onStoreFailure?.({ step, key, protocol: call.protocol, operation: call.operation, error });
    } catch {
      // a listener's own failure is not the call's
    }
  }

  /** Remaining budget and next allowed time of one call's key. Undefined when the call has no numeric limit. */
  async inspectCall(call: LimitedCall): Promise<QuotaReport | undefined> {
    const resolved = this.resolve(call);
    if (!resolved) return undefined;
    const usage = await this.store.inspect(resolved.key, resolved.policy.windows);
    return {
      ...usage,
      account: String(call.account ?? this.account),
      protocol: call.protocol,
      operation: resolved.policy.keySuffix.slice(call.protocol.length + 1),
      source: resolved.policy.row.source,
    };
  }

  /**
   * Remaining budget and next allowed time per operation of `account`: every named row of the policy, the
   * operations this limiter used most recently (up to 1 000), and every key the store knows for the account.
   */
  async inspect(account: string | number = this.account): Promise<QuotaReport[]> {
    const calls = new Map<string, LimitedCall>();
    const add = (call: LimitedCall) => {
      const resolved = this.resolve({ ...call, account });
      if (resolved && !calls.has(resolved.key)) calls.set(resolved.key, { ...call, account });
    };
    const inputOf = (when: { field: string; equals: string } | undefined) =>
      when ? { [when.field]: when.equals } : undefined;
    for (const row of this.policy.rows) {
      if (row.match === 'exact') add({ protocol: row.protocol, operation: row.operation, input: inputOf(row.when) });
    }
    for (const [key, call] of this.seen) if (key.startsWith(`${account}:`)) add(call);
    for (const key of (await this.store.keys?.(`${account}:`)) ?? []) {
      const parts = parseQuotaKey(key);
      if (!parts) continue;
      const row = this.policy.rows.find(
        (r) => r.protocol === parts.protocol && r.operation === parts.operation && r.variant === parts.variant,
      );
      add({ protocol: parts.protocol, operation: parts.operation, input: inputOf(row?.when) });
    }
    const reports: QuotaReport[] = [];
    for (const call of calls.values()) {
      const report = await this.inspectCall(call);
      if (report) reports.push(report);
    }
    return reports.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.operation.localeCompare(b.operation));
  }

  /** Closes the store if the limiter created it. */
  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
