import { type Clock, MailUpError, systemClock } from '@mailup-kit/core';
import type { Redis, RedisOptions } from 'ioredis';
import { encodeHashTagKey, openRedisConnection, redisStoreError } from '../redis-connection.js';

/** Why a transport is remembered as switched off (the same words as the facade's `SwitchedOffKind`). */
export type RedisSwitchedOffKind = 'service-disabled' | 'ip-not-allowed' | 'contract-not-signed';

/** A remembered switch-off of one transport for one account (the facade's `SwitchedOffEntry`). */
export interface RedisSwitchedOffEntry {
  readonly kind: RedisSwitchedOffKind;
  /** Epoch ms until which the transport is skipped. */
  readonly until: number;
  readonly operation?: string;
}

/** Options of {@link RedisSwitchedOffStore}. */
export interface RedisSwitchedOffStoreOptions {
  /** A connection URL (`redis://host:6379/0`) or an existing ioredis client (not closed by the store). */
  redis: string | Redis;
  redisOptions?: RedisOptions;
  /** Prefix of every Redis key. Default `mailup:switched-off:`. */
  prefix?: string;
  /** The clock `until` is read against (the facade's). */
  clock?: Clock;
}

const KINDS: ReadonlySet<string> = new Set(['service-disabled', 'ip-not-allowed', 'contract-not-signed']);
const MAX_OPERATION = 200;

/**
 * The facade's switched-off memory shared by a fleet (`switchedOffMemory: { store }` of `MailUp`): one Redis string
 * per account and transport, written with `SET … PX` so Redis itself forgets it when its time to live ends (the
 * store is bounded by the TTLs), and read as absent once `until` has passed on the facade's clock. When one worker
 * learns that MailUp switched a service off (`service-disabled`, `ip-not-allowed`, `contract-not-signed`), every
 * worker skips that transport without knocking again. Redis being unreachable is a `transient` MailUpError (the
 * facade logs it and routes as if nothing were remembered).
 *
 * @example
 * ```ts
 * const mailup = new MailUp({ account: 51234, …, switchedOffMemory: { store: new RedisSwitchedOffStore({ redis: 'redis://127.0.0.1:6379' }) } });
 * ```
 */
export class RedisSwitchedOffStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(options: RedisSwitchedOffStoreOptions) {
    const connection = openRedisConnection(
      options?.redis,
      { store: 'RedisSwitchedOffStore', protocol: 'client' },
      { commandTimeout: 2000, extra: options?.redisOptions },
    );
    this.redis = connection.client;
    this.ownsClient = connection.owned;
    this.prefix = options.prefix ?? 'mailup:switched-off:';
    this.clock = options.clock ?? systemClock;
  }

  /** The live entry of `account` + `via`, if any. */
  async get(account: string, via: string): Promise<RedisSwitchedOffEntry | undefined> {
    const raw = await this.guard('get', () => this.redis.get(this.key(account, via)));
    if (raw === null) return undefined;
    let entry: RedisSwitchedOffEntry;
    try {
      entry = JSON.parse(raw) as RedisSwitchedOffEntry;
    } catch {
      return undefined; // not ours: treated as nothing remembered
    }
    if (!KINDS.has(entry?.kind) || typeof entry.until !== 'number' || entry.until <= this.clock.now()) return undefined;
    return entry;
  }

  /** Remembers `entry` until `entry.until` (Redis drops the key then). An `until` already past is ignored. */
  async set(account: string, via: string, entry: RedisSwitchedOffEntry): Promise<void> {
    if (!KINDS.has(entry?.kind) || !Number.isFinite(entry.until)) {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'client',
        operation: 'RedisSwitchedOffStore.set',
        message:
          'RedisSwitchedOffStore.set: kind must be service-disabled, ip-not-allowed or contract-not-signed and until a time',
      });
    }
    const ttl = Math.ceil(entry.until - this.clock.now());
    if (ttl <= 0) return;
    const value = JSON.stringify({
      kind: entry.kind,
      until: entry.until,
      ...(typeof entry.operation === 'string' ? { operation: entry.operation.slice(0, MAX_OPERATION) } : {}),
    });
    await this.guard('set', () => this.redis.set(this.key(account, via), value, 'PX', ttl));
  }

  /** Forgets `account` + `via` for every worker. */
  async delete(account: string, via: string): Promise<void> {
    await this.guard('delete', () => this.redis.del(this.key(account, via)));
  }

  /** Closes the connection when the store opened it. */
  async close(): Promise<void> {
    if (this.ownsClient) this.redis.disconnect();
  }

  private key(account: string, via: string): string {
    return `${this.prefix}${encodeHashTagKey(String(account))}:${encodeHashTagKey(String(via))}`;
  }

  private async guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw redisStoreError(error, {
        store: 'RedisSwitchedOffStore',
        protocol: 'client',
        operation: `RedisSwitchedOffStore.${operation}`,
      });
    }
  }
}
