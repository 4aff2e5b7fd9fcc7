import { passwordGrant as grant } from '@mailup-kit/testkit/emulator-token';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';

const TOKEN = '/Authorization/OAuth/Token';
const DAY_MS = 86_400_000;

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const passwordGrant = () => grant(emu);

function refresh(refreshToken: string): Promise<Response> {
  const c = emu.store.seeded.oauthClient;
  return fetch(`${emu.urls.http}${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }),
  });
}

async function logOn(): Promise<void> {
  const a = emu.store.seeded;
  const response = await fetch(`${emu.urls.http}/Authorization/OAuth/LogOn`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: a.consoleUser, password: a.consolePassword }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
}

async function tables(): Promise<Record<string, unknown>> {
  const answer = await callControl(emu.urls.http, 'oauth.tables');
  expect(answer.status).toBe(200);
  return answer.json;
}

describe('OAuth tables stay bounded', () => {
  it('expired access tokens, refresh tokens past their life and LogOn sessions are purged on the emulator clock', async () => {
    await emu.control.action('throttle.enabled', { enabled: false });
    for (let i = 0; i < 40; i++) expect((await passwordGrant()).status).toBe(200);
    for (let i = 0; i < 5; i++) await logOn();
    expect(await tables()).toEqual({
      sessions: 5,
      codes: 0,
      accessTokens: 40,
      refreshTokens: 40,
      revokedFamilies: 0,
    });

    // An hour later the sessions are dead; the access tokens are expired but still remembered (so that they get
    // MailUp's "expired" 401); the next protocol request sweeps lazily.
    await callControl(emu.urls.http, 'clock.advance', { ms: 3_600_000 });
    expect((await passwordGrant()).status).toBe(200);
    expect(await tables()).toMatchObject({ sessions: 0, accessTokens: 41, refreshTokens: 41 });

    // A day after expiry the first 40 access tokens are forgotten (the one issued an hour ago is still remembered).
    await callControl(emu.urls.http, 'clock.advance', { ms: DAY_MS });
    expect((await passwordGrant()).status).toBe(200);
    expect(await tables()).toMatchObject({ sessions: 0, accessTokens: 2, refreshTokens: 42 });

    // Past the refresh tokens' life every grant is gone, and a dead refresh token is refused as unknown.
    await callControl(emu.urls.http, 'clock.advance', { ms: 31 * DAY_MS });
    expect((await passwordGrant()).status).toBe(200);
    expect(await tables()).toMatchObject({ sessions: 0, accessTokens: 1, refreshTokens: 1 });
  });

  it('a revoked family is forgotten once none of its refresh tokens can be alive', async () => {
    await emu.control.action('throttle.enabled', { enabled: false });
    const { refresh_token } = (await (await passwordGrant()).json()) as { refresh_token: string };
    expect((await refresh(refresh_token)).status).toBe(200);
    expect((await refresh(refresh_token)).status).toBe(400); // reuse: the family is revoked
    expect(await tables()).toMatchObject({ revokedFamilies: 1 });
    emu.control.advanceClock(31 * DAY_MS);
    expect((await passwordGrant()).status).toBe(200);
    expect(await tables()).toMatchObject({ revokedFamilies: 0, refreshTokens: 1 });
  });

  it('a refresh token past its life is refused with invalid_grant even before a sweep reaches it', async () => {
    await emu.control.action('throttle.enabled', { enabled: false });
    const { refresh_token } = (await (await passwordGrant()).json()) as { refresh_token: string };
    emu.control.advanceClock(31 * DAY_MS);
    const response = await refresh(refresh_token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('oauth.purge sweeps everything at once', async () => {
    await emu.control.action('throttle.enabled', { enabled: false });
    for (let i = 0; i < 30; i++) expect((await passwordGrant()).status).toBe(200);
    emu.control.advanceClock(31 * DAY_MS);
    expect(await emu.control.action('oauth.purge')).toEqual({
      removed: { sessions: 0, codes: 0, accessTokens: 30, refreshTokens: 30, revokedFamilies: 0 },
    });
    expect(await tables()).toMatchObject({ accessTokens: 0, refreshTokens: 0 });
  });
});

describe('Token endpoint throttling', () => {
  it('a flood of Token calls gets MailUp’s REST 429 body at the REST rate (5 calls/second)', async () => {
    // A burst of 12 concurrent calls: at most 5 fit in one second; the clock is real time, so allow the window to
    // roll over during a slow run, but some calls must be refused.
    const responses = await Promise.all(Array.from({ length: 12 }, () => passwordGrant()));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const refused = responses.find((r) => r.status === 429);
    expect(await refused!.json()).toEqual({
      ErrorCode: '429',
      ErrorDescription: expect.stringMatching(
        /^Authorization error \(too_many_requests\): The call quota is exhausted\. Max: 5 calls\/second, actual: \d+ calls\/second/,
      ),
      ErrorName: null,
      ErrorStack: null,
    });
    expect((await emu.control.action('throttle.stats')) as { refused: Record<string, number> }).toMatchObject({
      refused: { 'oauth Token': expect.any(Number) },
    });
  });
});
