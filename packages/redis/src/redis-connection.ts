import { createHash } from 'node:crypto';
import { MailUpError, type Protocol } from '@mailup-kit/core';
import { Redis, type RedisOptions } from 'ioredis';

/** A store's Redis connection: either opened from a URL (owned, closed with the store) or lent by the caller. */
export interface RedisConnection {
  client: Redis;
  owned: boolean;
}

/**
 * Opens the connection a Redis store works over. A URL gets a client with short timeouts and one retry per request
 * (so an outage surfaces per call as a typed error instead of a hang); an existing ioredis client is used as is.
 * Anything else is a `validation` error.
 */
export function openRedisConnection(
  redis: unknown,
  who: { store: string; protocol: Protocol },
  options: { commandTimeout: number; extra?: RedisOptions | undefined },
): RedisConnection {
  if (typeof redis === 'string') {
    const client = new Redis(redis, {
      commandTimeout: options.commandTimeout,
      connectTimeout: 2000,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * times, 1000),
      ...options.extra,
    });
    client.on('error', () => {}); // surfaced per call as typed errors
    return { client, owned: true };
  }
  if (typeof (redis as { evalsha?: unknown } | undefined)?.evalsha === 'function') {
    return { client: redis as Redis, owned: false };
  }
  throw new MailUpError({
    kind: 'validation',
    protocol: who.protocol,
    operation: who.store,
    message: `${who.store} needs a Redis URL or an ioredis client`,
  });
}

/** SHA-1 of a Lua script, as EVALSHA wants it. */
export function scriptSha(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

/** EVALSHA, falling back to EVAL (which also loads the script) on NOSCRIPT. */
export async function runScript(
  redis: Redis,
  script: string,
  sha: string,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.includes('NOSCRIPT')) {
      return redis.eval(script, keys.length, ...keys, ...args);
    }
    throw error;
  }
}

/** Keeps `{` `}` out of a hash tag and `%` unambiguous, so one logical key maps to one cluster slot. */
export function encodeHashTagKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** The inverse of {@link encodeHashTagKey}. */
export function decodeHashTagKey(encoded: string): string {
  return encoded.replace(/%7D/g, '}').replace(/%7B/g, '{').replace(/%25/g, '%');
}
