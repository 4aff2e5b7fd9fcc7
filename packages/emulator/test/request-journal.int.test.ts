import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type JournalEntry, type RunningEmulator, startEmulator } from '../src/index.js';

let emulator: RunningEmulator;
let base: string;
const logged: JournalEntry[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ onRequest: (entry) => logged.push(entry) });
  base = emulator.urls.http;
});
beforeEach(() => emulator.control.journal.clear());
afterAll(() => emulator.close());

const WS = 'http://services.mailupnet.it/WS';
const REST = '/API/v1.1/Rest/ConsoleService.svc';

async function token(): Promise<string> {
  const a = emulator.store.seeded;
  const res = await fetch(`${base}/Authorization/OAuth/Token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${a.oauthClient.clientId}:${a.oauthClient.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'password', username: a.consoleUser, password: a.consolePassword }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function soapLogin(): Promise<string> {
  const { id, apiUser, apiPassword } = emulator.store.seeded;
  const res = await fetch(`${base}/MailupSend.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${WS}/LoginFromId"` },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><LoginFromId xmlns="${WS}"><user>${apiUser}</user><pwd>${apiPassword}</pwd><consoleId>${id}</consoleId></LoginFromId></soap:Body></soap:Envelope>`,
  });
  const text = await res.text();
  return /accessKey&gt;([^&]+)&lt;/.exec(text)?.[1] ?? '';
}

/** Drives one request of each protocol over real sockets; returns every secret it used or was given. */
async function everyProtocol(): Promise<string[]> {
  const a = emulator.store.seeded;
  const bearer = await token();
  const rest = await fetch(`${base}${REST}/Console/User/Lists`, {
    headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
  });
  expect(rest.status).toBe(200);
  const accessKey = await soapLogin();
  expect(accessKey).not.toBe('');
  const list = [...emulator.store.account(a.id).lists.values()][0]!;
  const frontend = await fetch(`${base}/frontend/xmlSubscribe.aspx?list=${list.id}&email=j@example.com&retCode=1`);
  expect(frontend.status).toBe(200);
  const smtp = await smtpPlusTarget(emulator);
  const send = await fetch(`${base}/API/v2.0/messages/sendmessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      Subject: 'journal',
      From: { Name: 'A', Email: 'a@example.com' },
      To: [{ Name: 'B', Email: 'b@example.com' }],
      Html: { Body: '<p>hi</p>' },
      User: { Username: smtp.user, Secret: smtp.password },
    }),
  });
  expect(send.status).toBe(200);
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    auth: { user: smtp.user, pass: smtp.password },
    tls: { ...smtp.tls, servername: smtp.servername },
  });
  await transport.sendMail({ from: 'a@example.com', to: 'c@example.com', subject: 'over smtp', text: 'body' });
  transport.close();
  return [bearer, accessKey, a.consolePassword, a.apiPassword, a.oauthClient.clientSecret, smtp.password];
}

/** A transactional SMS with a ListSecret, and a WSMailUpImport call with the API password in its SOAP header. */
async function smsAndImport(): Promise<string[]> {
  const a = emulator.store.seeded;
  const list = [...emulator.store.account(a.id).lists.values()][0]!;
  const basic = `Basic ${Buffer.from(`${a.consoleUser}:${a.consolePassword}`).toString('base64')}`;
  const created = await fetch(`${base}/api/v2.0/lists/${list.id}/listsecret`, {
    method: 'POST',
    headers: { authorization: basic },
  });
  const listSecret = ((await created.json()) as { Data: { ListSecret: string } }).Data.ListSecret;
  expect(listSecret).toMatch(/^[0-9a-f-]{36}$/);
  await fetch(`${base}/api/v2.0/sms/${a.id}/${list.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Content: 'hello', ListGuid: list.guid, ListSecret: listSecret, Recipient: '+393331234567' }),
  });
  const IMPORT = 'http://ws.mailupnet.it/';
  await fetch(`${base}/Services/WSMailupImport.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `${IMPORT}GetNlLists` },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Authentication xmlns="${IMPORT}"><User>${a.apiUser}</User><Password>${a.apiPassword}</Password></Authentication></soap:Header><soap:Body><GetNlLists xmlns="${IMPORT}"/></soap:Body></soap:Envelope>`,
  });
  return [listSecret, a.consolePassword, a.apiPassword];
}

describe('request journal', () => {
  it('records REST, OAuth, SOAP, frontend, Send API and SMTP+ each with its operation id, account and status', async () => {
    await everyProtocol();
    const entries = emulator.control.journal.list();
    const ops = entries.map((e) => e.operation);
    expect(ops).toEqual([
      'oauth:token',
      'rest:GET Console/User/Lists',
      'soap:MailupSend.LoginFromId',
      'frontend:xmlSubscribe',
      'txmail:sendmessage',
      'smtp:send',
    ]);
    const id = emulator.store.seeded.id;
    // The two logins carry no account until their handler checks the credentials: the journal leaves it unset.
    const logins = new Set(['oauth:token', 'soap:MailupSend.LoginFromId']);
    for (const entry of entries) {
      expect(entry.accountId, entry.operation).toBe(logins.has(entry.operation) ? undefined : id);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    const smtp = entries.at(-1)!;
    expect(smtp).toMatchObject({ protocol: 'smtp', method: 'DATA', status: 250 });
    expect(smtp.transport).toEqual({ kind: 'smtp', dataCompleted: true, recipients: 1 });
    expect(smtp.request.body.text).toContain('Subject: over smtp');
    const restEntry = entries[1]!;
    expect(restEntry.transport).toEqual({ kind: 'http', bodyReadWhole: true, reset: false });
    expect(restEntry.response.body.text).toContain('"Items"');
    expect(restEntry.response.headers['content-type']).toContain('json');
  });

  it('never keeps a secret: passwords, tokens, access keys, client secrets, SMTP+ secrets, Authorization', async () => {
    const before = logged.length;
    const secrets = await everyProtocol();
    const journal = JSON.stringify(emulator.control.journal.list());
    const http = await (await fetch(`${base}/__emulator/journal`)).text();
    const log = JSON.stringify(logged.slice(before));
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(journal).not.toContain(secret);
      expect(http).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    expect(journal).toContain('[REDACTED]');
  });

  it('records the SMS API (txsms:send) and the Import service (import:GetNlLists) without their ListSecret or password', async () => {
    const before = logged.length;
    const secrets = await smsAndImport();
    const entries = emulator.control.journal.list();
    expect(entries.map((e) => e.operation)).toEqual(['txsms:POST listsecret', 'txsms:send', 'import:GetNlLists']);
    expect(entries.every((e) => e.accountId === emulator.store.seeded.id)).toBe(true);
    const journal = JSON.stringify(entries);
    const log = JSON.stringify(logged.slice(before));
    for (const secret of secrets) {
      expect(journal).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  });

  it('does not journal the control API itself, and clear() empties it', async () => {
    await fetch(`${base}/__emulator/health`);
    await fetch(`${base}/__emulator/control/counters.get`, { method: 'POST' });
    await fetch(`${base}/__emulator/inbox`);
    expect(emulator.control.journal.count()).toBe(0);
    await fetch(`${base}/no/such/path`);
    expect(emulator.control.journal.list().map((e) => [e.operation, e.status])).toEqual([['client:unmatched', 404]]);
    const cleared = await fetch(`${base}/__emulator/journal`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(emulator.control.journal.count()).toBe(0);
  });

  it('filters by protocol, operation (prefix), status, account, time and mark, over HTTP and in-process', async () => {
    const mark = emulator.control.journal.lastId();
    await everyProtocol();
    await fetch(`${base}${REST}/Console/User/Lists`); // no token: 401
    const j = emulator.control.journal;
    expect(j.count({ protocol: 'rest' })).toBe(2);
    expect(j.count({ operation: 'rest:GET *' })).toBe(2);
    expect(j.count({ status: 401 })).toBe(1);
    expect(j.count({ accountId: emulator.store.seeded.id })).toBe(4);
    expect(j.count({ afterId: mark })).toBe(7);
    expect(j.list({ limit: 2 }).map((e) => e.operation)).toEqual(['smtp:send', 'rest:GET Console/User/Lists']);
    const now = emulator.clock.now();
    emulator.control.advanceClock(60_000);
    await fetch(`${base}/frontend/Xmlchksubscriber.aspx?list=1&email=j@example.com`);
    expect(j.list({ since: now + 60_000 }).map((e) => e.operation)).toEqual(['frontend:Xmlchksubscriber']);
    expect(j.count({ until: now + 60_000 })).toBe(7);

    const q = new URLSearchParams({ protocol: 'rest', status: '401' });
    const listed = (await (await fetch(`${base}/__emulator/journal?${q}`)).json()) as { entries: JournalEntry[] };
    expect(listed.entries).toHaveLength(1);
    const counted = (await (await fetch(`${base}/__emulator/journal/count?operation=smtp:send`)).json()) as {
      count: number;
    };
    expect(counted.count).toBe(1);
    const one = await fetch(`${base}/__emulator/journal/${listed.entries[0]!.id}`);
    expect(((await one.json()) as JournalEntry).status).toBe(401);
    expect((await fetch(`${base}/__emulator/journal/999999`)).status).toBe(404);
    const bad = await fetch(`${base}/__emulator/journal?status=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('status');
    const action = await fetch(`${base}/__emulator/control/journal.count`, {
      method: 'POST',
      body: JSON.stringify({ protocol: 'smtp' }),
    });
    expect(await action.json()).toEqual({ count: 1 });
  });

  it('guards the journal routes like the rest of the control API (a foreign Origin or Host is refused)', async () => {
    await fetch(`${base}/no/such/path`);
    const foreign = await fetch(`${base}/__emulator/journal`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const cleared = await fetch(`${base}/__emulator/journal`, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example' },
    });
    expect(cleared.status).toBe(403);
    expect(emulator.control.journal.count()).toBe(1);
  });
});

describe('request journal bounds', () => {
  it('evicts the oldest first past maxEntries, and keeps ids increasing', async () => {
    const small = await startEmulator({ journal: { maxEntries: 3 } });
    try {
      for (let i = 0; i < 5; i++)
        await fetch(`${small.urls.http}/frontend/Xmlchksubscriber.aspx?list=1&email=${i}@x.io`);
      const entries = small.control.journal.list();
      expect(entries.map((e) => e.id)).toEqual([3, 4, 5]);
      expect(entries.map((e) => e.path)).toEqual(
        [2, 3, 4].map((i) => `/frontend/Xmlchksubscriber.aspx?list=1&email=${i}@x.io`),
      );
      expect(small.control.journal.find(1)).toBeUndefined();
      expect(small.control.journal.stats()).toMatchObject({ entries: 3, evicted: 2, lastId: 5 });
    } finally {
      await small.close();
    }
  });

  it('caps each body at maxBodyBytes with its original size, and bounds the bytes it keeps', async () => {
    const small = await startEmulator({ journal: { maxBodyBytes: 64, maxBytes: 4096 } });
    try {
      const big = `{"Subject":"${'x'.repeat(10_000)}","User":{"Username":"u","Secret":"${'s'.repeat(20)}"}}`;
      for (let i = 0; i < 20; i++) {
        await fetch(`${small.urls.http}/API/v2.0/messages/sendmessage`, { method: 'POST', body: big });
      }
      const entries = small.control.journal.list();
      const last = entries.at(-1)!;
      expect(last.request.body).toMatchObject({ size: big.length, truncated: true });
      expect(Buffer.byteLength(last.request.body.text)).toBeLessThanOrEqual(64);
      expect(small.control.journal.stats().bytes).toBeLessThanOrEqual(4096);
      expect(entries.length).toBeLessThan(20);
      expect(JSON.stringify(entries)).not.toContain('s'.repeat(20));
    } finally {
      await small.close();
    }
  });

  it('keeps nothing when disabled, and the request listener still sees every request', async () => {
    const seen: string[] = [];
    const off = await startEmulator({ journal: { enabled: false }, onRequest: (e) => seen.push(e.operation) });
    try {
      await fetch(`${off.urls.http}/frontend/Xmlchksubscriber.aspx?list=1&email=a@x.io`);
      expect(off.control.journal.count()).toBe(0);
      expect(seen).toEqual(['frontend:Xmlchksubscriber']);
    } finally {
      await off.close();
    }
  });

  it('states the transport facts: a body refused as too large was not read whole; an injected reset has no status', async () => {
    const small = await startEmulator({ maxBodyBytes: 1_000 });
    try {
      const big = await fetch(`${small.urls.http}/API/v2.0/messages/sendmessage`, {
        method: 'POST',
        body: 'x'.repeat(5_000),
      });
      expect(big.status).toBe(413);
      small.control.addFault({ path: '/frontend/', action: { type: 'reset' } });
      await expect(fetch(`${small.urls.http}/frontend/Xmlchksubscriber.aspx?list=1&email=a@x.io`)).rejects.toThrow();
      const [tooLarge, reset] = small.control.journal.list();
      expect(tooLarge).toMatchObject({ status: 413, transport: { kind: 'http', bodyReadWhole: false, reset: false } });
      expect(reset).toMatchObject({
        operation: 'frontend:Xmlchksubscriber',
        status: 0,
        transport: { kind: 'http', bodyReadWhole: true, reset: true },
      });
    } finally {
      await small.close();
    }
  });

  it('refuses a bad bound with a typed validation error', async () => {
    await expect(startEmulator({ journal: { maxEntries: 0 } })).rejects.toMatchObject({ kind: 'validation' });
  });
});
