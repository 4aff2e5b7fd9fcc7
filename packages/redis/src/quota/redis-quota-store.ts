import {
  type Clock,
  clampQuotaPauseMs,
  emptyQuotaKeyState,
  MAX_QUOTA_PAUSE_MS,
  type MailUpError,
  type QuotaEntry,
  type QuotaKeyState,
  type QuotaReservationRequest,
  type QuotaReservationResult,
  type QuotaStore,
  type QuotaUsage,
  type QuotaWindow,
  usageOfState,
  validateQuotaRequest,
} from '@mailup-kit/core';
import type { Redis, RedisOptions } from 'ioredis';
import {
  decodeHashTagKey,
  encodeHashTagKey,
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
}

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

  constructor(options: RedisQuotaStoreOptions) {
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
    const base = this.base(request.key);
    const keys = [`${base}:p`, ...request.windows.map((w) => `${base}:w:${w.id}`)];
    const args = [this.nowArg(), String(request.cost), request.id, String(request.windows.length)];
    for (const w of request.windows) {
      if (w.type === 'sliding') args.push('s', w.id, String(w.limit), String(w.periodMs), '0');
      else args.push('f', w.id, String(w.limit), String(w.start), String(w.end));
    }
    let reply: [number, number, number, string];
    try {
      reply = (await this.run(RESERVE_SCRIPT, this.reserveSha, keys, args)) as [number, number, number, string];
    } catch (error) {
      throw this.failed('quota.reserve', error);
    }
    const [ok, now, retryAt, blockedBy] = reply;
    if (ok === 1) return { ok: true, id: request.id, now };
    return { ok: false, now, retryAt: retryAt < 0 ? Number.POSITIVE_INFINITY : retryAt, blockedBy };
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
