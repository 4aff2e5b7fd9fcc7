import { Limiter } from '@mailup-kit/limits';
import type { DemoContext, DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
const WAIT = /throttling condition expires in: (\d+) ms/;

async function passwordToken(ctx: DemoContext): Promise<string> {
  const a = ctx.account;
  const res = await fetch(`${ctx.urls.http}/Authorization/OAuth/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: a.consoleUser,
      password: a.consolePassword,
      client_id: a.oauthClient.clientId,
      client_secret: a.oauthClient.clientSecret,
    }),
    signal: ctx.signal,
  });
  expectThat(res.status === 200, `password grant answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The API use policy on both sides: six quick REST calls make the emulator answer 429 (newer wording, naming the
 * wait), then six calls through the limiter are spaced so the server refuses none.
 */
export const limitsStep: DemoStep = {
  name: 'limits: 5 calls/s per REST method',
  protocol: 'rest',
  async run(ctx) {
    const token = await passwordToken(ctx);
    const get = async () => {
      const res = await fetch(`${ctx.urls.http}${LISTS}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctx.signal,
      });
      return { status: res.status, text: await res.text() };
    };
    const naive = [];
    for (let i = 0; i < 6; i++) naive.push(await get());
    const refused = naive.filter((r) => r.status === 429);
    expectThat(refused.length >= 1, 'without a limiter the server refused none of 6 quick calls');
    const wait = Number(WAIT.exec(refused[0]?.text ?? '')?.[1]);
    expectThat(wait > 0, 'the 429 did not name the wait');
    // Move past the whole 1 s server window, not just the named wait: the named wait frees only the oldest of the
    // five calls the server still counts, and the fresh Limiter below knows nothing of them.
    ctx.emulator.clock.advance(Math.max(wait, 1000) + 10);

    const limiter = new Limiter({ account: ctx.account.id });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () =>
          limiter.run({ protocol: 'rest', operation: 'GET Console/User/Lists' }, async () => (await get()).status, {
            signal: ctx.signal,
          }),
        ),
      );
      const served = statuses.filter((s) => s === 200).length;
      expectThat(served === 6, `through the limiter ${6 - served} of 6 were refused`);
      return `naive: 6th call 429 (wait ${wait} ms named); limiter: 6 of 6 served, 0 refused`;
    } finally {
      await limiter.close();
    }
  },
};
