import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JsonpRestClient, LegacyJsonpClient } from '../src/node/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
let emulator: RunningEmulator;
let token: string;
const accessKey = 'jsonp-suite-access-key';

beforeAll(async () => {
  emulator = await startEmulator();
  token = await passwordToken(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.control.reset();
  emulator.store.accessKeys.set(accessKey, {
    accountId: emulator.store.seeded.id,
    issuedAt: emulator.clock.now(),
    expiresAt: emulator.clock.now() + 3_600_000,
  });
});

async function rejection(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

describe('JsonpRestClient (REST GET + callback, bearer in the header)', () => {
  it('reads the lists through the JSONP answer, the token never in the URL', async () => {
    const urls: string[] = [];
    const client = new JsonpRestClient({
      baseUrl: emulator.urls.http,
      tokens: { getAccessToken: async () => token },
      plugins: [
        {
          name: 'spy',
          middleware: [
            {
              step: 'transport',
              name: 'spy',
              position: 'first',
              middleware: async (ctx, next) => {
                urls.push(String((ctx.wire as { url: string }).url));
                return next();
              },
            },
          ],
        },
      ],
    });
    const page = await client.get<{ Items: Array<{ idList: number }> }>({ path: LISTS, callback: 'fromNode' });
    expect(page.Items.map((l) => l.idList)).toEqual([1, 2]);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain('callback=fromNode');
    expect(urls[0]).not.toContain(token);
    client.close();
  });

  it("an error answer becomes the REST MailUpError (401 from WCF's name(<json>,401))", async () => {
    const client = new JsonpRestClient({
      baseUrl: emulator.urls.http,
      tokens: { getAccessToken: async () => 'not-a-token' },
      retryPolicy: { maxAttempts: 1 },
    });
    const error = await rejection(client.get({ path: LISTS }));
    expect(error.protocol).toBe('jsonp');
    expect(error.httpStatus).toBe(401);
    client.close();
  });

  it("a 401 forces one refresh of the rejected token and one repeat (core's bearer step, as REST uses it)", async () => {
    let current = 'an-expired-token';
    const rejected: string[] = [];
    const client = new JsonpRestClient({
      baseUrl: emulator.urls.http,
      tokens: {
        getAccessToken: async () => current,
        forceRefresh: async (old) => {
          rejected.push(old);
          current = token;
        },
      },
    });
    const page = await client.get<{ Items: Array<{ idList: number }> }>({ path: LISTS });
    expect(page.Items.map((l) => l.idList)).toEqual([1, 2]);
    expect(rejected).toEqual(['an-expired-token']);
    client.close();
  });

  it('refuses callback injection, credential query parameters and CR/LF before sending', async () => {
    const client = new JsonpRestClient({ baseUrl: emulator.urls.http, tokens: { getAccessToken: async () => token } });
    const before = emulator.control.counters();
    for (const call of [
      client.get({ path: LISTS, callback: 'alert(document.cookie)//' }),
      client.get({ path: LISTS, callback: 'a.b' }),
      client.get({ path: LISTS, callback: 'x'.repeat(200) }),
      client.get({ path: LISTS, query: { access_token: token } }),
      client.get({ path: LISTS, query: { callback: 'cb' } }),
      client.get({ path: LISTS, query: { q: 'a\r\nb' } }),
      client.get({ path: `${LISTS}?callback=x` }),
    ]) {
      expect((await rejection(call)).kind).toBe('validation');
    }
    expect(emulator.control.counters()).toEqual(before);
    client.close();
  });
});

describe('LegacyJsonpClient (MailUpService 1.1)', () => {
  it('ListsRead and EmailsRead against the emulator with the SOAP access key as token', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const r = data.upsertRecipient({ email: 'legacy.client@example.com' });
    data.setSubscription(1, r.id, 'subscribed', emulator.clock.now());
    const legacy = new LegacyJsonpClient({ baseUrl: emulator.urls.http, accessKey });
    expect((await legacy.listsRead()).map((l) => l.idList)).toEqual([1, 2]);
    expect((await legacy.listsRead(2)).map((l) => l.idList)).toEqual([2]);
    expect((await legacy.emailsRead(1)).map((e) => e.Email)).toContain('legacy.client@example.com');
    legacy.close();
  });

  it('an unknown access key is auth-expired (401 through the callback)', async () => {
    const legacy = new LegacyJsonpClient({ baseUrl: emulator.urls.http, accessKey: 'wrong' });
    expect((await rejection(legacy.listsRead())).kind).toBe('auth-expired');
    legacy.close();
  });

  it("against MailUp's own host it fails at once with service-disabled naming the REST equivalent", async () => {
    const legacy = new LegacyJsonpClient({ baseUrl: 'https://services.mailup.com', accessKey });
    const error = await rejection(legacy.listsRead());
    expect(error.kind).toBe('service-disabled');
    expect(error.message).toMatch(/January 2019.*GET Console\/User\/Lists/);
    const emails = await rejection(legacy.emailsRead(3, 'unsubscribed'));
    expect(emails.message).toContain('GET Console/List/3/Recipients/Unsubscribed');
    legacy.close();
  });
});
