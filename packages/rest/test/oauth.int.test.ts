import { MailUpError } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { HttpTransport } from '@mailup-kit/core/node';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { SecretCapture } from '@mailup-kit/testkit/secret-capture';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieSession } from '../src/cookie-session.js';
import {
  buildLogOnUrl,
  OAuthClient,
  parseAuthorizationCallback,
  RestClient,
  startLoopbackCallback,
  TokenManager,
} from '../src/index.js';

const capture = new SecretCapture();
const secrets = new Set<string>();
let emu: RunningEmulator;
let transport: HttpTransport;

beforeEach(async () => {
  emu = await startEmulator();
  // These tests are about tokens; the 5 calls/s throttle has its own suites.
  await emu.control.action('throttle.enabled', { enabled: false });
  transport = new HttpTransport({ protocol: 'oauth', logger: capture.logger });
});
afterEach(async () => {
  for (const secret of SecretCapture.secretsOf(emu)) secrets.add(secret);
  transport.close();
  await emu.close();
});
afterAll(() => {
  // Suite-wide: no password, client secret, token or code in any log line, error or event of this file.
  expect(secrets.size).toBeGreaterThan(10);
  expect(capture.lines.length).toBeGreaterThan(10);
  expect(capture.leaks(secrets)).toEqual([]);
});

function oauthClient(): OAuthClient {
  const c = emu.store.seeded.oauthClient;
  return new OAuthClient({ clientId: c.clientId, clientSecret: c.clientSecret, baseUrl: emu.urls.http, transport });
}

async function loggedIn(options: { lockWaitMs?: number } = {}) {
  const oauth = oauthClient();
  const store = new MemoryTokenStore();
  const tokens = new TokenManager({
    store,
    key: 'm51234',
    refresh: (rt, signal) => oauth.refresh(rt, signal),
    logger: capture.logger,
    lockWaitMs: options.lockWaitMs,
  });
  tokens.events.on('refreshed', (e) => capture.event('refreshed', e));
  tokens.events.on('reauthorization-required', (e) => capture.event('reauthorization-required', e));
  const a = emu.store.seeded;
  await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
  const rest = new RestClient({ tokens, baseUrl: emu.urls.http, transport, logger: capture.logger });
  return { oauth, store, tokens, rest };
}

interface OAuthStats {
  passwordGrants: number;
  codeGrants: number;
  refreshes: number;
  invalidGrants: number;
}
const stats = async () => (await emu.control.action('oauth.stats')) as OAuthStats;

describe('OAuth client against the emulator', () => {
  it('password grant with credentials in the body, the Basic header or both', async () => {
    const oauth = oauthClient();
    const a = emu.store.seeded;
    for (const credentials of ['body', 'basic', 'both'] as const) {
      const set = await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword, credentials });
      expect(set.expiresIn).toBe(3600);
      expect(set.refreshToken).toBeTruthy();
      expect(Math.abs((set.serverDate ?? 0) - emu.clock.now())).toBeLessThan(2000);
    }
    expect((await stats()).passwordGrants).toBe(3);
  });

  it('a wrong password is auth-invalid (invalid_grant on the password grant), and names no secret', async () => {
    const error = await oauthClient()
      .passwordGrant({ username: emu.store.seeded.consoleUser, password: 'definitely-wrong-pw' })
      .catch((e: unknown) => capture.error(e));
    expect(MailUpError.is(error, 'auth-invalid')).toBe(true);
    expect((error as MailUpError).vendorCode).toBe('invalid_grant');
    expect(String((error as Error).message)).not.toContain('definitely-wrong-pw');
  });

  it('bad input is a validation error and nothing is sent', async () => {
    const before = emu.control.counters()['oauth Token'] ?? 0;
    const oauth = oauthClient();
    for (const bad of [
      () => oauth.passwordGrant({ username: '', password: 'x' }),
      () => oauth.passwordGrant({ username: 'm1\r\nx', password: 'x' }),
      () => oauth.refresh(''),
      () => oauth.exchangeCode({ code: 'c', redirectUri: 'not a url' }),
    ]) {
      expect(MailUpError.is(await bad().catch((e: unknown) => capture.error(e)), 'validation')).toBe(true);
    }
    expect(() => buildLogOnUrl({ clientId: 'c', redirectUri: 'ftp://x' })).toThrow(/http/);
    expect(emu.control.counters()['oauth Token'] ?? 0).toBe(before);
  });

  it('reads Authentication/Info and User/Lists through the pipeline with the Bearer token', async () => {
    const { rest } = await loggedIn();
    expect((await rest.authenticationInfo()).Username).toBe(emu.store.seeded.consoleUser);
    const page = await rest.userLists({ pageSize: 1, pageNumber: 0 });
    expect(page).toMatchObject({ IsPaginated: true, TotalElementsCount: 2, PageSize: 1 });
    expect(page.Items).toHaveLength(1);
    await expect(rest.userLists({ pageSize: 0 })).rejects.toMatchObject({ kind: 'validation' });
  });

  it('50 concurrent calls at expiry ⇒ exactly one refresh; every call succeeds', async () => {
    const { rest, store } = await loggedIn();
    await rest.authenticationInfo();
    await emu.control.action('oauth.expireTokens');
    const before = (await stats()).refreshes;
    const results = await Promise.all(Array.from({ length: 50 }, () => rest.authenticationInfo()));
    expect(results.every((r) => r.Username === emu.store.seeded.consoleUser)).toBe(true);
    expect((await stats()).refreshes - before).toBe(1);
    expect((await store.get('m51234'))?.version).toBe(2);
  });

  it('a 401 on a resource forces one refresh and one repeat through the retry loop', async () => {
    const { rest } = await loggedIn();
    emu.control.advanceClock(3_600_000); // the server's clock moves past expiry; the client cannot know
    const before = emu.control.counters()['rest GET Console/Authentication/Info'] ?? 0;
    expect((await rest.authenticationInfo()).Username).toBe(emu.store.seeded.consoleUser);
    expect((emu.control.counters()['rest GET Console/Authentication/Info'] ?? 0) - before).toBe(2);
    expect((await stats()).refreshes).toBe(1);
  });

  it('lost refresh answer ⇒ one reauthorization-required, no refresh loop, no hang', async () => {
    const { rest, tokens, store } = await loggedIn();
    const events: unknown[] = [];
    tokens.events.on('reauthorization-required', (e) => events.push(e));
    await emu.control.action('oauth.expireTokens');
    await emu.control.action('oauth.dropNextRefresh');
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => rest.authenticationInfo().catch((e: unknown) => capture.error(e))),
    );
    expect(outcomes.every((e) => MailUpError.is(e, 'reauthorization-required'))).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'lost-response' });
    const after = await stats();
    expect(after.refreshes).toBe(1); // the rotation was applied server-side, once
    expect(after.invalidGrants).toBe(0); // the possibly spent token was never re-sent
    expect((await store.get('m51234'))?.record.refreshToken).toBeUndefined();
    // later calls fail fast with the same kind and still send no refresh
    expect(
      MailUpError.is(
        await rest.authenticationInfo().catch((e: unknown) => capture.error(e)),
        'reauthorization-required',
      ),
    ).toBe(true);
    expect((await stats()).refreshes).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('a timed-out refresh is never blindly repeated: reauthorization-required, one Token call, no invalid_grant', async () => {
    const a = emu.store.seeded;
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: emu.urls.http,
      transport,
      timeoutMs: 150,
    });
    const store = new MemoryTokenStore();
    const tokens = new TokenManager({
      store,
      key: 'slow',
      refresh: (rt, s) => oauth.refresh(rt, s),
      logger: capture.logger,
    });
    await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
    const rest = new RestClient({ tokens, baseUrl: emu.urls.http, transport, logger: capture.logger });
    await emu.control.action('oauth.expireTokens');
    emu.control.addFault({ method: 'POST', path: '/Authorization/OAuth/Token', action: { type: 'delay', ms: 1_000 } });
    const before = emu.control.counters()['oauth Token'] ?? 0;
    const error = await rest.authenticationInfo().catch((e: unknown) => capture.error(e));
    expect(MailUpError.is(error, 'reauthorization-required')).toBe(true);
    expect((emu.control.counters()['oauth Token'] ?? 0) - before).toBe(1);
    expect((await stats()).invalidGrants).toBe(0);
  });

  it('invalid_grant on refresh (grant revoked) ⇒ reauthorization-required error and event', async () => {
    const { rest, tokens, store, oauth } = await loggedIn();
    const spent = (await store.get('m51234'))?.record.refreshToken ?? '';
    await oauth.refresh(spent); // someone else used (and spent) the refresh token
    const events: unknown[] = [];
    tokens.events.on('reauthorization-required', (e) => events.push(e));
    await emu.control.action('oauth.expireTokens');
    const error = await rest.authenticationInfo().catch((e: unknown) => capture.error(e));
    expect(MailUpError.is(error, 'reauthorization-required')).toBe(true);
    expect(events).toEqual([expect.objectContaining({ reason: 'invalid-grant' })]);
  });

  it('a 429 from the Token endpoint is throttling (retried after its wait), not a logout', async () => {
    const { rest, store } = await loggedIn();
    await emu.control.action('oauth.expireTokens');
    emu.control.addFault({
      method: 'POST',
      path: '/Authorization/OAuth/Token',
      action: {
        type: 'status',
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '0' },
        body: '{"error":"too_many_requests"}',
      },
    });
    expect((await rest.authenticationInfo()).Username).toBe(emu.store.seeded.consoleUser);
    expect((await store.get('m51234'))?.record.refreshToken).toBeTruthy();
    expect((await stats()).refreshes).toBe(1);
  });

  it("contract not signed ⇒ contract-not-signed error with MailUp's wording", async () => {
    const { rest } = await loggedIn();
    await emu.control.action('account.contract', { signed: false });
    const error = await rest.authenticationInfo().catch((e: unknown) => capture.error(e));
    expect(MailUpError.is(error, 'contract-not-signed')).toBe(true);
    expect((error as MailUpError).httpStatus).toBe(403);
  });

  it('headless authorization code flow: LogOn form with a cookie jar, loopback callback, POST exchange', async () => {
    const a = emu.store.seeded;
    const state = 'state-8c1f';
    const callback = await startLoopbackCallback({ expectedState: state });
    try {
      const logOn = buildLogOnUrl({
        clientId: a.oauthClient.clientId,
        redirectUri: callback.redirectUri,
        state,
        baseUrl: emu.urls.http,
      });
      const session = new CookieSession(transport);
      const landed = await session.submitLogOnForm(logOn, a.consoleUser, a.consolePassword);
      expect(landed.status).toBe(200);
      expect(landed.finalUrl.startsWith(callback.redirectUri)).toBe(true);
      expect(await session.jar.getCookieString(`${emu.urls.http}/Authorization/OAuth/Authorization`)).toMatch(
        /MailUpSession=/,
      );
      const { code, state: echoed } = await callback.waitForCode({ timeoutMs: 5_000 });
      expect(echoed).toBe(state);
      const set = await oauthClient().exchangeCode({ code, redirectUri: callback.redirectUri });
      const store = new MemoryTokenStore();
      const tokens = new TokenManager({ store, key: 'code', refresh: (rt) => oauthClient().refresh(rt) });
      await tokens.save(set);
      const rest = new RestClient({ tokens, baseUrl: emu.urls.http, transport });
      expect((await rest.authenticationInfo()).Username).toBe(a.consoleUser);
      expect((await stats()).codeGrants).toBe(1);
    } finally {
      await callback.close();
    }
  });

  it("the GET code exchange of MailUp's samples works too, and a crossed state is refused before any exchange", async () => {
    const a = emu.store.seeded;
    const callback = await startLoopbackCallback({ expectedState: 'expected' });
    try {
      const session = new CookieSession(transport);
      const logOn = buildLogOnUrl({
        clientId: a.oauthClient.clientId,
        redirectUri: callback.redirectUri,
        state: 'forged',
        baseUrl: emu.urls.http,
      });
      const landed = await session.submitLogOnForm(logOn, a.consoleUser, a.consolePassword);
      expect(landed.status).toBe(400);
      const error = await callback.waitForCode({ timeoutMs: 5_000 }).catch((e: unknown) => capture.error(e));
      expect(MailUpError.is(error, 'validation')).toBe(true);
      // the code of that redirect, exchanged with GET, still works for a caller who checked nothing:
      const code = parseAuthorizationCallback(landed.finalUrl).code;
      const set = await oauthClient().exchangeCode({ code, method: 'GET' });
      expect(set.accessToken).toBeTruthy();
      expect(() => parseAuthorizationCallback(landed.finalUrl, 'expected')).toThrow(/state/);
      expect(() => parseAuthorizationCallback('http://x/cb?error=access_denied')).toThrow(/refused/);
    } finally {
      await callback.close();
    }
  });
});
