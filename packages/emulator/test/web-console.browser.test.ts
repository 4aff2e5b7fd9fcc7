import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChromiumSession, launchChromium } from '@mailup-kit/testkit/chromium';
import { docSnippets } from '@mailup-kit/testkit/doc-snippets';
import { CHROMIUM, needsProgram } from '@mailup-kit/testkit/programs';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The console polls every second: give each expectation on the page a few of its rounds.
vi.setConfig({ expect: { poll: { timeout: 8_000 } } });

import { describeEmulator, type RunningEmulator, startEmulator } from '../src/index.js';

// The web console in real Chromium (Debian's, or MAILUP_CHROMIUM; playwright-core downloads none): live updates
// without reload, search, a hostile message that cannot run script, .eml download, delete one and all, and
// screenshots of each view under test-output/console/ (gitignored).
const executablePath = needsProgram(CHROMIUM, 'the web console suite in Chromium');
const SHOTS = fileURLToPath(new URL('../../../test-output/console/', import.meta.url));

let emulator: RunningEmulator;
let browser: ChromiumSession;

beforeAll(async () => {
  if (!executablePath) return;
  mkdirSync(SHOTS, { recursive: true });
  emulator = await startEmulator();
  browser = await launchChromium(executablePath, 'mailup-chromium-console-', { acceptDownloads: true });
});
beforeEach(() => emulator?.store.outbox.clear());
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

interface TestMail {
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string; contentType?: string }>;
}

async function sendSmtp(mail: TestMail): Promise<void> {
  const smtp = await smtpPlusTarget(emulator);
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    auth: { user: smtp.user, pass: smtp.password },
    tls: { ca: smtp.tls.ca, servername: smtp.servername },
  });
  try {
    await transport.sendMail({ from: 'Ann <ann@example.com>', to: 'bob@example.com', ...mail });
  } finally {
    transport.close();
  }
}

/** A console page that records what a page must never do: dialogs, errors, CSP violations. */
async function openConsole(
  path = '/',
): Promise<{ page: Page; dialogs: string[]; problems: string[]; blocked: string[] }> {
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  const problems: string[] = [];
  /** What the message frame's own sandbox and CSP refused (a message's script or remote image: expected). */
  const blocked: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const frameRefusal =
      /sandboxed and the 'allow-scripts' permission is not set/.test(text) ||
      /violates the following Content Security Policy directive: "img-src data:"/.test(text);
    (frameRefusal ? blocked : problems).push(text);
  });
  await page.goto(`${emulator.urls.http}${path}`);
  await page.waitForSelector('#status:has-text("live")');
  return { page, dialogs, problems, blocked };
}

const rows = (page: Page) => page.locator('#message-list tbody tr');

describe.skipIf(!executablePath)('the web console in real Chromium', () => {
  it('shows a message sent over SMTP+ without a reload, and its account URLs and credentials to copy', async () => {
    const { page, problems } = await openConsole('/');
    await expect.poll(() => rows(page).count()).toBe(0);
    const loads: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads.push(frame.url());
    });
    await sendSmtp({ subject: 'Live over SMTP', text: 'hello', html: '<h1 style="color:#1f3a5f">Hello</h1>' });
    await expect.poll(() => rows(page).first().textContent(), { timeout: 10_000 }).toContain('Live over SMTP');
    expect(loads).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'inbox.png') });

    await page.click('#tabs button[data-tab="account"]');
    const password = page.locator('#account-keys input[data-key="account.consolePassword"]');
    await expect.poll(() => password.inputValue()).toBe(emulator.store.seeded.consolePassword);
    expect(await page.locator('#account-keys input[data-key="urls.http"]').inputValue()).toBe(emulator.urls.http);
    await page.screenshot({ path: join(SHOTS, 'account.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('search filters the list as you type', async () => {
    await sendSmtp({ subject: 'Invoice 42', text: 'pay' });
    await sendSmtp({ subject: 'Welcome aboard', text: 'hi' });
    await sendSmtp({ subject: 'Reminder', text: 'your invoice is due' });
    const { page } = await openConsole('/__emulator/ui');
    await expect.poll(() => rows(page).count()).toBe(3);
    await page.fill('#search', 'invoice');
    await expect
      .poll(() => rows(page).allTextContents())
      .toEqual([expect.stringContaining('Reminder'), expect.stringContaining('Invoice 42')]);
    await page.fill('#search', 'welcome');
    await expect.poll(() => rows(page).allTextContents()).toEqual([expect.stringContaining('Welcome aboard')]);
    await page.screenshot({ path: join(SHOTS, 'search.png') });
    await page.fill('#search', '');
    await expect.poll(() => rows(page).count()).toBe(3);
    await page.close();
  });

  it('a message with <script> and onerror= runs no script: no alert, no global, its HTML-looking subject shown as text', async () => {
    const subject = '<img src=x onerror="alert(\'subject\')"><b>bold?</b>';
    await sendSmtp({
      subject,
      text: '<script>alert("text")</script>',
      html:
        '<p id="greeting">Hello from HTML</p><script>alert("script");parent.pwned=1;window.top.pwned=1</script>' +
        '<img src="x" onerror="alert(\'onerror\');parent.pwned=2">',
      headers: { 'X-SMTPAPI': JSON.stringify({ CampaignName: 'Spring <b>sale</b>', CampaignCode: 'spring' }) },
    });
    const { page, dialogs, problems, blocked } = await openConsole('/');
    await page.locator('#message-list tbody tr').first().click();
    await page.waitForSelector('#message-frame');
    expect(await page.getAttribute('#message-frame', 'sandbox')).toBe('');
    const frame = page.frameLocator('#message-frame');
    await expect.poll(() => frame.locator('#greeting').textContent(), { timeout: 10_000 }).toBe('Hello from HTML');
    expect(await page.locator('#message-subject').textContent()).toBe(subject);
    expect(await page.locator('#message-subject img, #message-subject b').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'message-html.png') });

    await page.click('.views button[data-view="text"]');
    expect(await page.locator('#message-text').textContent()).toBe('<script>alert("text")</script>');
    await page.click('.views button[data-view="xsmtpapi"]');
    expect(JSON.parse((await page.locator('#message-xsmtpapi').textContent()) ?? '')).toMatchObject({
      CampaignName: 'Spring <b>sale</b>',
    });
    await page.screenshot({ path: join(SHOTS, 'message-xsmtpapi.png') });
    await page.click('.views button[data-view="headers"]');
    expect(await page.locator('#message-headers').textContent()).toContain('X-SMTPAPI');
    await page.waitForTimeout(300); // lets a script or an image error that would run do so before the checks below
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    // The frame refused the message's script and its remote image itself (Chromium says so on the console).
    expect(blocked.join('\n')).toMatch(/allow-scripts|img-src data:/);
    await page.close();
  });

  it('the .eml download matches the raw source, byte for byte', async () => {
    await sendSmtp({
      subject: 'Download me',
      text: 'plain',
      html: '<p>rich</p>',
      attachments: [{ filename: 'notes.txt', content: 'attached text' }],
    });
    const stored = emulator.store.outbox.mail[0]!;
    const { page } = await openConsole('/');
    await rows(page).first().click();
    await page.click('.views button[data-view="raw"]');
    await expect.poll(() => page.locator('#message-raw').textContent()).toBe(stored.raw!.toString('utf8'));
    await page.screenshot({ path: join(SHOTS, 'message-raw.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-eml')]);
    expect(download.suggestedFilename()).toBe(`message-${stored.id}.eml`);
    const saved = readFileSync((await download.path()) as string);
    expect(saved.equals(stored.raw!)).toBe(true);

    await page.click('.views button[data-view="attachments"]');
    const [part] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#message-attachments a:has-text("notes.txt")'),
    ]);
    expect(readFileSync((await part.path()) as string, 'utf8')).toBe('attached text');
    await page.close();
  });

  it('delete one removes that message from the list; delete all empties it', async () => {
    for (const subject of ['first', 'second', 'third']) await sendSmtp({ subject, text: subject });
    const { page } = await openConsole('/');
    await expect.poll(() => rows(page).count()).toBe(3);
    await page.locator('#message-list tbody tr', { hasText: 'second' }).click();
    await page.waitForSelector('#message-subject:has-text("second")');
    await page.click('#delete-one');
    await expect
      .poll(() => rows(page).allTextContents())
      .toEqual([expect.stringContaining('third'), expect.stringContaining('first')]);
    expect(emulator.store.outbox.mail.map((m) => m.subject)).toEqual(['first', 'third']);
    expect(await page.locator('#message').isHidden()).toBe(true);
    await page.click('#delete-all');
    await expect.poll(() => rows(page).count()).toBe(0);
    expect(emulator.store.outbox.mail).toHaveLength(0);
    expect(await page.locator('#inbox-empty').isVisible()).toBe(true);
    await page.close();
  });

  it('the journal, the limits in use and the SMS outbox are on their tabs', async () => {
    const a = emulator.store.seeded;
    const list = [...emulator.store.account(a.id).lists.values()][0]!;
    const basic = `Basic ${Buffer.from(`${a.consoleUser}:${a.consolePassword}`).toString('base64')}`;
    await emulator.control.action('throttle.reset', {});
    const call = () =>
      fetch(`${emulator.urls.http}/API/v2.0/lists/${list.id}/listsecret`, { headers: { authorization: basic } });
    await call();
    const { page, problems } = await openConsole('/');
    await page.click('#tabs button[data-tab="journal"]');
    const journal = page.locator('#journal-list tbody tr', { hasText: 'listsecret' });
    await expect.poll(() => journal.count()).toBeGreaterThan(0);
    await journal.first().click();
    const entry = (await page.locator('#journal-entry').textContent()) ?? '';
    expect(entry).toContain('listsecret');
    expect(entry).not.toContain(a.consolePassword);
    await page.screenshot({ path: join(SHOTS, 'journal.png') });
    await page.click('#tabs button[data-tab="limits"]');
    // The SMS API's window is one second: keep calling while the page (polling every second) looks.
    const calling = setInterval(() => void call(), 200);
    try {
      await expect.poll(() => page.locator('#limits-list tbody tr', { hasText: 'txsms' }).count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'limits.png') });
    } finally {
      clearInterval(calling);
    }
    await page.click('#tabs button[data-tab="sms"]');
    await page.screenshot({ path: join(SHOTS, 'sms.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("docs/testing-with-the-emulator.md's browser snippet lists the lists from a page on another origin", async () => {
    const doc = readFileSync(
      fileURLToPath(new URL('../../../docs/testing-with-the-emulator.md', import.meta.url)),
      'utf8',
    );
    const code = docSnippets(doc).get('browser.js');
    expect(code).toBeDefined();
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>your page</title>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.context.newPage();
      // localhost, while the emulator is 127.0.0.1 on another port: another origin.
      await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
      const names = await page.evaluate(
        ({ code, line }) => new Function('line', `${code}\nreturn listNames(line);`)(line) as Promise<string[]>,
        { code: code ?? '', line: describeEmulator(emulator) },
      );
      expect(names).toEqual([...emulator.store.account(emulator.store.seeded.id).lists.values()].map((l) => l.name));
      await page.close();
    } finally {
      await new Promise<void>((resolve) => {
        site.close(() => resolve());
        site.closeAllConnections();
      });
    }
  });
});
