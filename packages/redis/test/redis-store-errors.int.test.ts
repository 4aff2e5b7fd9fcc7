import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { RedisQuotaStore, RedisTokenStore } from '@mailup-kit/redis';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis store error tests') !== undefined;

const ACCESS = 'AccessTok3n-must-never-print';
const REFRESH = 'RefreshTok3n-must-never-print';
const record = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: 2, obtainedAt: 1 };

async function rejection(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MailUpError.is(error)).toBe(true);
  return error as MailUpError;
}

function printed(error: unknown): string {
  return [
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(error),
    String(error),
  ].join('\n');
}

describe.skipIf(!available)('Redis store errors against a real redis-server', () => {
  let server: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    admin.on('error', () => {});
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  it('a WRONGTYPE token key: the error names the refusal, is not "unreachable", and util.inspect prints no token', async () => {
    const store = new RedisTokenStore({ redis: server.url, prefix: 'wrongtype:' });
    try {
      await admin.set('wrongtype:{k}', 'not a hash');
      const error = await rejection(store.compareAndSet('k', 0, record));
      expect(error.kind).toBe('permanent');
      expect(error.message).toMatch(/Redis refused the command: WRONGTYPE/);
      expect(error.message).not.toMatch(/unreachable/);
      expect(error.details).toMatchObject({ redisError: 'WRONGTYPE' });
      const text = printed(error);
      expect(text).toContain('WRONGTYPE');
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain(REFRESH);
      const read = await rejection(store.get('k'));
      expect(read.message).toMatch(/WRONGTYPE/);
    } finally {
      await store.close();
    }
  });

  it('READONLY (a replica after failover) is transient and named', async () => {
    const store = new RedisTokenStore({ redis: server.url, prefix: 'readonly:' });
    // A real replica refuses writes with READONLY; make this server one of a (non-existent) primary.
    await admin.replicaof('127.0.0.1', '1');
    try {
      const error = await rejection(store.compareAndSet('k', 0, record));
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(/Redis refused the command: READONLY/);
      expect(printed(error)).not.toContain(REFRESH);
    } finally {
      await admin.replicaof('NO', 'ONE');
      await store.close();
    }
  });

  it('OOM (maxmemory reached) is transient and named for the quota store too', async () => {
    const store = new RedisQuotaStore({ redis: server.url, prefix: 'oom:' });
    await admin.config('SET', 'maxmemory', '1');
    try {
      const error = await rejection(
        store.reserve({
          key: 'k',
          id: 'r1',
          cost: 1,
          windows: [{ type: 'sliding', id: 'd', limit: 10, periodMs: 1000 }],
        }),
      );
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(/Redis refused the command: OOM/);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await store.close();
    }
  });

  it('a Redis that does not answer is still reported as unreachable and transient', async () => {
    const store = new RedisTokenStore({ redis: 'redis://127.0.0.1:1', prefix: 'down:' });
    try {
      const error = await rejection(store.get('k'));
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(/unreachable/);
    } finally {
      await store.close();
    }
  });
});
