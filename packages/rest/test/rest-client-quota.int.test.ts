import type { HttpRequest, HttpResponse, Transport } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { HttpTransport } from '@mailup-kit/core/node';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_PATH, OAuthClient, RestClient, TokenManager } from '../src/index.js';

/** The real HTTP transport, counting the statuses the emulator answered (the client's `transport` option). */
function countingTransport() {
  const http = new HttpTransport({ protocol: 'rest' });
  const statuses: number[] = [];
  const transport: Transport<HttpRequest, HttpResponse> = {
    async send(request, attempt) {
      const response = await http.send(request, attempt);
      statuses.push(response.status);
      return response;
    },
  };
  return { transport, statuses, close: () => http.close() };
}

describe('RestClient with a limiter, against the emulator enforcing the REST policy (5 calls/s per method)', () => {
  let emulator: RunningEmulator;
  let tokens: TokenManager;
  let oauth: OAuthClient;
  let counting: ReturnType<typeof countingTransport>;
  let limiter: Limiter;

  beforeEach(async () => {
    emulator = await startEmulator();
    const a = emulator.store.seeded;
    oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: emulator.urls.http,
    });
    tokens = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'quota',
      refresh: (rt, s, o) => oauth.refresh(rt, s, o),
    });
    await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
    counting = countingTransport();
    limiter = new Limiter({ account: 51234 });
  });
  afterEach(async () => {
    await limiter.close();
    counting.close();
    oauth.close();
    await emulator.close();
  });

  it('6 quick raw calls: the server refuses the 6th with a 429', async () => {
    const token = await tokens.getAccessToken();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${emulator.urls.http}${CONSOLE_PATH}/User/Lists`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('6 quick calls through the client: the quota step runs inside it, all are served, the server refuses none', async () => {
    const rest = new RestClient({
      tokens,
      baseUrl: emulator.urls.http,
      transport: counting.transport,
      limiter,
      retryPolicy: { maxAttempts: 1 }, // no retry could hide a 429
    });
    expect(rest.pipeline.stack.describe()).toContain('quota:limits:quota');
    const lists = await Promise.all(Array.from({ length: 6 }, () => rest.userLists()));
    expect(lists.every((page) => Array.isArray(page.Items))).toBe(true);
    expect(counting.statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const usage = await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/User/Lists', account: 51234 });
    expect(usage?.windows[0]?.used).toBeGreaterThan(0);
    rest.close();
  });

  it('request() (the escape hatch) goes through the same quota step', async () => {
    const rest = new RestClient({ tokens, baseUrl: emulator.urls.http, transport: counting.transport, limiter });
    const path = `${CONSOLE_PATH}/User/Lists`;
    const pages = await Promise.all(
      Array.from({ length: 6 }, () => rest.request<{ Items: unknown[] }>({ method: 'GET', path, retryClass: 'read' })),
    );
    expect(pages).toHaveLength(6);
    expect(counting.statuses).toEqual([200, 200, 200, 200, 200, 200]);
    rest.close();
  });
});
