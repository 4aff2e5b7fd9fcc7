import { RedisTokenStore } from '@mailup-kit/redis';
import { OAuthClient, TokenManager } from '@mailup-kit/rest';
import { twoProcessesAtExpiry } from '@mailup-kit/testkit/lease-race';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { startTokenServer } from '@mailup-kit/testkit/token-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis token lifecycle tests') !== undefined;

describe.skipIf(!available)('TokenManager on a real redis-server', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two managers on one Redis token store, a Token endpoint trickling for 6 s: one Token call, no invalid_grant', async () => {
    const server = await startTokenServer({ trickle: { byteEveryMs: 100, totalMs: 6_000 } });
    try {
      await twoProcessesAtExpiry(server, () => new RedisTokenStore({ redis: redis.url, prefix: 'lease:' }));
    } finally {
      await server.close();
    }
  });

  it('redis-server killed between the Token answer and the save: the rotated set is served from memory and saved once Redis is back; the spent token is sent once', async () => {
    let killBeforeAnswer = true;
    const server = await startTokenServer({
      beforeAnswer: async () => {
        if (killBeforeAnswer) await redis.kill();
        killBeforeAnswer = false;
      },
    });
    const oauth = new OAuthClient({ clientId: 'c', clientSecret: 's', baseUrl: server.baseUrl });
    const store = new RedisTokenStore({ redis: redis.url, prefix: 'outage:' });
    const tokens = new TokenManager({
      store,
      key: 'acct',
      refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
    });
    const unsaved: unknown[] = [];
    tokens.events.on('unsaved', (e) => unsaved.push(e));
    try {
      await tokens.save({ accessToken: 'a0', refreshToken: 'r0', expiresIn: 3600, receivedAt: Date.now() - 3_600_000 });
      expect(await tokens.getAccessToken()).toBe('a1');
      expect(tokens.hasUnsavedTokens).toBe(true);
      expect(unsaved).toHaveLength(1);
      for (let i = 0; i < 5; i++) expect(await tokens.getAccessToken()).toBe('a1'); // served from memory
      expect(await tokens.flush()).toBe(false); // Redis is still down

      await redis.restart(); // same port, empty (no persistence)
      await expect.poll(() => tokens.flush(), { timeout: 10_000, interval: 100 }).toBe(true);
      // Read back through a second store instance (another process): the rotated set is what Redis holds.
      const reader = new RedisTokenStore({ redis: redis.url, prefix: 'outage:' });
      try {
        expect((await reader.get('acct'))?.record).toMatchObject({ accessToken: 'a1', refreshToken: 'r1' });
      } finally {
        await reader.close();
      }
      // The next refresh (a 401) uses the rotated token from memory/store, never the spent r0.
      await tokens.forceRefresh('a1');
      expect(await tokens.getAccessToken()).toBe('a2');
      expect(server.refreshes).toEqual(['r0', 'r1']);
      expect(server.invalidGrants).toBe(0);
    } finally {
      tokens.close();
      oauth.close();
      await store.close();
      await server.close();
    }
  });
});
