import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { type ChromiumSession, launchChromium } from '@mailup-kit/testkit/chromium';
import { CHROMIUM, needsProgram } from '@mailup-kit/testkit/programs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// MailUp's official browser sample (mailup/rest-samples-js, REFERENCE §12 "CORS") calls the token endpoint and the
// REST resources by XHR from a page on another origin, with an Authorization header: real Chromium must let it.
// Debian's chromium (or the executable MAILUP_CHROMIUM names), driven by playwright-core; a machine without it skips
// this suite with one printed line that names the program and how to install it.
const executablePath = needsProgram(CHROMIUM, 'the CORS suite in Chromium');

let emulator: RunningEmulator;
let server: Server;
/** The page's origin: `localhost`, while the emulator is `127.0.0.1` on another port — another origin. */
let site: string;
let browser: ChromiumSession;
let context: BrowserContext;

beforeAll(async () => {
  if (!executablePath) return;
  emulator = await startEmulator();
  await emulator.control.action('throttle.enabled', { enabled: false });
  server = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>sample</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(executablePath, 'mailup-chromium-cors-');
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await emulator?.close();
});

interface XhrResult {
  status: number;
  body: string;
  /** Set when the browser refused the answer (a CORS failure shows as status 0 + an error event). */
  error?: string;
}

/** One XHR from the page, as the official sample makes them (its `callMethod` / `retreiveAccessToken`). */
function xhr(page: Page, method: string, url: string, headers: Record<string, string>, body?: string) {
  return page.evaluate(
    ({ method, url, headers, body }) =>
      new Promise<XhrResult>((resolve) => {
        const request = new XMLHttpRequest();
        request.open(method, url, true);
        for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
        request.onload = () => resolve({ status: request.status, body: request.responseText });
        request.onerror = () => resolve({ status: request.status, body: '', error: 'network error' });
        request.send(body ?? null);
      }),
    { method, url, headers, body },
  );
}

describe.skipIf(!executablePath)('REST and OAuth from a page on another origin, in real Chromium', () => {
  it('a password grant, a REST GET, and a refresh after the 401 all reach the page', async () => {
    const page = await context.newPage();
    await page.goto(`${site}/`);
    const a = emulator.store.seeded;
    const token = `${emulator.urls.http}/Authorization/OAuth/Token`;
    const basic = `Basic ${Buffer.from(`${a.oauthClient.clientId}:${a.oauthClient.clientSecret}`).toString('base64')}`;
    const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic };
    const before = emulator.control.counters()['oauth Token'] ?? 0;

    const grant = await xhr(
      page,
      'POST',
      token,
      formHeaders,
      new URLSearchParams({ grant_type: 'password', username: a.consoleUser, password: a.consolePassword }).toString(),
    );
    expect(grant.error).toBeUndefined();
    expect(grant.status).toBe(200);
    const tokens = JSON.parse(grant.body) as { access_token: string; refresh_token: string };
    expect(tokens.access_token).toEqual(expect.any(String));

    const lists = `${emulator.urls.http}/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists`;
    const json = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const first = await xhr(page, 'GET', lists, { ...json, Authorization: `Bearer ${tokens.access_token}` });
    expect(first.error).toBeUndefined();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ Items: expect.any(Array) });

    emulator.control.advanceClock(3_601_000);
    const expired = await xhr(page, 'GET', lists, { ...json, Authorization: `Bearer ${tokens.access_token}` });
    expect(expired.error).toBeUndefined();
    expect(expired.status).toBe(401);

    const refreshed = await xhr(
      page,
      'POST',
      token,
      formHeaders,
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
    );
    expect(refreshed.status).toBe(200);
    const next = JSON.parse(refreshed.body) as { access_token: string };
    expect(next.access_token).not.toBe(tokens.access_token);
    const again = await xhr(page, 'GET', lists, { ...json, Authorization: `Bearer ${next.access_token}` });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect((emulator.control.counters()['oauth Token'] ?? 0) - before).toBe(2);
    await page.close();
  });
});
