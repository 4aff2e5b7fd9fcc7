import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childrenOf, processAlive, startUnderParent, type UnderParent } from '@mailup-kit/testkit/parent-process';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorDescription } from '../src/index.js';

const buildScript = fileURLToPath(new URL('../scripts/build-standalone.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mailup-standalone-build-'));
/** An empty directory that gets the bundle and nothing else. */
const empty = mkdtempSync(join(tmpdir(), 'mailup-standalone-run-'));
const bundle = join(empty, 'mailup-emulator.mjs');
/** Only what a shell gives any program: no NODE_OPTIONS, no NODE_PATH, no loader, no MAILUP_ variable. */
const bareEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: empty,
  ...extra,
});

beforeAll(() => {
  // Always built from the current source (a stale dist/ would test yesterday's code); esbuild takes seconds.
  const built = spawnSync(process.execPath, [buildScript, '--outfile', join(work, 'mailup-emulator.mjs')], {
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  copyFileSync(join(work, 'mailup-emulator.mjs'), bundle);
  expect(readdirSync(empty)).toEqual(['mailup-emulator.mjs']);
}, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const decode = (xml: string) =>
  xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function soapEnvelope(method: string, args: Record<string, string | number>): string {
  const body = Object.entries(args)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soap:Body><${method} xmlns="http://services.mailupnet.it/WS">${body}</${method}></soap:Body></soap:Envelope>`
  );
}

async function soapCall(url: string, method: string, args: Record<string, string | number>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"http://services.mailupnet.it/WS/${method}"`,
    },
    body: soapEnvelope(method, args),
  });
  expect(res.status).toBe(200);
  return decode(await res.text());
}

describe('the standalone bundle (plain node, no node_modules)', () => {
  const children: ChildProcess[] = [];
  let underParent: UnderParent | undefined;
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    if (underParent && processAlive(underParent.pid)) process.kill(underParent.pid, 'SIGKILL');
    if (underParent?.parent.exitCode === null) underParent.parent.kill('SIGKILL');
    underParent = undefined;
  });

  it('imports nothing but Node built-ins', () => {
    const source = readFileSync(bundle, 'utf8');
    // esbuild writes an external ES import as a top-level `import … from "x";` line and a CommonJS one as
    // `__require("x")` (through the createRequire banner).
    const specifiers = [
      ...[...source.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)].map((m) => m[1] ?? ''),
      ...[...source.matchAll(/\b(?:__)?require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''),
    ];
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !isBuiltin(s))).toEqual([]);
  });

  it('starts from an empty directory, and REST with OAuth, SOAP, SMTP+, the Send API, the SMS API and the frontend work from its JSON line alone', async () => {
    const child = spawn(process.execPath, [bundle, '--seed', 'sample'], {
      cwd: empty,
      env: bareEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [first] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const line = JSON.parse(first) as EmulatorDescription;
    const { account, endpoints } = line;

    // REST: a password grant at the token endpoint, then a GET on the console base with the bearer token.
    const token = await fetch(endpoints.oauth.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: account.consoleUser,
        password: account.consolePassword,
        client_id: account.oauth.clientId,
        client_secret: account.oauth.clientSecret,
      }),
    });
    expect(token.status, stderr).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const lists = await fetch(`${endpoints.rest.console}/Console/User/Lists`, {
      headers: { authorization: `Bearer ${access_token}`, accept: 'application/json' },
    });
    expect(lists.status).toBe(200);
    const { Items } = (await lists.json()) as { Items: Array<{ Name: string }> };
    expect(Items.map((l) => l.Name)).toEqual(account.lists.map((l) => l.name));

    // SOAP: the WSDL, then LoginFromId and GetLists with the access key it returns.
    const wsdl = await fetch(endpoints.soap.MailupSend.wsdl);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain(endpoints.soap.MailupSend.url);
    const login = await soapCall(endpoints.soap.MailupSend.url, 'LoginFromId', {
      user: account.apiUser,
      pwd: account.apiPassword,
      consoleId: account.id,
    });
    const accessKey = /<accessKey>([^<]+)<\/accessKey>/.exec(login)?.[1];
    expect(accessKey, login).toBeDefined();
    const soapLists = await soapCall(endpoints.soap.MailupSend.url, 'GetLists', { accessKey: accessKey ?? '' });
    for (const list of account.lists) expect(soapLists).toContain(list.name);
    // SOAP Login with the console host a MailUp module is configured with (host:port, from the line)
    const consoleLogin = await soapCall(endpoints.soap.MailupSend.url, 'Login', {
      user: account.apiUser,
      pwd: account.apiPassword,
      url: new URL(endpoints.console).host,
    });
    expect(consoleLogin).toMatch(/<errorCode>0<\/errorCode>[\s\S]*<accessKey>[^<]+<\/accessKey>/);

    // the frontend pages: the seeded list 1, its GUID from the line, a recipient of the default seed
    const [list1] = account.lists;
    const subscribe = await fetch(
      `${endpoints.frontend}/xmlSubscribe.aspx?${new URLSearchParams({ Email: 'reader@example.com', List: String(list1?.id), Confirm: '0', retCode: '1' })}`,
    );
    expect((await subscribe.text()).trim()).toBe('0');
    const check = await fetch(
      `${endpoints.frontend}/Xmlchksubscriber.aspx?${new URLSearchParams({ Email: 'reader@example.com', List: String(list1?.id), ListGuid: list1?.guid ?? '' })}`,
    );
    expect((await check.text()).trim()).toBe('2');

    // the SMS API with the seeded ListGuid and ListSecret, and no Sender (the documented example request has none)
    const sms = account.sms?.[0];
    if (!sms) throw new Error(`the line names no SMS list secret: ${first}`);
    const smsAnswer = await fetch(`${endpoints.smsApi}/sms/${account.id}/${sms.listId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Content: 'Your code is 1234',
        ListGuid: sms.listGuid,
        ListSecret: sms.listSecret,
        Recipient: '+393331234567',
      }),
    });
    expect(await smsAnswer.json()).toMatchObject({ Code: '0' });

    // SMTP+: STARTTLS verified against the CA the line points to, AUTH as the seeded SMTP+ user, then the inbox.
    const smtp = endpoints.smtp;
    const smtpPlus = account.smtpPlus;
    if (!smtp || !smtpPlus) throw new Error(`the line has no SMTP endpoint or user: ${first}`);
    const ca = await (await fetch(smtp.caUrl)).text();
    expect(ca).toContain('BEGIN CERTIFICATE');
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      requireTLS: true,
      auth: { user: smtpPlus.username, pass: smtpPlus.password },
      tls: { ca },
    });
    try {
      const info = await transport.sendMail({
        from: 'shop@example.com',
        to: 'buyer@example.com',
        subject: 'Standalone bundle order 42',
        text: 'thanks',
      });
      expect(info.response).toMatch(/^250 /);
    } finally {
      transport.close();
    }
    // the Send API with the same SMTP+ user
    const sent = await fetch(`${endpoints.sendApi}/messages/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Subject: 'Standalone bundle receipt 42',
        Text: 'thanks',
        From: { Name: 'Shop', Email: 'shop@example.com' },
        To: [{ Name: 'Buyer', Email: 'buyer@example.com' }],
        User: { Username: smtpPlus.username, Secret: smtpPlus.password },
      }),
    });
    expect(await sent.json()).toMatchObject({ Code: '0' });
    const inbox = await fetch(endpoints.inbox, { headers: { accept: 'application/json' } });
    const { mail } = (await inbox.json()) as { mail: Array<{ subject: string; channel: string }> };
    expect(mail.map((m) => [m.subject, m.channel]).sort()).toEqual([
      ['Standalone bundle order 42', 'smtp'],
      ['Standalone bundle receipt 42', 'send-api'],
    ]);
    // The web console and its script come from inside the bundle (no file beside it).
    const page = await fetch(endpoints.ui);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/__emulator/ui/console.js');
    expect(await (await fetch(`${endpoints.ui}__emulator/ui/console.js`)).text()).toContain('refreshInbox');

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, stderr).toBe(0);
    expect(readdirSync(empty)).toEqual(['mailup-emulator.mjs']);
  });

  it('takes fixed ports from MAILUP_EMULATOR_*, prints --env lines, and exits when its parent is killed', async () => {
    const probe = spawn(process.execPath, [bundle, '--help'], { cwd: empty, env: bareEnv() });
    let help = '';
    probe.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      help += chunk;
    });
    expect((await once(probe, 'exit'))[0]).toBe(0);
    expect(help).toContain('MAILUP_EMULATOR_HTTP_PORT');

    const { createServer } = await import('node:net');
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = createServer().listen(0, '127.0.0.1');
      await once(server, 'listening');
      ports.push((server.address() as { port: number }).port);
      server.close();
      await once(server, 'close');
    }
    const [http, smtpPort] = ports as [number, number];
    underParent = await startUnderParent(process.execPath, [bundle, '--env'], {
      cwd: empty,
      env: bareEnv({ MAILUP_EMULATOR_HTTP_PORT: String(http), MAILUP_EMULATOR_SMTP_PORT: String(smtpPort) }),
    });
    expect(underParent.firstLine).toBe(`MAILUP_EMULATOR_URLS_HTTP=http://127.0.0.1:${http}`);
    expect((await fetch(`http://127.0.0.1:${http}/__emulator/health`)).status).toBe(200);

    underParent.parent.kill('SIGKILL');
    const { pid } = underParent;
    const deadline = Date.now() + 20_000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processAlive(pid), underParent.stderr()).toBe(false);
    await expect(fetch(`http://127.0.0.1:${http}/__emulator/health`)).rejects.toThrow();
    expect(underParent.stderr()).toContain('mailup-emulator: parent process ended; stopping');
  });

  it("exits when the launcher is killed and npm's `sh -c` wrapper between them survives it", async () => {
    // `npm exec` / `npx` run a bin as `sh -c <bin>`; that shell outlives a killed npm and stays the emulator's parent.
    underParent = await startUnderParent('/bin/sh', ['-c', `"${process.execPath}" "${bundle}"; exit $?`], {
      cwd: empty,
      env: bareEnv(),
    });
    const { urls } = JSON.parse(underParent.firstLine) as EmulatorDescription;
    expect((await fetch(`${urls.http}/__emulator/health`)).status).toBe(200);
    const [pid] = childrenOf(underParent.pid);
    if (pid === undefined) throw new Error('the shell has no child');
    const emulatorPid = pid;
    cleanup.push(() => {
      if (processAlive(emulatorPid)) process.kill(emulatorPid, 'SIGKILL');
    });

    underParent.parent.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processAlive(pid), underParent.stderr()).toBe(false);
    await expect(fetch(`${urls.http}/__emulator/health`)).rejects.toThrow();
  });
});
