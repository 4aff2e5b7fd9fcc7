import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';

// One story told over REST, SOAP (MailupSend / MailupManage / MailupReport), the Import service and the frontend
// pages, every step over real sockets, checked against one truth: what one protocol changes is what every other
// protocol reports (issue 19 §1: the store's domain operations, each protocol an adapter).

let emulator: RunningEmulator;
let token: string;
let http: string;
beforeAll(async () => {
  emulator = await startEmulator();
  http = emulator.urls.http;
  token = await passwordToken(emulator);
  // the story is about state, not MailUp's 5 calls/s per resource
  await callControl(http, 'throttle.enabled', { enabled: false });
});
afterAll(async () => {
  await emulator.close();
});

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
const STATS = '/API/v1.1/Rest/MailStatisticsService.svc';
const WS = 'http://services.mailupnet.it/WS';
const IMPORT_NS = 'http://ws.mailupnet.it/';

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fresh = (() => {
  let n = 0;
  return (tag: string) => `${tag}-${++n}-${Date.now()}@example.com`;
})();

async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${http}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** Emails of a list's recipients in a state, over REST (`Console/List/{id}/Recipients/{state}`). */
async function restEmails(listId: number, state: 'Subscribed' | 'Unsubscribed' | 'Pending'): Promise<string[]> {
  const { status, json } = await rest('GET', `${CONSOLE}/List/${listId}/Recipients/${state}?pageSize=500`);
  expect(status).toBe(200);
  return (json as { Items: Array<{ Email: string }> }).Items.map((r) => r.Email);
}

let accessKey: string | undefined;
async function soap(service: 'MailupSend' | 'MailupManage' | 'MailupReport', method: string, args: string) {
  if (accessKey === undefined) {
    const a = emulator.store.seeded;
    const login = await soapRaw(
      'MailupSend',
      'LoginFromId',
      `<user>${a.apiUser}</user><pwd>${a.apiPassword}</pwd><consoleId>${a.id}</consoleId>`,
    );
    accessKey = /<accessKey>([^<]+)<\/accessKey>/.exec(login)?.[1];
    expect(accessKey, login).toBeDefined();
  }
  return soapRaw(service, method, `<accessKey>${accessKey}</accessKey>${args}`);
}

async function soapRaw(service: string, method: string, args: string): Promise<string> {
  const res = await fetch(`${http}/${service}.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${WS}/${method}"` },
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soap:Body><${method} xmlns="${WS}">${args}</${method}></soap:Body></soap:Envelope>`,
  });
  expect(res.status).toBe(200);
  return decode(await res.text());
}

/** MailupReport.ReportByUserEN: the recipient's email status on a list, as SOAP reports it. */
async function soapStatus(listId: number, email: string): Promise<string | undefined> {
  const doc = await soap(
    'MailupReport',
    'ReportByUserEN',
    `<email>${email}</email><listID>${listId}</listID><messageID>0</messageID>`,
  );
  return /<Email>([^<]+)<\/Email>/.exec(doc)?.[1];
}

async function frontend(page: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${http}/frontend/${page}?${new URLSearchParams(params)}`);
  return (await res.text()).trim();
}

async function importCall(method: string, args: string): Promise<{ doc: string; code: number }> {
  const { apiUser, apiPassword } = emulator.store.seeded;
  const header = `<soap:Header><Authentication xmlns="${IMPORT_NS}"><User>${apiUser}</User><Password>${apiPassword}</Password></Authentication></soap:Header>`;
  const res = await fetch(`${http}/Services/WSMailupImport.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `${IMPORT_NS}${method}` },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">${header}<soap:Body><${method} xmlns="${IMPORT_NS}">${args}</${method}></soap:Body></soap:Envelope>`,
  });
  const doc = decode(await res.text());
  return { doc, code: Number(/<ReturnCode>(-?\d+)<\/ReturnCode>/.exec(doc)?.[1]) };
}

/** Imports emails into a list over WSMailUpImport (NewImportProcess + StartProcess); the process's counts. */
async function importEmails(listId: number, guid: string, emails: string[], forceOptIn = false) {
  const feed = `<subscribers>${emails.map((e) => `<subscriber email="${e}" Prefix="" Number="" Name=""></subscriber>`).join('')}</subscribers>`;
  const options =
    '<importType>1</importType><mobileInputType>1</mobileInputType><asPending>false</asPending>' +
    `<ConfirmEmail>false</ConfirmEmail><asOptOut>false</asOptOut><forceOptIn>${forceOptIn}</forceOptIn>` +
    '<replaceGroups>false</replaceGroups>';
  const prepared = await importCall(
    'NewImportProcess',
    `<idList>${listId}</idList><listGUID>${guid}</listGUID><xmlDoc>${esc(feed)}</xmlDoc><idGroups></idGroups>${options}<idConfirmNL>0</idConfirmNL>`,
  );
  expect(prepared.code, prepared.doc).toBeGreaterThan(0);
  const started = await importCall(
    'StartProcess',
    `<idList>${listId}</idList><listGUID>${guid}</listGUID><idProcess>${prepared.code}</idProcess>`,
  );
  expect(started.code, started.doc).toBe(0);
  const details = await importCall(
    'GetProcessDetails',
    `<idList>${listId}</idList><listGUID>${guid}</listGUID><idProcess>${prepared.code}</idProcess>`,
  );
  const count = (name: string) => Number(new RegExp(`<${name}>(\\d+)</${name}>`).exec(details.doc)?.[1]);
  return { NewEmail: count('NewEmail'), ExistingEmail: count('ExistingEmail'), OptOutEmail: count('OptOutEmail') };
}

const guidOf = (listId: number) => emulator.store.account(emulator.store.seeded.id).list(listId).guid;

describe('one truth across REST, SOAP, Import and the frontend pages', () => {
  it('a recipient subscribed over the frontend and confirmed is the one REST lists, SOAP reports and Import counts', async () => {
    const email = fresh('story');
    const guid = guidOf(1);
    expect(await frontend('xmlSubscribe.aspx', { Email: email, List: '1', Confirm: '1', retCode: '1' })).toBe('0');

    // pending everywhere
    expect(await restEmails(1, 'Pending')).toContain(email);
    expect(await restEmails(1, 'Subscribed')).not.toContain(email);
    expect(await soapStatus(1, email)).toBe('pending');
    expect(await frontend('Xmlchksubscriber.aspx', { ListGuid: guid, List: '1', Email: email })).toBe('4');

    // the recipient clicks the confirmation link
    const { json } = await callControl(http, 'frontend.confirmations', { email });
    const [confirmation] = json.confirmations as Array<{ url: string }>;
    expect((await fetch(confirmation?.url ?? '')).status).toBe(200);

    // subscribed everywhere
    expect(await restEmails(1, 'Subscribed')).toContain(email);
    expect(await restEmails(1, 'Pending')).not.toContain(email);
    expect(await soapStatus(1, email)).toBe('subscribed');
    expect(await frontend('Xmlchksubscriber.aspx', { ListGuid: guid, List: '1', Email: email })).toBe('2');
    expect(await frontend('xmlSubscribe.aspx', { Email: email, List: '1', retCode: '1' })).toBe('3');
    // … and the Import service counts it as an existing recipient of the list, not a new one
    expect(await importEmails(1, guid, [email])).toEqual({ NewEmail: 0, ExistingEmail: 1, OptOutEmail: 0 });
    expect(await restEmails(1, 'Subscribed')).toContain(email);
  });

  it('a recipient unsubscribed over the frontend stays out of an import, and is back only with forceOptIn', async () => {
    const email = fresh('optout');
    const guid = guidOf(2);
    expect(await frontend('xmlSubscribe.aspx', { Email: email, List: '2', Confirm: '0', retCode: '1' })).toBe('0');
    expect(await frontend('Xmlunsubscribe.aspx', { ListGuid: guid, List: '2', Email: email })).toBe('0');
    expect(await restEmails(2, 'Unsubscribed')).toContain(email);
    expect(await soapStatus(2, email)).toBe('unsubscribed');

    expect(await importEmails(2, guid, [email])).toEqual({ NewEmail: 0, ExistingEmail: 0, OptOutEmail: 1 });
    expect(await restEmails(2, 'Unsubscribed')).toContain(email);
    expect(await frontend('Xmlchksubscriber.aspx', { ListGuid: guid, List: '2', Email: email })).toBe('3');

    expect(await importEmails(2, guid, [email], true)).toEqual({ NewEmail: 0, ExistingEmail: 1, OptOutEmail: 0 });
    expect(await restEmails(2, 'Subscribed')).toContain(email);
    expect(await soapStatus(2, email)).toBe('subscribed');
  });

  it('a subscribed recipient is not moved back to pending by a new double opt-in request, whatever the protocol', async () => {
    const email = fresh('twice');
    const created = await rest('POST', `${CONSOLE}/List/1/Recipient`, { Email: email, Name: 'Twice', Fields: [] });
    expect(created.status).toBe(200);
    expect(await restEmails(1, 'Subscribed')).toContain(email);
    // the frontend with confirmation, then REST with ConfirmEmail=true: both leave it subscribed
    expect(await frontend('xmlSubscribe.aspx', { Email: email, List: '1', Confirm: '1', retCode: '1' })).toBe('3');
    const again = await rest('POST', `${CONSOLE}/List/1/Recipient?ConfirmEmail=true`, { Email: email, Fields: [] });
    expect(again.status).toBe(200);
    expect(await soapStatus(1, email)).toBe('subscribed');
    expect(await restEmails(1, 'Pending')).not.toContain(email);
  });

  it('a list created over SOAP is the same as one created over REST: no groups until someone creates one', async () => {
    const name = `Cross ${Date.now()}`;
    const created = await soap(
      'MailupManage',
      'CreateList',
      `<name>${name}</name><defaultSettings>default</defaultSettings><copyTemplate>false</copyTemplate><options></options>`,
    );
    const listId = Number(/<listID>(\d+)<\/listID>/.exec(created)?.[1]);
    expect(listId, created).toBeGreaterThan(0);
    const groups = await rest('GET', `${CONSOLE}/List/${listId}/Groups`);
    expect(groups.status).toBe(200);
    expect((groups.json as { Items: unknown[] }).Items).toEqual([]);
    expect(await soap('MailupManage', 'GetGroups', `<listID>${listId}</listID>`)).toContain('<groups></groups>');

    const viaRest = await rest('POST', `${CONSOLE}/List`, {
      Name: `${name} REST`,
      Business: false,
      Customer: true,
      OwnerEmail: 'owner@example.com',
      ReplyTo: 'reply@example.com',
      NLSenderName: 'Sender',
      CompanyName: 'Company',
      ContactName: 'Contact',
      Address: 'Street 1',
      City: 'Milano',
      CountryCode: 'IT',
      PermissionReminder: 'You signed up',
      WebSiteUrl: 'https://example.com',
      UseDefaultSettings: true,
    });
    expect(viaRest.status, JSON.stringify(viaRest.json)).toBe(200);
    const restListId = (viaRest.json as { IdList: number }).IdList;
    expect(await soap('MailupManage', 'GetGroups', `<listID>${restListId}</listID>`)).toContain('<groups></groups>');
  });

  it('a list deleted over SOAP leaves no subscription, group or membership behind, as one deleted over REST', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    for (const via of ['soap', 'rest'] as const) {
      const created = await soap(
        'MailupManage',
        'CreateList',
        `<name>Doomed ${via} ${Date.now()}</name><defaultSettings>default</defaultSettings><copyTemplate>false</copyTemplate><options></options>`,
      );
      const listId = Number(/<listID>(\d+)<\/listID>/.exec(created)?.[1]);
      const guid = /<listGUID>([^<]+)<\/listGUID>/.exec(created)?.[1] ?? '';
      const group = await rest('POST', `${CONSOLE}/List/${listId}/Group`, { Name: 'Members', Notes: '' });
      const groupId = (group.json as { idGroup: number }).idGroup;
      const email = fresh(`doomed-${via}`);
      expect(
        await frontend('xmlSubscribe.aspx', {
          Email: email,
          List: String(listId),
          Group: String(groupId),
          Confirm: '0',
          retCode: '1',
        }),
      ).toBe('0');
      expect(await restEmails(listId, 'Subscribed')).toEqual([email]);
      const recipientId = data.findRecipient({ email })?.id as number;

      if (via === 'soap') {
        expect(await soap('MailupManage', 'DeleteList', `<listID>${listId}</listID>`)).toContain(
          `<listID>${listId}</listID>`,
        );
      } else {
        const res = await fetch(`${http}${CONSOLE}/List/${listId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${token}`, 'if-match': guid },
        });
        expect(res.status).toBe(200);
      }

      // over every protocol the list is gone …
      expect((await rest('GET', `${CONSOLE}/List/${listId}/Recipients/Subscribed`)).status).toBe(404);
      expect(await soapStatus(listId, email)).toBeUndefined();
      expect(await frontend('Xmlchksubscriber.aspx', { ListGuid: guid, List: String(listId), Email: email })).toBe('1');
      const recipientGroups = await rest('GET', `${CONSOLE}/List/1/Recipient/${recipientId}/Groups`);
      expect((recipientGroups.json as { Items: unknown[] }).Items).toEqual([]);
      // … and the one store holds nothing of it
      expect([...data.subscriptions.values()].filter((s) => s.listId === listId)).toEqual([]);
      expect([...data.groupMembers.values()].filter((m) => m.groupId === groupId)).toEqual([]);
      expect(data.groups.has(groupId)).toBe(false);
    }
  });

  it('a newsletter sent over SOAP is delivered in the REST statistics, as one sent over REST', async () => {
    const email = fresh('reader');
    expect(await frontend('xmlSubscribe.aspx', { Email: email, List: '2', Confirm: '0', retCode: '1' })).toBe('0');
    const subscribed = (await restEmails(2, 'Subscribed')).length;
    const created = await soap(
      'MailupSend',
      'CreateNewsletter',
      `<listID>2</listID><subject>Cross</subject><type>HTML</type><content>&lt;p&gt;hi&lt;/p&gt;</content><options></options>`,
    );
    const messageId = Number(/<newsletterID>(\d+)<\/newsletterID>/.exec(created)?.[1]);
    expect(messageId, created).toBeGreaterThan(0);
    const sent = await soap(
      'MailupSend',
      'SendNewsletter',
      `<listID>2</listID><newsletterID>${messageId}</newsletterID><options></options>`,
    );
    expect(sent).toMatch(/<deliveryID>\d+<\/deliveryID>/);
    const count = await rest('GET', `${STATS}/Message/${messageId}/Count/Recipients`);
    expect(count).toEqual({ status: 200, json: subscribed });
  });
});
