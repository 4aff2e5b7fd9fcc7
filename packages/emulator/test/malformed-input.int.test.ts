import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { ITEMS_PATH, itemsModule } from './support/items-module.js';
import { rawRequest } from './support/raw-http.js';

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
const TOKEN = '/Authorization/OAuth/Token';

describe('malformed percent-escapes and cookies', () => {
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator({ modules: [itemsModule()] });
    await emulator.control.action('throttle.enabled', { enabled: false });
    base = emulator.urls.http;
  });
  afterAll(() => emulator.close());

  it.each(['/%E0%A4%A', '/%zz', `${ITEMS_PATH}/%`])('a bad path %s outside REST is a plain-text 400', async (path) => {
    const answer = await rawRequest(base, { path });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.body).toMatch(/malformed percent-escape in the path/);
  });

  it('a bad path under the REST base is a 400 with MailUp’s JSON error body', async () => {
    const answer = await rawRequest(base, { path: `${CONSOLE}/User/Lists/%zz` });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({
      ErrorCode: '400',
      ErrorDescription: expect.stringMatching(/malformed percent-escape in the path/),
      ErrorName: 'BadRequest',
      ErrorStack: null,
    });
  });

  it('an undecodable cookie from another local app is skipped; the request and the other cookies still work', async () => {
    const health = await rawRequest(base, { path: '/__emulator/health', headers: { cookie: 'theme=100%' } });
    expect(health.status).toBe(200);
    // The LogOn session cookie still reaches the Authorization step next to a broken one.
    const a = emulator.store.seeded;
    const logon = await fetch(`${base}/Authorization/OAuth/LogOn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'theme=100%' },
      body: new URLSearchParams({
        username: a.consoleUser,
        password: a.consolePassword,
        client_id: a.oauthClient.clientId,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1/callback',
      }),
      redirect: 'manual',
    });
    expect(logon.status).toBe(302);
    const session = String(logon.headers.get('set-cookie')).split(';')[0];
    const authorize = await rawRequest(base, {
      path: `/Authorization/OAuth/Authorization?client_id=${a.oauthClient.clientId}&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1/callback')}`,
      headers: { cookie: `theme=100%; ${session}; other=%E0%A4%A` },
    });
    expect(authorize.status).toBe(302);
    expect(authorize.headers.location).toMatch(/^http:\/\/127\.0\.0\.1\/callback\?code=/);
  });

  it('a malformed query string is 400, not 500 (MailUp JSON on REST paths)', async () => {
    const plain = await rawRequest(base, { path: `${ITEMS_PATH}?q=100%` });
    expect(plain.status).toBe(400);
    expect(plain.body).toMatch(/malformed percent-escape in the query string/);
    const rest = await rawRequest(base, { path: `${CONSOLE}/User/Lists?filterby=%E0%A4%A` });
    expect(rest.status).toBe(400);
    expect(JSON.parse(rest.body)).toMatchObject({ ErrorCode: '400', ErrorName: 'BadRequest' });
  });

  it('a malformed form body at the Token endpoint is an OAuth invalid_request 400, not 500', async () => {
    const answer = await rawRequest(base, {
      method: 'POST',
      path: TOKEN,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=%zz',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/malformed percent-escape in the form body/),
    });
  });

  it('client credentials in a Basic header with a bad escape are invalid_client, not 500', async () => {
    const answer = await rawRequest(base, {
      method: 'POST',
      path: TOKEN,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('id%:secret').toString('base64')}`,
      },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_client' });
  });
});
