import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { renderSubscribeForm } from '@mailup-kit/frontend';
import { type ChromiumSession, launchChromium } from '@mailup-kit/testkit/chromium';
import { CHROMIUM, needsProgram } from '@mailup-kit/testkit/programs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../.ci/check-browser-bundle.mjs';

// Debian's chromium (or the executable MAILUP_CHROMIUM names), driven by playwright-core (no browser download);
// .ci/run installs it. A machine without it skips both suites with one printed line that names the program and
// how to install it.
const executablePath = needsProgram(CHROMIUM, 'the JSONP and subscription-form suites in Chromium');
const ACCESS_KEY = 'browser-suite-access-key';

let emulator: RunningEmulator;
let server: Server;
/** The page's origin: `localhost`, while the emulator is `127.0.0.1` on another port — another origin. */
let site: string;
let browser: ChromiumSession;
let context: BrowserContext;

beforeAll(async () => {
  if (!executablePath) return;
  const { code, problems } = await bundleForBrowser('packages/jsonp/test/fixtures/browser-entry.ts');
  expect(problems).toEqual([]);
  emulator = await startEmulator();
  const form = renderSubscribeForm({
    consoleUrl: emulator.urls.http,
    lists: [
      { id: 1, name: 'News <b>&</b> "offers"', checked: true },
      { id: 2, name: 'Customers' },
    ],
    fields: [{ code: 'campo1', label: 'First name' }],
  });
  const pages: Record<string, [string, string]> = {
    '/jsonp.js': ['text/javascript; charset=utf-8', code],
    '/': [
      'text/html; charset=utf-8',
      '<!doctype html><meta charset="utf-8"><title>shop</title><script type="module" src="/jsonp.js"></script><ul id="lists"></ul>',
    ],
    '/form': ['text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>form</title>${form}`],
  };
  server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': page[0] });
    res.end(page[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(executablePath, 'mailup-chromium-jsonp-');
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await emulator?.close();
});

beforeEach(() => {
  if (!emulator) return;
  emulator.control.reset();
  emulator.store.accessKeys.set(ACCESS_KEY, {
    accountId: emulator.store.seeded.id,
    issuedAt: emulator.clock.now(),
    expiresAt: emulator.clock.now() + 3_600_000,
  });
});

const listsUrl = () => `${emulator.urls.http}/1.1/MailUpService.svc/jsonp/ListsRead?token=${ACCESS_KEY}`;

async function shopPage(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site}/`);
  await page.waitForFunction(() => typeof (globalThis as { mailupJsonp?: unknown }).mailupJsonp === 'function');
  return page;
}

/** What a call left behind: script elements pointing at the emulator and callback globals. */
function leftovers(page: Page) {
  return page.evaluate(() => ({
    scripts: document.querySelectorAll('script[src*="callback="]').length,
    globals: Object.keys(globalThis).filter((k) => k.startsWith('mailupJsonp_')),
  }));
}

describe.skipIf(!executablePath)('the JSONP browser module in real Chromium', () => {
  it('a page on another origin shows the data, and the element and the global are gone afterwards', async () => {
    const page = await shopPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const names = await page.evaluate(async (url) => {
      type Lists = { Lists: Array<{ Name: string }> };
      const call = (globalThis as unknown as { mailupJsonp: (u: string) => Promise<Lists> }).mailupJsonp;
      const data = await call(url);
      const ul = document.getElementById('lists') as HTMLElement;
      for (const l of data.Lists) ul.appendChild(document.createElement('li')).textContent = l.Name;
      return data.Lists.map((l) => l.Name);
    }, listsUrl());
    expect(names).toEqual(['Newsletter', 'Customers']);
    expect(await page.locator('#lists li').allTextContents()).toEqual(['Newsletter', 'Customers']);
    expect(await leftovers(page)).toEqual({ scripts: 0, globals: [] });
    expect(emulator.control.counters()).toMatchObject({ 'jsonp ListsRead': 1 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an error answer rejects with the typed error and leaves nothing behind', async () => {
    const page = await shopPage();
    const result = await page.evaluate(
      async (url) => {
        const call = (globalThis as unknown as { mailupJsonp: (u: string) => Promise<unknown> }).mailupJsonp;
        return call(url).then(
          () => 'resolved',
          (e: { kind: string; httpStatus: number }) => `${e.kind} ${e.httpStatus}`,
        );
      },
      listsUrl().replace(ACCESS_KEY, 'wrong'),
    );
    expect(result).toBe('auth-expired 401');
    expect(await leftovers(page)).toEqual({ scripts: 0, globals: [] });
    await page.close();
  });

  it('an abort rejects aborted; the late answer finds a no-op and throws nothing', async () => {
    emulator.control.addFault({
      protocol: 'jsonp',
      operation: 'ListsRead',
      phase: 'before-apply',
      action: { type: 'delay', ms: 1000 },
    });
    const page = await shopPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const result = await page.evaluate(async (url) => {
      const call = (globalThis as unknown as { mailupJsonp: (u: string, o: object) => Promise<unknown> }).mailupJsonp;
      const controller = new AbortController();
      const pending = call(url, { signal: controller.signal });
      const during = document.querySelectorAll('script[src*="callback="]').length;
      setTimeout(() => controller.abort(), 100);
      const outcome = await pending.then(
        () => 'resolved',
        (e: { kind: string }) => e.kind,
      );
      return { outcome, during };
    }, listsUrl());
    expect(result).toEqual({ outcome: 'aborted', during: 1 });
    expect((await leftovers(page)).scripts).toBe(0);
    // The aborted script's answer still arrives: the no-op left in place takes it and removes itself.
    await page.waitForFunction(() => !Object.keys(globalThis).some((k) => k.startsWith('mailupJsonp_')), undefined, {
      timeout: 10_000,
    });
    expect(errors).toEqual([]);
    expect(await leftovers(page)).toEqual({ scripts: 0, globals: [] });
    await page.close();
  });

  it('a timeout rejects transient (timedOut); the late answer finds a no-op, throws nothing, and removes it', async () => {
    emulator.control.addFault({
      protocol: 'jsonp',
      operation: 'ListsRead',
      phase: 'before-apply',
      action: { type: 'delay', ms: 1000 },
    });
    const page = await shopPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const result = await page.evaluate(async (url) => {
      const call = (globalThis as unknown as { mailupJsonp: (u: string, o: object) => Promise<unknown> }).mailupJsonp;
      return call(url, { timeoutMs: 150 }).then(
        () => 'resolved',
        (e: { kind: string; details: { timedOut?: boolean } }) => `${e.kind} ${e.details.timedOut}`,
      );
    }, listsUrl());
    expect(result).toBe('transient true');
    const after = await leftovers(page);
    expect(after.scripts).toBe(0);
    expect(after.globals).toHaveLength(1); // the no-op, until the late answer calls it
    // issue 16 item 18: the removed script still runs when its answer arrives; it used to throw a ReferenceError
    await page.waitForFunction(() => !Object.keys(globalThis).some((k) => k.startsWith('mailupJsonp_')), undefined, {
      timeout: 10_000,
    });
    expect(errors).toEqual([]);
    expect(await leftovers(page)).toEqual({ scripts: 0, globals: [] });
    await page.close();
  });

  it('refuses callback injection and a token parameter in the page, loading nothing', async () => {
    const page = await shopPage();
    const kinds = await page.evaluate(async (url) => {
      const call = (globalThis as unknown as { mailupJsonp: (u: string, o?: object) => Promise<unknown> }).mailupJsonp;
      const kind = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: { kind: string }) => e.kind,
        );
      return Promise.all([
        kind(call(url, { callbackName: 'alert(1)//' })),
        kind(call(url, { callbackName: 'a.b' })),
        kind(call(`${url}&callback=evil`)),
        kind(call(`${url}&access_token=abc`)),
      ]);
    }, listsUrl());
    expect(kinds).toEqual(['validation', 'validation', 'validation', 'validation']);
    expect(emulator.control.counters()['jsonp ListsRead'] ?? 0).toBe(0);
    await page.close();
  });
});

describe.skipIf(!executablePath)('the subscription form rendered by @mailup-kit/frontend, in real Chromium', () => {
  it('posts to subscribe.aspx, follows the redirect, and the recipient is pending until the link is opened', async () => {
    const page = await context.newPage();
    await page.goto(`${site}/form`);
    // Escaped: the list name shows as text, no <b> element was injected.
    expect(await page.locator('form b').count()).toBe(0);
    expect(await page.locator('form').textContent()).toContain('News <b>&</b> "offers"');
    const email = `browser.${Date.now()}@example.com`;
    await page.fill('input[name=email]', email);
    await page.fill('input[name=campo1]', 'Grace');
    await page.check('input[name=list][value="2"]');
    await Promise.all([page.waitForURL(/SubscribeResult\.aspx/), page.click('button[type=submit]')]);
    expect(await page.locator('#result').textContent()).toMatch(/please confirm your subscription/);
    const data = emulator.store.account(emulator.store.seeded.id);
    const recipient = data.findRecipient({ email });
    expect([1, 2].map((l) => data.subscription(l, recipient?.id ?? 0)?.status)).toEqual(['pending', 'pending']);
    expect(recipient?.fields.get(1)).toBe('Grace');
    const { confirmations } = (await emulator.control.action('frontend.confirmations', { email })) as {
      confirmations: Array<{ url: string }>;
    };
    await page.goto(confirmations[0]?.url ?? '');
    expect(await page.locator('#result').textContent()).toMatch(/confirmed/);
    expect([1, 2].map((l) => data.subscription(l, recipient?.id ?? 0)?.status)).toEqual(['subscribed', 'subscribed']);
    await page.close();
  });
});
