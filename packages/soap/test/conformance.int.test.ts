import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { soapSampleArgs } from '@mailup-kit/testkit/soap-samples';
import { Client, WSDL } from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImportXml,
  decodeInnerXml,
  generateWsdl,
  importResult,
  SOAP_SERVICES,
  type SoapServiceName,
  soapResult,
} from '../src/index.js';

// Conformance against the real 2013 WSDLs and payloads in ../shared/mailup/artifacts (never copied here).
const artifacts = fileURLToPath(new URL('../../../../shared/mailup/artifacts/', import.meta.url));
const present = existsSync(`${artifacts}wsdl/MailUpSend.mlocati.wsdl`);
if (!present) console.log('skipping the SOAP conformance suite: ../shared/mailup/artifacts is absent');
const read = (path: string) => readFileSync(`${artifacts}${path}`, 'utf8');

const FILES: Record<SoapServiceName, string> = {
  MailupSend: 'wsdl/MailUpSend.mlocati.wsdl',
  MailupManage: 'wsdl/MailUpManage.mlocati.wsdl',
  MailupReport: 'wsdl/MailUpReport.mlocati.wsdl',
  WSMailUpImport: 'wsdl/MailUpImport.mlocati.wsdl',
};

interface Described {
  targetNamespace: string;
  service: string;
  ports: string[];
  operations: Record<string, { params: string[]; result: string; actions: string[] }>;
  httpOperations: string[];
  headers: string[];
}

/** What a WSDL declares, normalized (ASP.NET layout: one wrapper element per method). */
function describeWsdl(xml: string): Described {
  const schema = xml.slice(xml.indexOf('<wsdl:types>'), xml.indexOf('</wsdl:types>'));
  const operations: Described['operations'] = {};
  const element =
    /<s:element name="(\w+)">\s*(<s:complexType \/>|<s:complexType>\s*<s:sequence>([\s\S]*?)<\/s:sequence>\s*<\/s:complexType>)\s*<\/s:element>/g;
  const elements = new Map<string, string[]>();
  for (const m of schema.matchAll(element)) {
    const params = [...(m[3] ?? '').matchAll(/<s:element ([^>]*?)\/>/g)].map((p) => {
      const a = p[1] ?? '';
      const attr = (n: string) => new RegExp(`${n}="([^"]*)"`).exec(a)?.[1] ?? '';
      return `${attr('name')}:${attr('type')}:${attr('minOccurs')}`;
    });
    elements.set(m[1] ?? '', params);
  }
  const portType = /<wsdl:portType name="\w+Soap">([\s\S]*?)<\/wsdl:portType>/.exec(xml)?.[1] ?? '';
  for (const [, name = ''] of portType.matchAll(/<wsdl:operation name="(\w+)">/g)) {
    const actions = [
      ...xml.matchAll(new RegExp(`<wsdl:operation name="${name}">\\s*<(soap12?):operation soapAction="([^"]+)"`, 'g')),
    ].map((a) => `${a[1]}=${a[2]}`);
    operations[name] = {
      params: elements.get(name) ?? [],
      result: (elements.get(`${name}Response`) ?? []).join(),
      actions,
    };
  }
  const http = /<wsdl:binding name="\w+HttpGet"[\s\S]*?<\/wsdl:binding>/.exec(xml)?.[0] ?? '';
  return {
    targetNamespace: /targetNamespace="([^"]+)"/.exec(xml)?.[1] ?? '',
    service: /<wsdl:service name="(\w+)"/.exec(xml)?.[1] ?? '',
    ports: [...xml.matchAll(/<wsdl:port name="(\w+)" binding="tns:(\w+)"/g)].map((p) => `${p[1]}/${p[2]}`),
    operations,
    httpOperations: [...http.matchAll(/<http:operation location="\/(\w+)"/g)].map((m) => m[1] ?? ''),
    headers: [...xml.matchAll(/<soap12?:header message="tns:(\w+)" part="(\w+)"/g)].map((m) => `${m[1]}/${m[2]}`),
  };
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.control.action('throttle.enabled', { enabled: false });
});
afterAll(async () => {
  await emulator.close();
});

describe.skipIf(!present)('SOAP conformance with the real WSDLs and payloads', () => {
  for (const service of Object.keys(FILES) as SoapServiceName[]) {
    it(`${service}: the client's and the emulator's WSDLs declare the real operations, parameters (names, order, types), namespaces and SOAPActions`, async () => {
      const real = describeWsdl(read(FILES[service]));
      const ours = describeWsdl(generateWsdl(service));
      const res = await fetch(`${emulator.urls.http}${SOAP_SERVICES[service].path.toLowerCase()}?wsdl`);
      expect(res.status).toBe(200);
      const served = describeWsdl(await res.text());
      expect(Object.keys(real.operations).length).toBeGreaterThan(0);
      expect(ours).toEqual(real);
      expect(served).toEqual(real);
    });
  }

  it('the sample payloads decode into our result types', () => {
    const login = soapResult(read('soap/LoginResult-decoded.xml'), 'LoginFromId');
    expect(login).toMatchObject({ errorCode: 0, root: 'LoginResult', data: { accessKey: 'accessKey' } });
    expect(soapResult(read('soap/LogoutResult-decoded.xml'), 'Logout')).toMatchObject({
      errorCode: 0,
      root: 'LogoutResult',
    });
    expect(importResult(read('soap/NewImportProcess-result.xml'), 'NewImportProcess').returnCode).toBe(17);
    const started = importResult(read('soap/StartImportProcesses-response.xml'), 'StartImportProcesses');
    expect(started.returnCode).toBe(0);
    expect(started.body.processes).toEqual({
      process: [
        { processID: '0', listID: '84', ReturnCode: '-410' },
        { processID: '18', listID: '85', ReturnCode: '0' },
        { processID: '19', listID: '86', ReturnCode: '0' },
      ],
    });
    const activation = importResult(read('soap/WSActivation-response.xml'), 'WSActivation');
    expect(activation.body.WS_Activation).toEqual({
      WS_Name: 'WS_MailUpImport',
      DateOfRequest: '2008-01-16',
      User: 'admin',
    });
    // our xmlDoc builder writes the documented feed
    const feed = decodeInnerXml(read('soap/import-xmlDoc-subscribers.xml'), 'xmlDoc');
    const built = buildImportXml(
      [
        {
          email: 'user@myprovider.com',
          mobilePrefix: '+001',
          mobileNumber: '8889624587',
          fields: { 1: 'first name', 2: 'last name', 3: 'MailUp' },
        },
      ],
      { mobileInputType: 'prefixAndNumber' },
    );
    expect(decodeInnerXml(built, 'xmlDoc')).toEqual(feed);
  });

  it('the emulator answers the real LoginFromId SOAP 1.2 request and the real GetNlLists SOAP 1.1 request', async () => {
    const { id, apiUser, apiPassword } = emulator.store.seeded;
    const login = read('soap/LoginFromId-request-soap12.xml')
      .replace('<ws:user>a1234</ws:user>', `<ws:user>${apiUser}</ws:user>`)
      .replace('<ws:pwd>password</ws:pwd>', `<ws:pwd>${apiPassword}</ws:pwd>`)
      .replace('<ws:consoleId>1234</ws:consoleId>', `<ws:consoleId>${id}</ws:consoleId>`);
    const res = await fetch(`${emulator.urls.http}/MailupSend.asmx`, {
      method: 'POST',
      headers: {
        'content-type': 'application/soap+xml; charset=utf-8; action="http://services.mailupnet.it/WS/LoginFromId"',
      },
      body: login,
    });
    expect(res.headers.get('content-type')).toMatch(/application\/soap\+xml/);
    const body = await res.text();
    expect(body).toContain('http://www.w3.org/2003/05/soap-envelope');
    const inner = /<LoginFromIdResult>([\s\S]*)<\/LoginFromIdResult>/.exec(body)?.[1] ?? '';
    const decoded = soapResult(inner.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), 'LoginFromId');
    expect(String(decoded.data.accessKey)).toMatch(/^[0-9a-f-]{36}$/);

    const lists = read('soap/WSMailUpImport-GetNlLists-request-soap11.xml')
      .replace('<User>a1234</User>', `<User>${apiUser}</User>`)
      .replace('<Password>password</Password>', `<Password>${apiPassword}</Password>`);
    const res2 = await fetch(`${emulator.urls.http}/Services/WSMailUpImport.asmx`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'http://ws.mailupnet.it/GetNlLists' },
      body: lists,
    });
    const text = await res2.text();
    expect(text).toContain('&lt;ReturnCode&gt;0&lt;/ReturnCode&gt;&lt;Lists&gt;&lt;List idList=');
  });

  describe('a node-soap client built from the REAL WSDLs (pointed at the emulator) calls every operation successfully', () => {
    const clients = new Map<SoapServiceName, Client>();
    let accessKey = '';
    const build = (service: SoapServiceName) =>
      new Promise<Client>((resolve, reject) => {
        const endpoint = `${emulator.urls.http}${SOAP_SERVICES[service].path}`;
        const wsdl = new WSDL(
          read(FILES[service]).replace(/\[\[MAILUP_CONSOLE_URL\]\]/g, new URL(endpoint).host),
          endpoint,
          {},
        );
        wsdl.onReady((error) => (error ? reject(error) : resolve(new Client(wsdl, endpoint))));
      });
    const invoke = (client: Client, service: SoapServiceName, method: string, args: unknown) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const port = SOAP_SERVICES[service].ports.soap11;
        const fn = (
          client as unknown as Record<
            string,
            Record<string, Record<string, (a: unknown, cb: (e: unknown, r: Record<string, unknown>) => void) => void>>
          >
        )[service]?.[port]?.[method];
        if (!fn) return reject(new Error(`the real WSDL of ${service} has no ${method}`));
        fn(args, (error: unknown, result: Record<string, unknown>) => (error ? reject(error) : resolve(result)));
      });

    beforeAll(async () => {
      for (const service of Object.keys(FILES) as SoapServiceName[]) clients.set(service, await build(service));
      const { id, apiUser, apiPassword } = emulator.store.seeded;
      const login = await invoke(clients.get('MailupSend') as Client, 'MailupSend', 'LoginFromId', {
        user: apiUser,
        pwd: apiPassword,
        consoleId: id,
      });
      accessKey = String(soapResult(String(login.LoginFromIdResult), 'LoginFromId').data.accessKey);
      const imports = clients.get('WSMailUpImport') as Client;
      imports.addSoapHeader(
        { Authentication: { User: apiUser, Password: apiPassword } },
        '',
        'tns',
        'http://ws.mailupnet.it/',
      );
    });

    for (const service of Object.keys(FILES) as SoapServiceName[]) {
      const real = present ? describeWsdl(read(FILES[service])) : { operations: {} };
      for (const [method, op] of Object.entries(real.operations)) {
        it(`${service}.${method}`, async () => {
          const params = op.params.map((p) => {
            const name = p.slice(0, p.indexOf(':'));
            const type = p.slice(p.indexOf(':') + 1, p.lastIndexOf(':')).replace(/^(s|tns):/, '');
            return { name, type };
          });
          const samples = soapSampleArgs(emulator, service, method, params, true);
          const args: Record<string, unknown> = {};
          for (const p of params) args[p.name] = p.name === 'accessKey' ? accessKey : samples[p.name];
          if (method === 'Logout') args.accessKey = 'not-the-shared-key';
          const result = await invoke(clients.get(service) as Client, service, method, args);
          const value = result[`${method}Result`];
          if (op.result.includes(':s:int:')) {
            expect(Number(value)).toBeGreaterThan(0);
          } else if (service === 'WSMailUpImport') {
            expect(importResult(String(value), method).returnCode).toBeGreaterThanOrEqual(0);
          } else {
            expect(soapResult(String(value), method).errorCode).toBe(0);
          }
        });
      }
    }
  });
});
