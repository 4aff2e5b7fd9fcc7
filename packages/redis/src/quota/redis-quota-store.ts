import { type Clock, MailUpError } from '@mailup-kit/core';
import {
  clampQuotaPauseMs,
  emptyQuotaKeyState,
  MAX_QUOTA_PAUSE_MS,
  type QuotaEntry,
  type QuotaKeyState,
  type QuotaReservationRequest,
  type QuotaReservationResult,
  type QuotaStore,
  type QuotaUsage,
  type QuotaWindow,
  usageOfState,
  validateQuotaRequest,
} from '@mailup-kit/core/quota';
import type { Redis, RedisOptions } from 'ioredis';
import {
  decodeHashTagKey,
  encodeHashTagKey,
  isRedisReply,
  openRedisConnection,
  redisStoreError,
  runScript,
  scriptSha,
} from '../redis-connection.js';
import { PAUSE_SCRIPT, RESERVE_SCRIPT, SETTLE_SCRIPT } from './reserve-script.js';

/** Options of {@link RedisQuotaStore}. */
export interface RedisQuotaStoreOptions {
  /** A connection URL (`redis://host:6379/0`) or an existing ioredis client (not closed by the store). */
  redis: string | Redis;
  /** Extra ioredis options when `redis` is a URL (defaults: commandTimeout 1 000 ms, maxRetriesPerRequest 1). */
  redisOptions?: RedisOptions;
  /** Prefix of every Redis key. Default `mailup:quota:`. */
  prefix?: string;
  /**
   * Tests only: a clock whose `now()` is passed to the scripts instead of Redis `TIME` (so calendar and window
   * tests run against Redis with an injected clock). Production leaves it unset: Redis time is the one clock of
   * the fleet.
   */
  clock?: Clock;
  /**
   * The guard against a Redis that restarted empty (no AOF / RDB: see the README's "Persistence"), or `false` to
   * switch it off. Default: on, `allowance` 0, `unknownHistory` `'trust'`, `checkEveryMs` 1 000.
   */
  restartGuard?: RestartGuardOptions | false;
}

/**
 * How {@link RedisQuotaStore} behaves when Redis may have lost the history of its windows. A marker key
 * (`<prefix>marker`) holds the time from which Redis holds every reservation; a window that reaches back before it
 * is *rebuilding* (a sliding window for one period after that time, a fixed one until it ends) and grants at most
 * `allowance` of its limit.
 */
export interface RestartGuardOptions {
  /** Share (0–1) of a rebuilding window's limit that may be granted. Default 0: nothing until it is rebuilt. */
  allowance?: number;
  /**
   * A Redis without the marker that this store has never seen one on: `'trust'` (default) takes it for a new
   * deployment whose history is complete (nothing was spent before); `'rebuild'` takes its history as known only
   * from Redis's start (its `TIME` minus its uptime) — for fleets whose workers restart together with an
   * unpersisted Redis. A marker that disappears under a store that saw it is always an empty restart.
   */
  unknownHistory?: 'trust' | 'rebuild';
  /** How long one marker check is reused, ms (default 1 000; 0 checks before every reservation). */
  checkEveryMs?: number;
}

/** Sets the marker to the later of its value and ARGV[1] (an unknowing 'trust' writes 0, a detector the restart). */
const MARKER_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (not current) or (tonumber(current) or 0) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return current
`;

/**
 * A {@link QuotaStore} for a fleet of workers: one Lua script per reservation checks and records every window of
 * the key atomically, with Redis `TIME` as the clock and the limits passed on each call (no configuration lives
 * in Redis). All keys of one policy key share a `{…}` hash tag, so they sit in one cluster slot. When Redis is
 * unreachable every operation fails closed with a `transient` {@link MailUpError} (nothing is sent: the caller
 * may retry later; `quota-exhausted` would wrongly claim the budget is spent).
 *
 * @example
 * ```ts
 * const store = new RedisQuotaStore({ redis: 'redis://127.0.0.1:6379' });
 * const limiter = new Limiter({ store, account: 51234 });
 * ```
 */
export class RedisQuotaStore implements QuotaStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly clock: Clock | undefined;
  private readonly reserveSha = scriptSha(RESERVE_SCRIPT);
  private readonly pauseSha = scriptSha(PAUSE_SCRIPT);
  private readonly settleSha = scriptSha(SETTLE_SCRIPT);
  private readonly markerSha = scriptSha(MARKER_SCRIPT);
  private readonly guard: Required<RestartGuardOptions> | undefined;
  /** Time from which Redis holds every reservation (0: all of it), as last read from the marker. */
  private knownSince = 0;
  /** True once this store has read or written the marker on this Redis. */
  private markerSeen = false;
  /** `Date.now()` of the last marker check, and the check in flight (shared by concurrent reservations). */
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;
  /** Redis time minus local time at the last check (ms): window starts are computed on Redis's clock. */
  private offsetMs = 0;

  constructor(options: RedisQuotaStoreOptions) {
    const guard = options?.restartGuard;
    if (guard === false) this.guard = undefined;
    else {
      const allowance = guard?.allowance ?? 0;
      const checkEveryMs = guard?.checkEveryMs ?? 1000;
      const unknownHistory = guard?.unknownHistory ?? 'trust';
      if (
        !(allowance >= 0 && allowance <= 1) ||
        !(checkEveryMs >= 0) ||
        !['trust', 'rebuild'].includes(unknownHistory)
      ) {
        throw new MailUpError({
          kind: 'validation',
          protocol: 'client',
          operation: 'RedisQuotaStore',
          message: "restartGuard: allowance must be 0–1, checkEveryMs ≥ 0, unknownHistory 'trust' or 'rebuild'",
        });
      }
      this.guard = { allowance, checkEveryMs, unknownHistory };
    }
    const connection = openRedisConnection(
      options?.redis,
      { store: 'RedisQuotaStore', protocol: 'client' },
      { commandTimeout: 1000, extra: options?.redisOptions },
    );
    this.redis = connection.client;
    this.ownsClient = connection.owned;
    this.prefix = options.prefix ?? 'mailup:quota:';
    this.clock = options.clock;
  }

  /**
   * The time from which Redis holds every reservation, checked against the marker at most every `checkEveryMs`:
   * a marker gone under a store that saw it (or any missing marker with `unknownHistory: 'rebuild'`) means Redis
   * started again without its data, so its history is known only from its start (`TIME` minus `uptime_in_seconds`).
   */
  private async history(): Promise<number> {
    const guard = this.guard as Required<RestartGuardOptions>;
    if (Date.now() - this.checkedAt < guard.checkEveryMs) return this.knownSince;
    this.checking ??= this.readMarker(guard).finally(() => {
      this.checking = undefined;
    });
    await this.checking;
    return this.knownSince;
  }

  private async readMarker(guard: Required<RestartGuardOptions>): Promise<void> {
    const marker = `${this.prefix}marker`;
    const pipeline = this.redis.pipeline();
    pipeline.time();
    pipeline.get(marker);
    const replies = (await pipeline.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    const [seconds, micros] = (replies[0]?.[1] ?? ['0', '0']) as [string, string];
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    this.offsetMs = redisNow - Date.now();
    const value = replies[1]?.[1];
    if (typeof value === 'string') {
      this.knownSince = Number(value) || 0;
    } else {
      let since = 0;
      if (this.markerSeen || guard.unknownHistory === 'rebuild') {
        const info = String(await this.redis.info('server'));
        const uptime = /uptime_in_seconds:(\d+)/.exec(info);
        // Without an uptime (INFO refused), the history is known from now on: the safe side.
        since = this.now(redisNow) - (uptime ? Number(uptime[1]) * 1000 : 0);
      }
      this.knownSince = Number(await this.run(MARKER_SCRIPT, this.markerSha, [marker], [String(since)])) || 0;
    }
    this.markerSeen = true;
    this.checkedAt = Date.now();
  }

  /** Now on the store's clock: the injected one in tests, else Redis time (from the last check's offset). */
  private now(redisNow = Date.now() + this.offsetMs): number {
    return this.clock ? this.clock.now() : redisNow;
  }

  /**
   * The request's windows with the limits a rebuilding window may grant, or the blocked answer when the cost does
   * not fit in one of them (its history is unknown until `retryAt`).
   */
  private async guarded(
    request: QuotaReservationRequest,
  ): Promise<{ windows: readonly QuotaWindow[] } | { blocked: QuotaReservationResult }> {
    if (!this.guard) return { windows: request.windows };
    const knownSince = await this.history();
    if (knownSince <= 0) return { windows: request.windows };
    const now = this.now();
    const allowance = this.guard.allowance;
    let windows: QuotaWindow[] | undefined;
    for (const [i, w] of request.windows.entries()) {
      const rebuiltAt = w.type === 'sliding' ? knownSince + w.periodMs : w.start < knownSince ? w.end : now;
      if (now >= rebuiltAt) continue;
      const limit = Math.floor(w.limit * allowance);
      if (request.cost > limit) {
        return {
          blocked: {
            ok: false,
            now,
            retryAt: rebuiltAt,
            blockedBy: `${w.id} (rebuilding: Redis restarted without its data)`,
          },
        };
      }
      windows ??= [...request.windows];
      windows[i] = { ...w, limit };
    }
    return { windows: windows ?? request.windows };
  }

  private base(key: string): string {
    return `${this.prefix}{${encodeHashTagKey(key)}}`;
  }

  private nowArg(): string {
    return this.clock ? String(Math.floor(this.clock.now())) : '';
  }

  private failed(operation: string, cause: unknown): MailUpError {
    return redisStoreError(cause, { store: 'quota store', protocol: 'client', operation, suffix: 'failing closed' });
  }

  private run(script: string, sha: string, keys: string[], args: string[]): Promise<unknown> {
    return runScript(this.redis, script, sha, keys, args);
  }

  async reserve(request: QuotaReservationRequest): Promise<QuotaReservationResult> {
    validateQuotaRequest(request);
    let windows: readonly QuotaWindow[];
    try {
      const checked = await this.guarded(request);
      if ('blocked' in checked) return checked.blocked;
      windows = checked.windows;
    } catch (error) {
      throw this.failed('quota.reserve', error);
    }
    const base = this.base(request.key);
    const keys = [`${base}:p`, ...windows.map((w) => `${base}:w:${w.id}`)];
    const args = [this.nowArg(), String(request.cost), request.id, String(windows.length)];
    for (const w of windows) {
      if (w.type === 'sliding') args.push('s', w.id, String(w.limit), String(w.periodMs), '0');
      else args.push('f', w.id, String(w.limit), String(w.start), String(w.end));
    }
    let reply: [number, number, number, string];
    try {
      reply = (await this.run(RESERVE_SCRIPT, this.reserveSha, keys, args)) as [number, number, number, string];
    } catch (error) {
      // No answer (a command timeout, a connection lost) does not mean the script did not run: Redis may still
      // run it once its queue reaches it. The caller is told the reservation failed and will never use or refund
      // it, so withdraw it by its id now (see `withdraw`).
      if (!isRedisReply(error)) await this.withdraw(request, windows);
      throw this.failed('quota.reserve', error);
    }
    const [ok, now, retryAt, blockedBy] = reply;
    if (ok === 1) return { ok: true, id: request.id, now };
    return { ok: false, now, retryAt: retryAt < 0 ? Number.POSITIVE_INFINITY : retryAt, blockedBy };
  }

  /**
   * Removes a reservation whose answer was lost, best effort: sent on the same connection right after the script,
   * Redis runs it after the script if the script reached it at all (one connection's commands run in order), even
   * when this removal's own answer is lost too. Without it a stalled worker (its event loop or Redis busy past the
   * command timeout) spent a unit of the fleet's budget on a call it never made (the fleet test saw 95–99 of 100
   * daily SOAP CreateNewsletter under load).
   */
  private async withdraw(request: QuotaReservationRequest, windows: readonly QuotaWindow[]): Promise<void> {
    const base = this.base(request.key);
    const member = `${request.id}|${request.cost}`;
    try {
      const multi = this.redis.multi();
      for (const w of windows) multi.zrem(`${base}:w:${w.id}`, member);
      await multi.exec();
    } catch {
      // Queued behind the script all the same, or Redis is gone (and the script with it): the original error is
      // what the caller must see.
    }
  }

  async refund(request: QuotaReservationRequest): Promise<void> {
    const base = this.base(request.key);
    const member = `${request.id}|${request.cost}`;
    try {
      const multi = this.redis.multi();
      for (const w of request.windows) multi.zrem(`${base}:w:${w.id}`, member);
      await multi.exec();
    } catch (error) {
      throw this.failed('quota.refund', error);
    }
  }

  async settle(request: QuotaReservationRequest): Promise<void> {
    const base = this.base(request.key);
    const keys = request.windows.map((w) => `${base}:w:${w.id}`);
    const ttls = request.windows.map((w) => String(w.type === 'sliding' ? w.periodMs : w.end - w.start));
    try {
      await this.run(SETTLE_SCRIPT, this.settleSha, keys, [this.nowArg(), `${request.id}|${request.cost}`, ...ttls]);
    } catch (error) {
      throw this.failed('quota.settle', error);
    }
  }

  async pause(key: string, ms: number): Promise<number> {
    try {
      const untilMs = await this.run(
        PAUSE_SCRIPT,
        this.pauseSha,
        [`${this.base(key)}:p`],
        [this.nowArg(), String(clampQuotaPauseMs(ms)), String(MAX_QUOTA_PAUSE_MS)],
      );
      return Number(untilMs);
    } catch (error) {
      throw this.failed('quota.pause', error);
    }
  }

  async inspect(key: string, windows: readonly QuotaWindow[]): Promise<QuotaUsage> {
    const base = this.base(key);
    try {
      const pipeline = this.redis.pipeline();
      pipeline.time();
      pipeline.get(`${base}:p`);
      for (const w of windows) pipeline.zrange(`${base}:w:${w.id}`, 0, -1, 'WITHSCORES');
      const replies = (await pipeline.exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
      const [seconds, micros] = (replies[0]?.[1] ?? ['0', '0']) as [string, string];
      const now = this.clock ? this.clock.now() : Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const state: QuotaKeyState = emptyQuotaKeyState();
      const paused = replies[1]?.[1];
      if (typeof paused === 'string') state.pausedUntil = Number(paused);
      windows.forEach((w, i) => {
        const flat = (replies[i + 2]?.[1] as string[]) ?? [];
        const entries: QuotaEntry[] = [];
        for (let j = 0; j < flat.length; j += 2) {
          const member = flat[j] as string;
          const bar = member.lastIndexOf('|');
          entries.push([Number(flat[j + 1]), Number(member.slice(bar + 1)), member.slice(0, bar)]);
        }
        state.windows[w.id] = entries;
      });
      return usageOfState(key, state, windows, now);
    } catch (error) {
      throw this.failed('quota.inspect', error);
    }
  }

  async keys(prefix: string): Promise<string[]> {
    const pattern = `${this.prefix}{${encodeHashTagKey(prefix)}`.replace(/[*?[\]\\]/g, '\\$&');
    const found = new Set<string>();
    try {
      let cursor = '0';
      do {
        const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${pattern}*`, 'COUNT', 500);
        cursor = next;
        for (const name of batch) {
          const open = name.indexOf('{', this.prefix.length - 1);
          const close = name.lastIndexOf('}:');
          if (open >= 0 && close > open) found.add(decodeHashTagKey(name.slice(open + 1, close)));
        }
      } while (cursor !== '0');
    } catch (error) {
      throw this.failed('quota.keys', error);
    }
    return [...found].sort();
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.redis.disconnect();
  }
}
