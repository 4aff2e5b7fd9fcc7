import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChromiumSession, launchChromium } from '@mailup-kit/testkit/chromium';
import { CHROMIUM, needsProgram } from '@mailup-kit/testkit/programs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../.ci/check-browser-bundle.mjs';

// Debian's chromium (or the executable MAILUP_CHROMIUM names), driven by playwright-core (no browser download).
// .ci/run installs it when a *.browser.test.ts exists; a machine without it skips this suite with one printed
// line that names the program and how to install it.
const executablePath = needsProgram(CHROMIUM, 'the core suite in Chromium');

interface Report {
  ok: boolean;
  error?: string;
  report?: Record<string, unknown>;
}

let server: Server;
let base: string;
let browser: ChromiumSession;
let context: BrowserContext;
const consoleLines: string[] = [];

beforeAll(async () => {
  if (!executablePath) return;
  const { code, problems } = await bundleForBrowser('packages/core/test/fixtures/browser-entry.ts');
  expect(problems).toEqual([]);
  const page = '<!doctype html><meta charset="utf-8"><title>core</title><script type="module" src="/core.js"></script>';
  server = createServer((req, res) => {
    if (req.url === '/core.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(code);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(executablePath, 'mailup-chromium-');
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe.skipIf(!executablePath)('core root entry in real Chromium', () => {
  it('builds, redacts and prints a MailUpError and runs a pipeline with a fake transport', async () => {
    const page = await context.newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => (globalThis as { __mailupReport?: unknown }).__mailupReport !== undefined, null, {
      timeout: 30_000,
    });
    const result = (await page.evaluate(() => (globalThis as { __mailupReport?: unknown }).__mailupReport)) as Report;
    expect(pageErrors).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.report).toMatchObject({
      leaked: [],
      isMailUpError: true,
      retryable: false,
      names: ['News'],
      attempts: [1, 2],
      sameCallId: true,
      callIdShape: true,
      authorization: ['Bearer t0k3n', 'Bearer t0k3n'],
      url: 'https://services.mailup.com/Lists?page=2',
      hasDeadline: true,
      nodeGlobals: [],
    });
    expect(result.report?.steps).toEqual([
      'initialize:core:initialize',
      'serialize:test:serialize',
      'retry:core:retry',
      'auth:test:auth',
      'build:core:build',
      'transport:core:transport',
      'deserialize:test:json',
    ]);
    // What Chromium's console printed (console.error(err) and its JSON) holds no secret either.
    expect(consoleLines.length).toBeGreaterThanOrEqual(2);
    expect(consoleLines.join('\n')).not.toMatch(/browserSecret/);
    expect(consoleLines.join('\n')).toMatch(/MailUpError/);
  });
});
