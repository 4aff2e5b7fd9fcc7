import { createHash } from 'node:crypto';
import { type ErrorKind, MailUpError, type Protocol, redactString } from '@mailup-kit/core';
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

/**
 * Redis error replies that mean "the server answered and refused", with how to treat them. Anything that is not
 * a reply (connection refused, closed, command timeout) is an outage ("unreachable", transient).
 */
const REDIS_REFUSALS: Readonly<Record<string, { kind: ErrorKind; hint: string }>> = {
  WRONGTYPE: { kind: 'permanent', hint: 'the key holds another type of value: is something else using this prefix?' },
  READONLY: { kind: 'transient', hint: 'connected to a read-only replica (after a failover?)' },
  OOM: { kind: 'transient', hint: 'Redis is at its maxmemory limit' },
  NOSCRIPT: { kind: 'transient', hint: 'the script cache was flushed' },
  LOADING: { kind: 'transient', hint: 'Redis is loading its dataset' },
  BUSY: { kind: 'transient', hint: 'Redis is busy running a script' },
  MASTERDOWN: { kind: 'transient', hint: 'the replica lost its primary' },
  CLUSTERDOWN: { kind: 'transient', hint: 'the cluster is down' },
  TRYAGAIN: { kind: 'transient', hint: 'the cluster is resharding' },
  MOVED: { kind: 'transient', hint: 'the key moved to another cluster node' },
  ASK: { kind: 'transient', hint: 'the key is migrating to another cluster node' },
  MISCONF: { kind: 'transient', hint: 'Redis cannot persist to disk and refuses writes' },
  NOAUTH: { kind: 'permanent', hint: 'Redis needs a password (put it in the URL)' },
  WRONGPASS: { kind: 'permanent', hint: 'the Redis user name or password is wrong' },
  NOPERM: { kind: 'permanent', hint: 'the Redis user may not run this command or touch this key' },
};

/**
 * True when `error` is an answer of Redis (an error reply such as WRONGTYPE or NOSCRIPT: the command was refused,
 * so it changed nothing), false for anything else (a command timeout, a closed connection), after which the command
 * may still have run on the server.
 */
export function isRedisReply(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

/**
 * The MailUpError of a failed Redis command of a store. A Redis error reply is named for what it is ("Redis
 * refused the command: WRONGTYPE …", with `details.redisError`): READONLY / OOM / LOADING … are `transient`,
 * WRONGTYPE / NOAUTH / NOPERM and unknown replies `permanent`. Anything else (no answer, connection closed,
 * command timeout) is "unreachable" and `transient`. The raw error becomes the cause, which MailUpError reduces to
 * a redacted copy (an ioredis error's `command.args` can hold a stored token record).
 */
export function redisStoreError(
  error: unknown,
  who: { store: string; protocol: Protocol; operation: string; suffix?: string },
): MailUpError {
  if (MailUpError.is(error)) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = redactString(raw.split('\n')[0] ?? '').slice(0, 300);
  const isReply = error instanceof Error && error.name === 'ReplyError';
  const code = /^([A-Z][A-Z0-9_-]+)\b/.exec(firstLine)?.[1];
  const suffix = who.suffix ? `; ${who.suffix}` : '';
  if (isReply || (code !== undefined && code in REDIS_REFUSALS)) {
    const known = code === undefined ? undefined : REDIS_REFUSALS[code];
    return new MailUpError({
      kind: known?.kind ?? 'permanent',
      protocol: who.protocol,
      operation: who.operation,
      message: `${who.store}: Redis refused the command: ${firstLine}${known ? ` (${known.hint})` : ''}${suffix}`,
      details: { redisError: code ?? 'ERR' },
      cause: error,
    });
  }
  return new MailUpError({
    kind: 'transient',
    protocol: who.protocol,
    operation: who.operation,
    message: `${who.store} unreachable (Redis): ${firstLine}${suffix}`,
    cause: error,
  });
}
