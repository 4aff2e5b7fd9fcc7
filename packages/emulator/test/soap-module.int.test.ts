import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  emulator = await startEmulator();
  base = emulator.urls.http;
});
afterEach(() => {
  emulator.control.reset();
  const data = emulator.store.account(emulator.store.seeded.id);
  const settings = data.service('MailUpImport');
  Object.assign(settings, { enabled: true, checkIp: false, active: true, deniedIps: new Set() });
  settings.allowedIps.clear();
  emulator.store.accounts.get(emulator.store.seeded.id)!.contractSigned = true;
});
afterAll(async () => {
  await emulator.close();
});

const WS = 'http://services.mailupnet.it/WS';
const IMPORT = 'http://ws.mailupnet.it/';
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function envelope11(method: string, inner: string, ns = WS, header = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">${header}<soap:Body><${method} xmlns="${ns}">${inner}</${method}></soap:Body></soap:Envelope>`;
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The decoded inner document of `<MethodResult>`. */
function inner(text: string, method: string): string {
  return decode(new RegExp(`<${method}Result>([\\s\\S]*)</${method}Result>`).exec(text)?.[1] ?? '');
}

async function login(): Promise<string> {
  const { id, apiUser, apiPassword } = emulator.store.seeded;
  const res = await post(
    '/MailupSend.asmx',
    envelope11('LoginFromId', `<user>${apiUser}</user><pwd>${apiPassword}</pwd><consoleId>${id}</consoleId>`),
    { soapaction: `"${WS}/LoginFromId"` },
  );
  return /<accessKey>([^<]+)<\/accessKey>/.exec(inner(res.text, 'LoginFromId'))?.[1] ?? '';
}

function importHeader(user = emulator.store.seeded.apiUser, password = emulator.store.seeded.apiPassword) {
  return `<soap:Header><Authentication xmlns="${IMPORT}"><User>${user}</User><Password>${password}</Password></Authentication></soap:Header>`;
}

async function importCall(method: string, args = '', header = importHeader()) {
  const res = await post('/Services/WSMailupImport.asmx', envelope11(method, args, IMPORT, header), {
    soapaction: `${IMPORT}${method}`,
  });
  const doc = inner(res.text, method);
  return { ...res, doc, code: Number(/<ReturnCode>(-?\d+)<\/ReturnCode>/.exec(doc)?.[1]) };
}

describe('the SOAP endpoints', () => {
  it.each([
    '/MailupSend.asmx?WSDL',
    '/mailupmanage.asmx?wsdl',
    '/MAILUPREPORT.ASMX?Wsdl',
    '/services/wsmailupimport.asmx?WSDL',
  ])('%s answers the emulator WSDL with its own address', async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<wsdl:definitions');
    expect(text).toContain(`location="${base}/`);
  });

  it('GET without ?WSDL is the service help page', async () => {
    const res = await fetch(`${base}/MailupSend.asmx`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('LoginFromId');
  });

  it.each([
    ['not XML', 'hello'],
    ['no envelope', '<GetLists xmlns="http://services.mailupnet.it/WS"/>'],
    ['no body', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"></soap:Envelope>'],
    [
      'a DTD with entities',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetLists xmlns="http://services.mailupnet.it/WS"><accessKey>&a;</accessKey></GetLists></soap:Body></soap:Envelope>',
    ],
    ['an unknown method', envelope11('GetEverything', '')],
    ['a method in another namespace', envelope11('GetLists', '', 'http://tempuri.org/')],
    ['an int that is not a number', envelope11('GetGroups', '<accessKey>k</accessKey><listID>one</listID>')],
  ])('%s is a SOAP 1.1 Client fault (HTTP 500)', async (_label, body) => {
    const res = await post('/MailupSend.asmx', body);
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/text\/xml/);
    expect(res.text).toContain('<faultcode>soap:Client</faultcode>');
  });

  it('a malformed SOAP 1.2 request gets a SOAP 1.2 Sender fault', async () => {
    const res = await post(
      '/MailupSend.asmx',
      '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>',
      {
        'content-type': 'application/soap+xml; charset=utf-8',
      },
    );
    expect(res.status).toBe(500);
    expect(res.type).toMatch(/application\/soap\+xml/);
    expect(res.text).toContain('<soap:Value>soap:Sender</soap:Value>');
  });

  it('an access key lasts 60 minutes from login even when used, and Logout ends it at once', async () => {
    const key = await login();
    const call = async () =>
      inner((await post('/MailupSend.asmx', envelope11('GetLists', `<accessKey>${key}</accessKey>`))).text, 'GetLists');
    expect(await call()).toContain('<errorCode>0</errorCode>');
    emulator.control.advanceClock(59 * 60_000);
    expect(await call()).toContain('<errorCode>0</errorCode>');
    emulator.control.advanceClock(60_000);
    expect(await call()).toContain('<errorCode>-1100</errorCode>');
    const second = await login();
    await post('/MailupManage.asmx', envelope11('Logout', `<accessKey>${second}</accessKey>`));
    const after = inner(
      (
        await post(
          '/MailupReport.asmx',
          envelope11('ReportByMessage', `<accessKey>${second}</accessKey><listID>1</listID><messageID>1</messageID>`),
        )
      ).text,
      'ReportByMessage',
    );
    expect(after).toContain('<errorCode>-1101</errorCode>');
  });

  it('wrong credentials and an unsigned contract are errorCodes inside the result', async () => {
    const { id, apiUser } = emulator.store.seeded;
    const bad = await post(
      '/MailupSend.asmx',
      envelope11('LoginFromId', `<user>${apiUser}</user><pwd>nope</pwd><consoleId>${id}</consoleId>`),
    );
    expect(bad.status).toBe(200);
    expect(inner(bad.text, 'LoginFromId')).toContain('<errorCode>-1002</errorCode>');
    emulator.store.accounts.get(id)!.contractSigned = false;
    const key = await login();
    expect(key).toBe('');
  });

  it('the per-second limit (5/s) and the daily limit (CreateNewsletter 100/day) answer SOAP faults', async () => {
    const key = await login();
    const lists = () => post('/MailupSend.asmx', envelope11('GetLists', `<accessKey>${key}</accessKey>`));
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await lists()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 500]);
    const create = () =>
      post(
        '/MailupSend.asmx',
        envelope11(
          'CreateNewsletter',
          `<accessKey>${key}</accessKey><listID>1</listID><subject>S</subject><type>HTML</type><content>x</content>`,
        ),
      );
    for (let i = 0; i < 100; i++) {
      if (i % 5 === 0) emulator.control.advanceClock(1_000);
      expect((await create()).status).toBe(200);
    }
    emulator.control.advanceClock(1_000);
    const refused = await create();
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('Too many requests');
    expect(refused.text).toContain('Max: 100 calls/day');
  });
});

describe('WSMailUpImport', () => {
  it('answers GetNlLists with the lists and groups of the shared store', async () => {
    const res = await importCall('GetNlLists');
    expect(res.code).toBe(0);
    const guid = emulator.store.account(emulator.store.seeded.id).list(1).guid;
    expect(res.doc).toContain(`<List idList="1" listGUID="${guid}" listName="Newsletter">`);
  });

  it('missing, unknown and wrong credentials are -1013, -1001, -1002', async () => {
    expect((await importCall('GetIdWsUser', '', '')).code).toBe(-1013);
    expect((await importCall('GetIdWsUser', '', importHeader('a999', 'x'))).code).toBe(-1001);
    expect((await importCall('GetIdWsUser', '', importHeader(undefined, 'wrong'))).code).toBe(-1002);
  });

  it('the service switch, activation, the IP allow-list and the contract are -1006, -1007, -1011, -1012, -1014', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const settings = data.service('MailUpImport');
    settings.enabled = false;
    expect((await importCall('GetIdWsUser')).code).toBe(-1006);
    settings.enabled = true;
    settings.active = false;
    expect((await importCall('GetIdWsUser')).code).toBe(-1007);
    settings.active = true;
    settings.checkIp = true;
    expect((await importCall('GetIdWsUser')).code).toBe(-1011);
    settings.deniedIps = new Set(['127.0.0.1', '::ffff:127.0.0.1', '::1']);
    expect((await importCall('GetIdWsUser')).code).toBe(-1012);
    settings.deniedIps.clear();
    emulator.store.accounts.get(emulator.store.seeded.id)!.contractSigned = false;
    expect((await importCall('GetIdWsUser')).code).toBe(-1014);
  });

  it('WSActivation.aspx activates the service and registers the caller, with its codes', async () => {
    const { apiUser, apiPassword, id } = emulator.store.seeded;
    const settings = emulator.store.account(id).service('MailUpImport');
    settings.checkIp = true;
    settings.active = false;
    const activate = async (query: string) => {
      const res = await fetch(`${base}/frontend/WSActivation.aspx?${query}`);
      const text = await res.text();
      return Number(/<ReturnCode>(-?\d+)<\/ReturnCode>/.exec(text)?.[1]);
    };
    expect(await activate('')).toBe(-30);
    expect(await activate(`usr=${apiUser}&ws_name=WSMailUpImport`)).toBe(-24);
    expect(await activate(`usr=${apiUser}&pwd=bad&nl_url=x.example.com&ws_name=WSMailUpImport`)).toBe(-1002);
    const ok = `USR=${apiUser}&PWD=${encodeURIComponent(apiPassword)}&nl_url=x.example.com&ws_name=WSMailupImport`;
    expect(await activate(ok)).toBe(0);
    expect((await importCall('GetIdWsUser')).code).toBe(id);
    expect(await activate(ok)).toBe(-1008);
  });

  it('the HttpGet and HttpPost bindings answer <string> with the result', async () => {
    const { apiUser, apiPassword, id } = emulator.store.seeded;
    const q = new URLSearchParams({ User: apiUser, Password: apiPassword });
    const get = await fetch(`${base}/Services/WSMailupImport.asmx/GetIdWsUser?${q}`);
    const text = await get.text();
    expect(text).toContain(`<string xmlns="${IMPORT}">`);
    expect(decode(text)).toContain(`<ReturnCode>${id}</ReturnCode>`);
    const post2 = await fetch(`${base}/services/wsmailupimport.asmx/CreateGroup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${apiUser}:${apiPassword}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        idList: '1',
        listGUID: emulator.store.account(id).list(1).guid,
        newGroupName: 'From HTTP POST',
      }),
    });
    expect(Number(/ReturnCode&gt;(\d+)&lt;/.exec(await post2.text())?.[1])).toBeGreaterThan(0);
  });

  it('an import process adds the recipients to the shared store, with fields and groups; errors are ReturnCodes', async () => {
    const { id } = emulator.store.seeded;
    const data = emulator.store.account(id);
    const guid = data.list(1).guid;
    const feed =
      '<subscribers><subscriber email="imp@example.com" Prefix="" Number="+393330000001" Name="Imp"><campo1>Anna &amp; Co</campo1></subscriber></subscribers>';
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const prepared = await importCall(
      'NewImportProcess',
      `<idList>1</idList><listGUID>${guid}</listGUID><xmlDoc>${esc(feed)}</xmlDoc><idGroups>1</idGroups><importType>3</importType><mobileInputType>1</mobileInputType><asPending>false</asPending><ConfirmEmail>false</ConfirmEmail><asOptOut>false</asOptOut><forceOptIn>false</forceOptIn><replaceGroups>false</replaceGroups><idConfirmNL>0</idConfirmNL>`,
    );
    expect(prepared.code).toBeGreaterThan(0);
    expect(data.findRecipient({ email: 'imp@example.com' })).toBeUndefined(); // prepared, not run
    const started = await importCall(
      'StartProcess',
      `<idList>1</idList><listGUID>${guid}</listGUID><idProcess>${prepared.code}</idProcess>`,
    );
    expect(started.code).toBe(0);
    const r = data.findRecipient({ email: 'imp@example.com' });
    expect(r?.fields.get(1)).toBe('Anna & Co');
    expect(data.subscription(1, r?.id ?? 0, 'email')?.status).toBe('subscribed');
    expect(data.subscription(1, r?.id ?? 0, 'sms')?.status).toBe('subscribed');
    expect(data.groupsOf(r?.id ?? 0)).toContain(1);
    const details = await importCall(
      'GetProcessDetails',
      `<idList>1</idList><listGUID>${guid}</listGUID><idProcess>${prepared.code}</idProcess>`,
    );
    expect(details.doc).toContain('<StatusCode>3</StatusCode>');
    expect(details.doc).toContain('<NewEmail>1</NewEmail>');
    expect(
      (
        await importCall(
          'GetProcessDetails',
          `<idList>1</idList><listGUID>${guid}</listGUID><idProcess>999</idProcess>`,
        )
      ).code,
    ).toBe(-501);
    expect(
      (
        await importCall(
          'CreateGroup',
          `<idList>1</idList><listGUID>not-a-guid</listGUID><newGroupName>x</newGroupName>`,
        )
      ).code,
    ).toBe(-102);
    expect(
      (await importCall('CreateGroup', `<idList>2</idList><listGUID>${guid}</listGUID><newGroupName>x</newGroupName>`))
        .code,
    ).toBe(-101);
    expect(
      (await importCall('CreateGroup', `<idList>1</idList><listGUID>${guid}</listGUID><newGroupName></newGroupName>`))
        .code,
    ).toBe(-302);
    expect(
      (
        await importCall(
          'CreateGroup',
          `<idList>1</idList><listGUID>${guid}</listGUID><newGroupName>Newsletter group</newGroupName>`,
        )
      ).code,
    ).toBe(-303);
    const empty = `<idList>1</idList><listGUID>${guid}</listGUID><xmlDoc></xmlDoc><idGroups></idGroups><importType>1</importType><mobileInputType>1</mobileInputType><asPending>false</asPending><ConfirmEmail>false</ConfirmEmail><asOptOut>false</asOptOut><forceOptIn>false</forceOptIn><replaceGroups>false</replaceGroups><idConfirmNL>0</idConfirmNL>`;
    expect((await importCall('NewImportProcess', empty)).code).toBe(-401);
    expect(
      (await importCall('NewImportProcess', empty.replace('<xmlDoc></xmlDoc>', '<xmlDoc>&lt;subscribers&gt;</xmlDoc>')))
        .code,
    ).toBe(-402);
    expect(
      (
        await importCall(
          'StartImportProcesses',
          `<listsIDs>1;2</listsIDs><listsGUIDs>${guid}</listsGUIDs>${empty.slice(empty.indexOf('<xmlDoc>'))}`.replace(
            '<xmlDoc></xmlDoc>',
            `<xmlDoc>${esc(feed)}</xmlDoc>`,
          ),
        )
      ).code,
    ).toBe(-450);
  });
});
