import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { rawRequest } from './support/raw-http.js';

// The web console's routes over real sockets: the page and its CSP on `/` and `/__emulator/ui`, guarded like the
// control API; the message routes it adds to the inbox (.eml, attachment, HTML frame, delete one / all); the
// limits in use. What a browser does with them is web-console.browser.test.ts.

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  emulator = await startEmulator();
  base = emulator.urls.http;
});
beforeEach(() => emulator.store.outbox.clear());
afterAll(() => emulator.close());

/** What the tests put in a message sent over SMTP+. */
interface TestMail {
  subject: string;
  text?: string;
  html?: string;
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
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', ...mail });
  } finally {
    transport.close();
  }
}

async function sendApi(body: Record<string, unknown>): Promise<void> {
  const smtp = await smtpPlusTarget(emulator);
  const res = await fetch(`${base}/API/v2.0/messages/sendmessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, User: { Username: smtp.user, Secret: smtp.password } }),
  });
  expect(res.status).toBe(200);
}

describe('web console page', () => {
  it('is served on / and /__emulator/ui with a strict CSP (no inline script) and its script from the emulator', async () => {
    for (const path of ['/', '/__emulator/ui', '/__EMULATOR/UI/']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await res.text();
      expect(html).toContain('<script src="/__emulator/ui/console.js" defer></script>');
      expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    }
    const script = await fetch(`${base}/__emulator/ui/console.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).not.toContain('innerHTML');
  });

  it('is guarded like the control API: a foreign Host or another origin gets 403, nothing deleted', async () => {
    const port = new URL(base).port;
    const rebinding = await rawRequest(base, { path: '/', headers: { host: `attacker.example:${port}` } });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body).reason).toBe('foreign-host');
    await sendSmtp({ subject: 'keep me', text: 'x' });
    const crossOrigin = await rawRequest(base, {
      method: 'DELETE',
      path: '/__emulator/inbox',
      headers: { host: `127.0.0.1:${port}`, origin: 'https://evil.example' },
    });
    expect(crossOrigin.status).toBe(403);
    expect(emulator.store.outbox.mail).toHaveLength(1);
  });

  it('the account view is the JSON line of the seeded account, with its lists and recipients', async () => {
    const res = await fetch(`${base}/__emulator/ui/account`);
    const account = (await res.json()) as {
      account: { consolePassword: string; smtpPlus?: { password: string } };
      endpoints: { inbox: string };
      lists: Array<{ id: number; statuses: Array<{ status: string; count: number }> }>;
    };
    expect(account.account.consolePassword).toBe(emulator.store.seeded.consolePassword);
    expect(account.endpoints.inbox).toBe(`${base}/__emulator/inbox`);
    expect(account.lists.length).toBe(emulator.store.account(emulator.store.seeded.id).lists.size);
    expect(account.lists[0]?.statuses.map((s) => s.status)).toEqual(['subscribed', 'pending', 'unsubscribed']);
  });
});

describe('no secret of another account', () => {
  it("the account view, the page and its message list hold none of a second account's secrets", async () => {
    const other = {
      id: 77001,
      company: 'Other Co',
      consoleUser: 'm77001',
      consolePassword: 'other-console-password-5e1f',
      apiUser: 'a77001',
      apiPassword: 'other-api-password-9c2d',
      oauthClient: { clientId: 'other-client-77001', clientSecret: 'other-client-secret-3b7a' },
      contractSigned: true,
    };
    emulator.store.addAccount(other as Parameters<typeof emulator.store.addAccount>[0]);
    const secrets = [other.consolePassword, other.apiPassword, other.oauthClient.clientSecret];
    let seen = '';
    for (const path of ['/', '/__emulator/ui/account', '/__emulator/ui/messages', '/__emulator/ui/limits']) {
      seen += await (await fetch(`${base}${path}`)).text();
    }
    expect(seen).toContain(emulator.store.seeded.consolePassword);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });
});

describe('web console message routes', () => {
  it('the .eml download is the raw source the relay received, byte for byte', async () => {
    await sendSmtp({ subject: 'raw check', text: 'plain body', html: '<p>html body</p>' });
    const stored = emulator.store.outbox.mail[0]!;
    const download = await fetch(`${base}/__emulator/inbox/${stored.id}/raw?download=1`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    expect(download.headers.get('content-disposition')).toContain(`filename="message-${stored.id}.eml"`);
    expect(Buffer.from(await download.arrayBuffer()).equals(stored.raw!)).toBe(true);
    const view = await fetch(`${base}/__emulator/inbox/${stored.id}/raw`);
    expect(view.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await view.text()).toBe(stored.raw!.toString('utf8'));
  });

  it('a Send API message (JSON, no MIME source) gets an .eml composed from what was stored', async () => {
    await sendApi({
      Subject: 'Grüße über die API',
      From: { Name: 'Ann', Email: 'ann@example.com' },
      To: [{ Name: 'Bob', Email: 'bob@example.com' }],
      Html: { Body: '<p>hello <b>html</b></p>' },
      Text: 'hello text',
      Attachments: [{ Filename: 'note.txt', Body: Buffer.from('attached').toString('base64') }],
    });
    const stored = emulator.store.outbox.mail[0]!;
    expect(stored.raw).toBeUndefined();
    const eml = Buffer.from(await (await fetch(`${base}/__emulator/inbox/${stored.id}/raw?download=1`)).arrayBuffer());
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe('Grüße über die API');
    expect(parsed.text?.trim()).toBe(stored.text?.trim());
    expect(parsed.html).toContain('<b>html</b>');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual(
      stored.attachments.map((a) => [a.filename, a.content.toString()]),
    );
  });

  it('an attachment downloads as bytes that never render on the emulator origin; the HTML frame is sandboxed', async () => {
    await sendSmtp({
      subject: 'parts',
      html: '<script>parent.owned=1</script><p>hi</p>',
      attachments: [{ filename: 'evil.html', content: '<script>alert(1)</script>', contentType: 'text/html' }],
    });
    const stored = emulator.store.outbox.mail[0]!;
    const part = await fetch(`${base}/__emulator/inbox/${stored.id}/attachments/0`);
    expect(part.headers.get('content-type')).toBe('application/octet-stream');
    expect(part.headers.get('content-disposition')).toMatch(/^attachment; filename="evil.html"/);
    expect(await part.text()).toBe('<script>alert(1)</script>');
    expect((await fetch(`${base}/__emulator/inbox/${stored.id}/attachments/5`)).status).toBe(404);
    const frame = await fetch(`${base}/__emulator/inbox/${stored.id}/html`);
    expect(frame.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(await frame.text()).toBe(stored.html);
  });

  it('delete one removes that message only (the others stay findable by id); delete all empties the inbox', async () => {
    for (const subject of ['one', 'two', 'three']) await sendSmtp({ subject, text: subject });
    const [first, second, third] = emulator.store.outbox.mail.map((m) => m.id) as [number, number, number];
    const deleted = await fetch(`${base}/__emulator/inbox/${second}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: 1 });
    expect((await fetch(`${base}/__emulator/inbox/${second}`, { method: 'DELETE' })).status).toBe(404);
    expect(emulator.store.outbox.mail.map((m) => m.subject)).toEqual(['one', 'three']);
    expect(emulator.store.outbox.mailById(first)?.subject).toBe('one');
    expect(emulator.store.outbox.mailById(third)?.subject).toBe('three');
    expect(emulator.store.outbox.mailById(second)).toBeUndefined();
    const list = (await (await fetch(`${base}/__emulator/ui/messages?q=THR`)).json()) as { mail: unknown[] };
    expect(list.mail).toHaveLength(1);
    const all = await fetch(`${base}/__emulator/inbox`, { method: 'DELETE' });
    expect(await all.json()).toEqual({ deleted: 2, sms: 0 });
    expect(emulator.store.outbox.mail).toHaveLength(0);
  });
});

describe('limits in use', () => {
  it('throttle.usage shows per policy window the calls made, what remains, and until when a full one pauses', async () => {
    await emulator.control.action('throttle.reset', {});
    const a = emulator.store.seeded;
    const basic = `Basic ${Buffer.from(`${a.consoleUser}:${a.consolePassword}`).toString('base64')}`;
    const list = [...emulator.store.account(a.id).lists.values()][0]!;
    const url = `${base}/API/v2.0/lists/${list.id}/listsecret`;
    expect((await fetch(url, { headers: { authorization: basic } })).status).toBeLessThan(500);
    const usage = (await (await fetch(`${base}/__emulator/ui/limits`)).json()) as {
      enabled: boolean;
      windows: Array<{ protocol: string; calls: number; remaining: number; limit: number; pausedUntil?: string }>;
    };
    expect(usage.enabled).toBe(true);
    const rows = usage.windows.filter((w) => w.protocol === 'txsms');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.calls).toBe(1);
      expect(row.remaining).toBe(row.limit - 1);
      expect(row.pausedUntil).toBeUndefined();
    }
  });
});
