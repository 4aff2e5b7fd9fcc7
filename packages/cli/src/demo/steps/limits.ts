import { MailUpError } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { Limiter } from '@mailup-kit/limits';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The API use policy on both sides, through the real REST client: six quick calls without a limiter make the
 * emulator answer 429 (newer wording, naming the wait); the same six calls through a `RestClient` given a
 * `Limiter` are spaced by its quota step so the server refuses none.
 */
export const limitsStep: DemoStep = {
  name: 'limits: 5 calls/s per REST method',
  protocol: 'rest',
  async run(ctx) {
    const a = ctx.account;
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: ctx.urls.http,
    });
    const tokens = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'demo:limits',
      refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
    });
    const limiter = new Limiter({ account: a.id });
    // One attempt per call: a retry would hide the 429 the naive client earns.
    const naive = new RestClient({ tokens, baseUrl: ctx.urls.http, retryPolicy: { maxAttempts: 1 } });
    const limited = new RestClient({ tokens, baseUrl: ctx.urls.http, retryPolicy: { maxAttempts: 1 }, limiter });
    try {
      await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
      const outcomes: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        outcomes.push(await naive.userLists({ signal: ctx.signal }).catch((error: unknown) => error));
      }
      const refused = outcomes.filter((o) => MailUpError.is(o, 'throttled')) as MailUpError[];
      expectThat(refused.length >= 1, 'without a limiter the server refused none of 6 quick calls');
      const wait = refused[0]?.retryAfterMs ?? 0;
      expectThat(wait > 0, 'the 429 did not name the wait');
      // Move past the whole 1 s server window, not just the named wait: the named wait frees only the oldest of the
      // five calls the server still counts, and the fresh Limiter knows nothing of them.
      ctx.emulator.clock.advance(Math.max(wait, 1000) + 10);

      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, () => limited.userLists({ signal: ctx.signal })),
      );
      const served = settled.filter((s) => s.status === 'fulfilled').length;
      expectThat(served === 6, `through the RestClient with a limiter ${6 - served} of 6 were refused`);
      return `naive: 6th call 429 (wait ${wait} ms named); RestClient + limiter: 6 of 6 served, 0 refused`;
    } finally {
      naive.close();
      limited.close();
      tokens.close();
      oauth.close();
      await limiter.close();
    }
  },
};
