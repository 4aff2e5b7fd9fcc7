import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const TOKEN = '/Authorization/OAuth/Token';
const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
const artifacts = join(process.cwd(), '../shared/mailup/artifacts/rest');

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator();
  await emu.control.action('throttle.enabled', { enabled: false }); // rates have their own suite
});
afterEach(async () => {
  await emu.close();
});

function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

async function passwordGrant(extra: RequestInit = {}) {
  const a = emu.store.seeded;
  const res = await fetch(`${emu.urls.http}${TOKEN}`, {
    ...form({
      grant_type: 'password',
      username: a.consoleUser,
      password: a.consolePassword,
      client_id: a.oauthClient.clientId,
      client_secret: a.oauthClient.clientSecret,
    }),
    ...extra,
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

function refresh(refreshToken: string) {
  const c = emu.store.seeded.oauthClient;
  return fetch(`${emu.urls.http}${TOKEN}`, {
    ...form({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }),
  });
}

function info(token: string) {
  return fetch(`${emu.urls.http}${CONSOLE}/Authentication/Info`, { headers: { authorization: `Bearer ${token}` } });
}

describe('emulator OAuth server', () => {
  it('password grant (body) issues opaque tokens with expires_in 3600 and a Date header on the emulator clock', async () => {
    emu.control.advanceClock(86_400_000);
    const { res, body } = await passwordGrant();
    expect(res.status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token']);
    expect(body.expires_in).toBe(3600);
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - emu.clock.now())).toBeLessThan(2000);
    expect(date - Date.now()).toBeGreaterThan(86_000_000);
    if (existsSync(artifacts)) {
      const real = JSON.parse(readFileSync(join(artifacts, 'oauth-token-response.json'), 'utf8')) as object;
      expect(Object.keys(body).sort()).toEqual(Object.keys(real).sort());
    } else console.log(`artifacts folder absent (${artifacts}): token shape conformance skipped`);
  });

  it('password grant accepts client credentials in a Basic header only, and rejects a wrong secret', async () => {
    const a = emu.store.seeded;
    const basic = Buffer.from(`${a.oauthClient.clientId}:${a.oauthClient.clientSecret}`).toString('base64');
    const ok = await fetch(`${emu.urls.http}${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        grant_type: 'password',
        username: a.consoleUser,
        password: a.consolePassword,
      }).toString(),
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${emu.urls.http}${TOKEN}`, {
      ...form({
        grant_type: 'password',
        username: a.consoleUser,
        password: 'wrong',
        client_id: a.oauthClient.clientId,
        client_secret: a.oauthClient.clientSecret,
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant' });
    const wrongClient = await fetch(`${emu.urls.http}${TOKEN}`, {
      ...form({
        grant_type: 'password',
        username: a.consoleUser,
        password: a.consolePassword,
        client_id: a.oauthClient.clientId,
        client_secret: 'x',
      }),
    });
    expect(await wrongClient.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('serves Authentication/Info and User/Lists with the bearer token, in the real shapes', async () => {
    const { body } = await passwordGrant();
    const res = await info(String(body.access_token));
    expect(res.status).toBe(200);
    const me = (await res.json()) as Record<string, unknown>;
    expect(me.Username).toBe(emu.store.seeded.consoleUser);
    const lists = await fetch(`${emu.urls.http}${CONSOLE}/user/lists?pageSize=1&pageNumber=1`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    const page = (await lists.json()) as {
      Items: Array<{ idList: number }>;
      TotalElementsCount: number;
      Skipped: number;
    };
    expect(page).toMatchObject({ IsPaginated: true, PageNumber: 1, PageSize: 1, Skipped: 1, TotalElementsCount: 2 });
    expect(page.Items.map((i) => i.idList)).toEqual([2]);
    if (existsSync(artifacts)) {
      const realInfo = JSON.parse(readFileSync(join(artifacts, 'authentication-info.json'), 'utf8')) as object;
      expect(Object.keys(me).sort()).toEqual(Object.keys(realInfo).sort());
      const realLists = JSON.parse(readFileSync(join(artifacts, 'user-lists.json'), 'utf8')) as { Items: object[] };
      expect(Object.keys(page).sort()).toEqual(Object.keys(realLists).sort());
      expect(Object.keys(page.Items[0] ?? {}).sort()).toEqual(Object.keys(realLists.Items[0] ?? {}).sort());
    } else console.log(`artifacts folder absent (${artifacts}): resource shape conformance skipped`);
  });

  it("answers 401 with MailUp's exact body once the token expires on the emulator clock, and after oauth.expireTokens", async () => {
    const { body } = await passwordGrant();
    emu.control.advanceClock(3_600_000);
    const res = await info(String(body.access_token));
    expect(res.status).toBe(401);
    const expected = existsSync(artifacts)
      ? JSON.parse(readFileSync(join(artifacts, 'error-401-expired-token.json'), 'utf8'))
      : {
          ErrorCode: '401',
          ErrorDescription: 'Authorization error: Access token is expired',
          ErrorName: 'Unauthorized',
          ErrorStack: null,
        };
    expect(await res.json()).toEqual(expected);
    const second = await passwordGrant();
    expect((await info(String(second.body.access_token))).status).toBe(200);
    expect(await emu.control.action('oauth.expireTokens')).toEqual({ expired: 1 });
    expect((await info(String(second.body.access_token))).status).toBe(401);
    expect((await info('not-a-token')).status).toBe(401);
    expect((await fetch(`${emu.urls.http}${CONSOLE}/Authentication/Info`)).status).toBe(401);
  });

  it('rotates refresh tokens; reusing a spent one is invalid_grant and revokes the whole family', async () => {
    const { body } = await passwordGrant();
    const first = await refresh(String(body.refresh_token));
    const rotated = (await first.json()) as Record<string, string>;
    expect(first.status).toBe(200);
    expect(rotated.refresh_token).not.toBe(body.refresh_token);
    expect((await info(String(rotated.access_token))).status).toBe(200);
    const reuse = await refresh(String(body.refresh_token));
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // the family is gone: the rotated access and refresh tokens are dead too
    expect((await info(String(rotated.access_token))).status).toBe(401);
    expect(((await (await refresh(String(rotated.refresh_token))).json()) as { error: string }).error).toBe(
      'invalid_grant',
    );
    expect(await emu.control.action('oauth.stats')).toMatchObject({
      refreshes: 1,
      invalidGrants: 2,
      familiesRevoked: 1,
    });
  });

  it('oauth.dropNextRefresh applies the rotation but destroys the socket', async () => {
    const { body } = await passwordGrant();
    await emu.control.action('oauth.dropNextRefresh');
    await expect(refresh(String(body.refresh_token))).rejects.toThrow();
    expect(await emu.control.action('oauth.stats')).toMatchObject({ refreshes: 1 });
    const again = await refresh(String(body.refresh_token));
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it("account.contract {signed:false} makes REST answer MailUp's 403 body", async () => {
    const { body } = await passwordGrant();
    await emu.control.action('account.contract', { signed: false });
    const res = await info(String(body.access_token));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      ErrorCode: '403',
      ErrorDescription:
        'Authorization error: Contract not signed, please login in console and accept terms of service.',
      ErrorName: 'Forbidden',
    });
    await emu.control.action('account.contract', { signed: true });
    expect((await info(String(body.access_token))).status).toBe(200);
    await expect(emu.control.action('account.contract', { signed: 'no' })).rejects.toThrow(/boolean/);
  });

  it('runs the authorization code flow: LogOn form, session cookie, single-use code bound to the redirect URI, GET exchange', async () => {
    const a = emu.store.seeded;
    const redirectUri = 'http://127.0.0.1:9/callback';
    const q = new URLSearchParams({
      client_id: a.oauthClient.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      state: 'xyz',
    });
    const page = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn?${q}`);
    const html = await page.text();
    expect(html).toContain('name="password"');
    expect(html).toContain('value="xyz"');
    const wrong = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn`, {
      ...form({ ...Object.fromEntries(q), username: a.consoleUser, password: 'nope' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    const logon = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn`, {
      ...form({ ...Object.fromEntries(q), username: a.consoleUser, password: a.consolePassword }),
      redirect: 'manual',
    });
    expect(logon.status).toBe(302);
    const cookie = logon.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const noSession = await fetch(`${emu.urls.http}${logon.headers.get('location')}`, { redirect: 'manual' });
    expect(noSession.headers.get('location')).toMatch(/LogOn/);
    const authz = await fetch(`${emu.urls.http}${logon.headers.get('location')}`, {
      redirect: 'manual',
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    const callback = new URL(authz.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('xyz');
    const code = callback.searchParams.get('code') ?? '';
    const exchange = await fetch(
      `${emu.urls.http}${TOKEN}?code=${encodeURIComponent(code)}&grant_type=authorization_code`,
    );
    expect(exchange.status).toBe(200);
    const tokens = (await exchange.json()) as Record<string, string>;
    expect((await info(String(tokens.access_token))).status).toBe(200);
    const replay = await fetch(
      `${emu.urls.http}${TOKEN}?code=${encodeURIComponent(code)}&grant_type=authorization_code`,
    );
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a code presented with another redirect URI', async () => {
    const a = emu.store.seeded;
    const session = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn`, {
      ...form({
        client_id: a.oauthClient.clientId,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:9/cb',
        username: a.consoleUser,
        password: a.consolePassword,
      }),
      redirect: 'manual',
    });
    const authz = await fetch(`${emu.urls.http}${session.headers.get('location')}`, {
      redirect: 'manual',
      headers: { cookie: (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '' },
    });
    const code = new URL(authz.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const res = await fetch(`${emu.urls.http}${TOKEN}`, {
      ...form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:9/other',
        client_id: a.oauthClient.clientId,
        client_secret: a.oauthClient.clientSecret,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses malformed authorization and token requests with OAuth error bodies', async () => {
    const a = emu.store.seeded;
    const authz = (q: Record<string, string>) =>
      fetch(`${emu.urls.http}/Authorization/OAuth/Authorization?${new URLSearchParams(q)}`, { redirect: 'manual' });
    const ok = { client_id: a.oauthClient.clientId, response_type: 'code', redirect_uri: 'http://127.0.0.1:9/cb' };
    expect(await (await authz({ ...ok, response_type: 'token' })).json()).toMatchObject({
      error: 'unsupported_response_type',
    });
    expect(await (await authz({ ...ok, client_id: 'nobody' })).json()).toMatchObject({ error: 'invalid_client' });
    expect(await (await authz({ ...ok, redirect_uri: 'javascript:alert(1)' })).json()).toMatchObject({
      error: 'invalid_request',
    });
    const token = (init: RequestInit, query = '') => fetch(`${emu.urls.http}${TOKEN}${query}`, init);
    const unsupported = await token(
      form({
        grant_type: 'client_credentials',
        client_id: a.oauthClient.clientId,
        client_secret: a.oauthClient.clientSecret,
      }),
    );
    expect(await unsupported.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const getPassword = await token(
      {},
      `?${new URLSearchParams({ grant_type: 'password', username: a.consoleUser, password: a.consolePassword })}`,
    );
    expect(await getPassword.json()).toMatchObject({ error: 'invalid_request' });
    const noClient = await token(form({ grant_type: 'refresh_token', refresh_token: 'x' }));
    expect(await noClient.json()).toMatchObject({ error: 'invalid_client' });
    const logOnWithApiUser = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn`, {
      ...form({ ...ok, username: a.apiUser, password: a.apiPassword }),
      redirect: 'manual',
    });
    expect(logOnWithApiUser.status).toBe(401); // the LogOn form takes console users only
  });
});
