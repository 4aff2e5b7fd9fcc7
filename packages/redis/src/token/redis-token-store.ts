import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '@mailup-kit/core';
import {
  assertTokenKey,
  assertTokenRecord,
  type CompareAndSetResult,
  DEFAULT_TOKEN_LOCK_TTL_MS,
  DEFAULT_TOKEN_LOCK_WAIT_MS,
  type TokenLock,
  type TokenLockOptions,
  type TokenRecord,
  type TokenStore,
  tokenLockTimeout,
  type VersionedToken,
} from '@mailup-kit/core/credentials';
import type { Redis, RedisOptions } from 'ioredis';
import {
  encodeHashTagKey,
  isRedisReply,
  openRedisConnection,
  redisStoreError,
  runScript,
  scriptSha,
} from '../redis-connection.js';
import { TOKEN_CAS_SCRIPT, TOKEN_UNLOCK_SCRIPT } from './token-scripts.js';

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** A connection URL (`redis://host:6379/0`) or an existing ioredis client (not closed by the store). */
  redis: string | Redis;
  /** Extra ioredis options when `redis` is a URL. */
  redisOptions?: RedisOptions;
  /** Prefix of every Redis key. Default `mailup:token:`. */
  prefix?: string;
  /** Clock of the lock's polling waits. Lease expiry is Redis's own (`PX`). */
  clock?: Clock;
}

/**
 * A {@link TokenStore} shared by a fleet of workers: each record is a Redis hash (`version`, `record`) written by
 * one Lua compare-and-set; the refresh lock is `SET NX PX` with a random holder token, released by a Lua script
 * that deletes it only if the token is still ours. A record and its lock share a `{…}` hash tag (one cluster slot).
 * Redis being unreachable is a `transient` MailUpError.
 *
 * @example
 * ```ts
 * const store = new RedisTokenStore({ redis: 'redis://127.0.0.1:6379' });
 * const manager = new TokenManager({ store, key: 'm51234', refresh: (rt) => oauth.refresh(rt) });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly clock: Clock;
  private readonly casSha = scriptSha(TOKEN_CAS_SCRIPT);
  private readonly unlockSha = scriptSha(TOKEN_UNLOCK_SCRIPT);

  constructor(options: RedisTokenStoreOptions) {
    const connection = openRedisConnection(
      options?.redis,
      { store: 'RedisTokenStore', protocol: 'oauth' },
      { commandTimeout: 2000, extra: options?.redisOptions },
    );
    this.redis = connection.client;
    this.ownsClient = connection.owned;
    this.prefix = options.prefix ?? 'mailup:token:';
    this.clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<VersionedToken | undefined> {
    assertTokenKey(key);
    const [version, json] = await this.guard('TokenStore.get', () =>
      this.redis.hmget(this.recordKey(key), 'version', 'record'),
    );
    if (!version || !json) return undefined;
    return { record: JSON.parse(json) as TokenRecord, version: Number(version) };
  }

  async compareAndSet(key: string, expectedVersion: number, record: TokenRecord | null): Promise<CompareAndSetResult> {
    assertTokenKey(key, expectedVersion);
    if (record !== null) assertTokenRecord(record);
    const reply = (await this.guard('TokenStore.compareAndSet', () =>
      this.run(
        TOKEN_CAS_SCRIPT,
        this.casSha,
        [this.recordKey(key)],
        [String(expectedVersion), record === null ? '' : JSON.stringify(record)],
      ),
    )) as [number, number, string?];
    if (reply[0] === 1) return { ok: true, version: Number(reply[1]) };
    const current = reply[2] ? { record: JSON.parse(reply[2]) as TokenRecord, version: Number(reply[1]) } : undefined;
    return { ok: false, current };
  }

  async lock(key: string, options: TokenLockOptions = {}): Promise<TokenLock> {
    assertTokenKey(key);
    const ttlMs = Math.max(1, Math.round(options.ttlMs ?? DEFAULT_TOKEN_LOCK_TTL_MS));
    const waitMs = options.waitMs ?? DEFAULT_TOKEN_LOCK_WAIT_MS;
    const lockKey = `${this.recordKey(key)}:lock`;
    const holder = randomBytes(16).toString('hex');
    const started = this.clock.now();
    for (let round = 0; ; round++) {
      options.signal?.throwIfAborted();
      let taken: string | null;
      try {
        taken = await this.redis.set(lockKey, holder, 'PX', ttlMs, 'NX');
      } catch (error) {
        // No answer does not mean no lock: Redis may still take it for us once its queue reaches the command, and
        // nobody would release it before its lease ends (every process of the fleet waiting `ttlMs` for a renewal
        // nobody makes). Released now by our holder token, on the same connection, so after the SET if it ran
        // (EVAL, not EVALSHA: a NOSCRIPT answer that came after our timeout would leave nothing to fall back on).
        if (!isRedisReply(error)) {
          await this.redis.eval(TOKEN_UNLOCK_SCRIPT, 1, lockKey, holder).catch(() => undefined);
        }
        throw redisStoreError(error, { store: 'token store', protocol: 'oauth', operation: 'TokenStore.lock' });
      }
      if (taken === 'OK') {
        let released = false;
        return {
          release: async () => {
            if (released) return;
            released = true;
            await this.guard('TokenStore.unlock', () =>
              this.run(TOKEN_UNLOCK_SCRIPT, this.unlockSha, [lockKey], [holder]),
            );
          },
        };
      }
      const waited = this.clock.now() - started;
      if (waited >= waitMs) throw tokenLockTimeout(key, waitMs);
      const ceiling = Math.min(100, 5 * 2 ** Math.min(round, 5));
      const delay = Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
      await this.clock.sleep(Math.min(delay, waitMs - waited), options.signal);
    }
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private recordKey(key: string): string {
    return `${this.prefix}{${encodeHashTagKey(key)}}`;
  }

  private run(script: string, sha: string, keys: string[], args: string[]): Promise<unknown> {
    return runScript(this.redis, script, sha, keys, args);
  }

  private async guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw redisStoreError(error, { store: 'token store', protocol: 'oauth', operation });
    }
  }
}
