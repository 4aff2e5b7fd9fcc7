import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEmulator, type EmulatorDescription, type RunningEmulator, startEmulator } from '../src/index.js';

/** Every leaf path of a value (`account.oauth.clientId`, `account.lists.0.id` …). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, item]) => leafPaths(item, prefix ? `${prefix}.${key}` : key));
}

describe('describeEmulator (the JSON line)', () => {
  let emulator: RunningEmulator;
  let line: EmulatorDescription;
  beforeAll(async () => {
    emulator = await startEmulator({ account: { seed: 'sample' } });
    line = describeEmulator(emulator);
  });
  afterAll(() => emulator.close());

  it('keeps every key the line had before (a public interface: keys are only added) and adds the new ones', () => {
    const paths = leafPaths(line);
    const before = [
      'urls.http',
      'urls.smtp',
      'account.id',
      'account.consoleUser',
      'account.consolePassword',
      'account.apiUser',
      'account.apiPassword',
      'account.oauth.clientId',
      'account.oauth.clientSecret',
      'account.lists.0.id',
      'account.lists.0.guid',
      'account.lists.0.name',
    ];
    const added = [
      'account.smtpPlus.username',
      'account.smtpPlus.password',
      'account.smtpPlus.listId',
      'endpoints.oauth.logOn',
      'endpoints.oauth.authorization',
      'endpoints.oauth.token',
      'endpoints.rest.console',
      'endpoints.rest.mailStatistics',
      'endpoints.rest.public',
      ...['MailupSend', 'MailupManage', 'MailupReport', 'WSMailUpImport'].flatMap((s) => [
        `endpoints.soap.${s}.url`,
        `endpoints.soap.${s}.wsdl`,
      ]),
      'endpoints.frontend',
      'endpoints.wsActivation',
      'endpoints.jsonp',
      'endpoints.sendApi',
      'endpoints.smsApi',
      'endpoints.smtp.url',
      'endpoints.smtp.host',
      'endpoints.smtp.port',
      'endpoints.smtp.caUrl',
      'endpoints.inbox',
      'endpoints.control',
      'endpoints.journal',
      'endpoints.console',
      'endpoints.ui',
      'account.sms.0.listId',
      'account.sms.0.listGuid',
      'account.sms.0.listSecret',
      'account.sms.0.senderName',
    ];
    for (const path of [...before, ...added]) expect(paths, path).toContain(path);
    expect(line.account.smtpPlus).toEqual({
      username: `s${line.account.id}_1`,
      password: expect.stringMatching(/\S{8,}/),
      listId: line.account.lists[0]?.id,
    });
    // the seeded SMS lists: the ListSecret the store checks and a sender name (the documented request has none)
    const data = emulator.store.account(line.account.id);
    expect(line.account.sms).toEqual(
      line.account.lists.map((l) => ({
        listId: l.id,
        listGuid: l.guid,
        listSecret: data.smsListSecret(l.id),
        senderName: expect.stringMatching(/^[A-Za-z0-9]{1,11}$/),
      })),
    );
    expect(line.endpoints.smtp).toMatchObject({ url: line.urls.smtp, host: '127.0.0.1' });
    expect(JSON.parse(JSON.stringify(line))).toEqual(line);
  });

  it("the SMS API's documented example request (no Sender) answers Code 0 with the line's ListGuid and ListSecret", async () => {
    const sms = line.account.sms?.[0];
    const res = await fetch(`${line.endpoints.smsApi}/sms/${line.account.id}/${sms?.listId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Content: 'Hello from the documentation',
        ListGuid: sms?.listGuid,
        ListSecret: sms?.listSecret,
        Recipient: '+393331234567',
      }),
    });
    expect(await res.json()).toMatchObject({ Code: '0' });
  });

  it('every URL it names is served by the emulator (no 404), the WSDLs and the CA as documents', async () => {
    const { endpoints: e } = line;
    const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status;
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    const checks: Array<[string, Promise<number>]> = [
      ['oauth.logOn', status(e.oauth.logOn)],
      ['oauth.authorization', status(e.oauth.authorization)],
      ['oauth.token', status(e.oauth.token, { method: 'POST' })],
      ['rest.console', status(`${e.rest.console}/Console/User/Lists`)],
      ['rest.mailStatistics', status(`${e.rest.mailStatistics}/Message/1/List/Views`)],
      ['frontend', status(`${e.frontend}/Xmlchksubscriber.aspx`)],
      ['wsActivation', status(e.wsActivation)],
      ['jsonp', status(`${e.jsonp}/ListsRead`)],
      ['sendApi', status(`${e.sendApi}/messages/sendmessage`, post)],
      ['smsApi', status(`${e.smsApi}/sms/${line.account.id}/1`, post)],
      ['inbox', status(e.inbox)],
      ['control', status(`${e.control}/health`)],
      ['journal', status(e.journal)],
      ['console', status(`${e.console}/frontend/Xmlchksubscriber.aspx`)],
      ['ui', status(e.ui)],
    ];
    for (const [name, answer] of checks) expect(await answer, name).not.toBe(404);
    for (const service of Object.values(e.soap)) {
      const wsdl = await fetch(service.wsdl);
      expect(wsdl.status, service.wsdl).toBe(200);
      expect(await wsdl.text()).toContain(service.url);
    }
    const ca = await fetch(e.smtp?.caUrl ?? '');
    expect(ca.status).toBe(200);
    expect(await ca.text()).toContain('-----BEGIN CERTIFICATE-----');
  });
});
