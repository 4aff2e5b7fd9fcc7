import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type Logger, MailUpError, ManualClock } from '@mailup-kit/core';
import { FileTokenStore } from '@mailup-kit/core/node';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImportClient, SoapClient } from '../src/index.js';

let emulator: RunningEmulator;
const opened: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  emulator.control.reset();
  emulator.control.action('throttle.enabled', { enabled: true });
  emulator.store.accounts.get(emulator.store.seeded.id)!.contractSigned = true;
});
afterAll(async () => {
  await emulator.close();
});

const count = (name: string) => emulator.control.counters()[name] ?? 0;

function client(extra: Partial<ConstructorParameters<typeof SoapClient>[0]> = {}): SoapClient {
  const { apiUser, apiPassword } = emulator.store.seeded;
  const soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http, ...extra });
  opened.push(soap);
  return soap;
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (fields: unknown, ...rest: unknown[]): void => {
    lines.push(`${String(rest[0])} ${JSON.stringify(fields)}`);
  };
  return { logger: { debug: log, info: log, warn: log, error: log } as Logger, lines };
}

describe('SOAP access-key sessions against the emulator', () => {
  it('an expired-key answer renews the key once and repeats the call: 2 logins, the call served', async () => {
    const soap = client();
    await soap.getLists();
    const first = soap.session.current();
    emulator.control.advanceClock(61 * 60_000); // the server's 60 minutes are over; the client's clock says fresh
    const lists = await soap.getLists();
    expect(lists.length).toBeGreaterThan(0);
    expect(count('soap LoginFromId')).toBe(2);
    expect(count('soap GetLists')).toBe(3);
    expect(soap.session.current()).not.toBe(first);
  });

  it('a key is renewed ahead of its 60 minutes (counted from login, not extended by use)', async () => {
    emulator.control.action('throttle.enabled', { enabled: false }); // 7 calls in one real second; the clock is ours
    const clock = new ManualClock(Date.now());
    const soap = client({ clock });
    await soap.getLists();
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * 60_000);
      await soap.getLists(); // used every 10 minutes: use does not extend it
    }
    expect(count('soap LoginFromId')).toBe(1);
    clock.advance(9 * 60_000); // 59 minutes after login: inside the 2-minute renew-ahead window
    await soap.getLists();
    expect(count('soap LoginFromId')).toBe(2);
    expect(count('soap GetLists')).toBe(7);
  });

  it('one key serves MailUpSend, MailUpManage and MailUpReport', async () => {
    const soap = client();
    await soap.send.call('GetLists', {});
    await soap.manage.call('GetGroups', { listID: 1 });
    await soap.report.call('ReportByMessageEN', { listID: 1, messageID: 1 }).catch((e) => e);
    expect(count('soap LoginFromId')).toBe(1);
  });

  it('two clients sharing a file token store log in once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soap-store-'));
    try {
      const a = client({ tokenStore: new FileTokenStore({ path: join(dir, 'keys.json') }) });
      const b = client({ tokenStore: new FileTokenStore({ path: join(dir, 'keys.json') }) });
      await Promise.all([a.getLists(), b.getLists(), a.getGroups(1), b.getGroups(1)]);
      expect(count('soap LoginFromId')).toBe(1);
      expect(a.session.current()).toBe(b.session.current());
      await a.close();
      expect(count('soap Logout')).toBe(0); // a shared key is not logged out by one client
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bare id and console credentials log in too; the deprecated Login warns once', async () => {
    const { id, consoleUser, consolePassword, apiPassword } = emulator.store.seeded;
    await client({ user: String(id), password: apiPassword }).getLists();
    await client({ user: consoleUser, password: consolePassword }).getLists();
    expect(count('soap LoginFromId')).toBe(2);
    const { logger, lines } = capture();
    const old = client({ deprecatedLogin: { url: 'console.example.com' }, logger });
    await old.getLists();
    emulator.control.advanceClock(61 * 60_000);
    await old.getLists();
    expect(count('soap Login')).toBe(2);
    expect(lines.filter((l) => l.includes('Login is deprecated'))).toHaveLength(1);
  });

  it('a wrong password is auth-invalid, tried once, and no secret is in the error', async () => {
    const soap = client({ password: 'wrong-password-123' });
    const error = await soap.getLists().catch((e: unknown) => e);
    expect(MailUpError.is(error, 'auth-invalid')).toBe(true);
    expect((error as MailUpError).vendorCode).toBe(-1002);
    expect(count('soap LoginFromId')).toBe(1);
    expect(count('soap GetLists')).toBe(0);
    expect(inspect(error, { depth: 10 })).not.toContain('wrong-password-123');
  });

  it('no access key or password appears in an error, its inspection or the logs', async () => {
    const { logger, lines } = capture();
    const soap = client({ logger });
    await soap.getLists();
    const key = soap.session.current() as string;
    const error = await soap.getGroups(99).catch((e: unknown) => e);
    expect(MailUpError.is(error, 'not-found')).toBe(true);
    const text = `${inspect(error, { depth: 10 })} ${lines.join('\n')}`;
    expect(text).not.toContain(key);
    expect(text).not.toContain(emulator.store.seeded.apiPassword);
  });

  it('contract not signed is kind contract-not-signed (-1014)', async () => {
    emulator.store.accounts.get(emulator.store.seeded.id)!.contractSigned = false;
    const error = await client()
      .getLists()
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'contract-not-signed')).toBe(true);
  });
});

describe('the client pipeline', () => {
  it('a send is never repeated once its bytes may have left: the answer lost after apply is ambiguous', async () => {
    const soap = client();
    await soap.getLists();
    emulator.control.addFault({
      protocol: 'soap',
      operation: 'SendNewsletter',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    const error = await soap.send
      .call('SendNewsletter', { listID: 1, newsletterID: 1, options: { send_to: 'ALL' } })
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'ambiguous')).toBe(true);
    expect(count('soap SendNewsletter')).toBe(1);
  });

  it('a read is retried after a transient failure', async () => {
    const soap = client({ retryPolicy: { baseDelayMs: 1, capDelayMs: 2 } });
    await soap.getLists();
    emulator.control.addFault({ protocol: 'soap', operation: 'GetGroups', action: { type: 'status', status: 503 } });
    expect(await soap.getGroups(1)).not.toHaveLength(0); // the 503 was taken by the first attempt
    expect(emulator.control.action('faults.clear', {})).toBeDefined();
    expect(count('soap GetGroups')).toBe(1); // a faulted request is answered before it is counted
  });

  it("node-soap's HTTP is core's transport: the caller's abort is kind aborted, the deadline and the size cap hold", async () => {
    const soap = client({ timeoutMs: 300, retryPolicy: { maxAttempts: 1 }, maxResponseBytes: 64 });
    const controller = new AbortController();
    controller.abort();
    expect(await soap.getLists({ signal: controller.signal }).catch((e: unknown) => e)).toMatchObject({
      kind: 'aborted',
    });
    const big = await soap.getLists().catch((e: unknown) => e); // the LoginFromId answer is larger than 64 bytes
    expect(MailUpError.is(big)).toBe(true);
    expect((big as MailUpError).kind).not.toBe('aborted');
    const roomy = client({ timeoutMs: 300, retryPolicy: { maxAttempts: 1 } });
    await roomy.getLists();
    emulator.control.addFault({ protocol: 'soap', operation: 'GetGroups', action: { type: 'delay', ms: 2_000 } });
    const late = await roomy.getGroups(1).catch((e: unknown) => e);
    expect(MailUpError.is(late)).toBe(true);
    expect((late as MailUpError).details).toMatchObject({ timedOut: true }); // the exchange's deadline, not the 2 s delay
  });

  it.each([
    ['CR/LF in a subject', { listID: 1, subject: 'Hi\r\nBcc: x@example.com', type: 'HTML', content: 'x' }],
    ['a NUL in the content', { listID: 1, subject: 'Hi', type: 'HTML', content: 'a\u0000b' }],
    ['a non-integer list id', { listID: 1.5, subject: 'Hi', type: 'HTML', content: 'x' }],
    ['an unknown argument', { listID: 1, subject: 'Hi', bogus: '1' }],
    ['an option key with markup', { listID: 1, subject: 'Hi', options: { '<x>': '1' } }],
  ])('%s is a validation error and nothing is sent (not even a login)', async (_label, args) => {
    const soap = client();
    const error = await soap.send.call('CreateNewsletter', args as never).catch((e: unknown) => e);
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect(emulator.control.counters()).toEqual({});
  });

  it('the arguments of a call are checked once (the build step only puts the access key in its place)', async () => {
    const soap = client();
    let reads = 0;
    const args = { listID: 1, type: 'HTML', content: '<p>x</p>' } as { listID: number; subject?: string };
    Object.defineProperty(args, 'subject', {
      enumerable: true,
      get: () => {
        reads++;
        return 'Checked once';
      },
    });
    const created = await soap.send.call('CreateNewsletter', args);
    expect(created.data.newsletterID).toBeGreaterThan(0);
    expect(reads).toBe(1);
  });

  it('markup and entities in values travel escaped and come back intact', async () => {
    const soap = client();
    const subject = 'Tom & Jerry <b>"quoted"</b> &amp; ]]> ©';
    const created = await soap.send.call('CreateNewsletter', { listID: 1, subject, type: 'HTML', content: '<p>x</p>' });
    const newsletterID = created.data.newsletterID ?? Number.NaN;
    expect(Number.isInteger(newsletterID)).toBe(true); // a typed result: the id is a number
    const code = await soap.send.call('GetNewsletterCode', { listID: 1, newsletterID, isTemplate: false });
    expect(code.data.newsletterSubject).toBe(subject);
    expect(code.raw.newsletterSubject).toBe(subject);
  });

  it('SendSingleNewsletter of type ID counts against its own 5,000/day row, type HTML against 100/day', async () => {
    const limiter = new Limiter({ account: emulator.store.seeded.id });
    const soap = client({ limiter });
    const created = await soap.send.call('CreateNewsletter', { listID: 1, subject: 'S', type: 'HTML', content: 'x' });
    await soap.send.call('SendSingleNewsletter', {
      listID: 1,
      subject: 'S',
      type: 'ID',
      content: String(created.data.newsletterID),
      recipientEmail: 'one@example.com',
    });
    const byId = await limiter.inspectCall({
      protocol: 'soap',
      operation: 'SendSingleNewsletter',
      input: { type: 'ID' },
    });
    const byHtml = await limiter.inspectCall({
      protocol: 'soap',
      operation: 'SendSingleNewsletter',
      input: { type: 'HTML' },
    });
    expect(byId?.remaining).toBe(4_999);
    expect(byHtml?.remaining).toBe(100);
  });
});

describe('imports land in the shared store', () => {
  it('recipients imported over SOAP are the ones REST lists', async () => {
    const { apiUser, apiPassword } = emulator.store.seeded;
    const imports = new ImportClient({
      consoleUrl: emulator.urls.http,
      user: apiUser,
      password: apiPassword,
      allowInsecureHttp: true,
    });
    opened.push(imports);
    const [list] = await imports.getNlLists();
    const id = await imports.newImportProcess(Number(list?.idList), String(list?.listGUID), {
      recipients: [{ email: 'shared-1@example.com', fields: { 1: 'Ann' } }, { email: 'shared-2@example.com' }],
    });
    await imports.startProcess(Number(list?.idList), String(list?.listGUID), id);
    const token = await passwordToken(emulator);
    const res = await fetch(
      `${emulator.urls.http}/API/v1.1/Rest/ConsoleService.svc/Console/List/${list?.idList}/Recipients/Subscribed?pageSize=100`,
      { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
    );
    expect(res.status).toBe(200);
    const emails = ((await res.json()) as { Items: Array<{ Email: string }> }).Items.map((r) => r.Email);
    expect(emails).toEqual(expect.arrayContaining(['shared-1@example.com', 'shared-2@example.com']));
  });
});
