import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EmulatorModule,
  type Resolved,
  type RunningEmulator,
  soapEnvelopeResolver,
  startEmulator,
} from '../src/index.js';

const ENDPOINT = '/Services/MailUpManage.asmx';

function envelope(method: string, inner = ''): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">' +
    `<soap12:Body><${method} xmlns="http://ws.mailupnet.it/">${inner}</${method}></soap12:Body></soap12:Envelope>`
  );
}

/** One route serving a whole SOAP endpoint, echoing what the request resolved to. */
function endpointModule(seen: Resolved[]): EmulatorModule {
  return {
    name: 'test-soap-endpoint',
    install(ctx) {
      ctx.route(
        'POST',
        ENDPOINT,
        { protocol: 'soap', operation: 'MailUpManage', resolve: soapEnvelopeResolver },
        (req) => {
          if (req.resolved) seen.push(req.resolved);
          return { status: 200, headers: { 'content-type': 'text/xml' }, body: '<ok/>' };
        },
      );
      ctx.route('GET', '/EmuTest/Accounts/{accountId}/Thing', { protocol: 'client', operation: 'Thing' }, (req) => ({
        status: 200,
        json: req.resolved,
      }));
    },
  };
}

describe('resolve before counters, faults and gates', () => {
  let emulator: RunningEmulator;
  const seen: Resolved[] = [];
  beforeEach(async () => {
    seen.length = 0;
    emulator = await startEmulator({ modules: [endpointModule(seen)] });
  });
  afterEach(() => emulator.close());

  const call = (body: string, soapAction?: string) =>
    fetch(`${emulator.urls.http}${ENDPOINT}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...(soapAction ? { soapaction: soapAction } : {}) },
      body,
    });

  it('a SOAP endpoint resolves each method from SOAPAction or the body, and counts per method', async () => {
    await (await call(envelope('CreateList'), '"http://ws.mailupnet.it/CreateList"')).arrayBuffer();
    await (await call(envelope('GetLists'))).arrayBuffer(); // SOAP 1.2: no SOAPAction, the body names it
    await (await call(envelope('GetLists'))).arrayBuffer();
    await (await call('')).arrayBuffer(); // nothing names a method: the route's own operation
    expect(seen.map((r) => r.operation)).toEqual(['CreateList', 'GetLists', 'GetLists', 'MailUpManage']);
    expect(emulator.control.counters()).toEqual({
      'soap CreateList': 1,
      'soap GetLists': 2,
      'soap MailUpManage': 1,
    });
  });

  it('the resolved input carries the arguments the policy rows read', async () => {
    await (await call(envelope('SendSingleNewsletter', '<type>ID</type><idList>1</idList>'))).arrayBuffer();
    expect(seen[0]).toEqual({
      protocol: 'soap',
      operation: 'SendSingleNewsletter',
      accountId: undefined,
      input: { type: 'ID', idList: '1' },
    });
  });

  it('a fault keyed by {protocol, operation} hits that SOAP method only, though every method shares one path', async () => {
    emulator.control.addFault({ protocol: 'soap', operation: 'getlists', action: { type: 'status', status: 503 } });
    expect((await call(envelope('CreateList'))).status).toBe(200);
    expect((await call(envelope('GetLists'))).status).toBe(503);
    expect((await call(envelope('GetLists'))).status).toBe(200);
  });

  it('a numeric {accountId} path segment names the account when no resolver does', async () => {
    const resolved = await (await fetch(`${emulator.urls.http}/EmuTest/Accounts/777/Thing`)).json();
    expect(resolved).toEqual({ protocol: 'client', operation: 'Thing', accountId: 777 });
  });
});

describe("the SOAP module's envelope, read once", () => {
  it('is kept on req.resolved.parsed by the resolver, where the gates, the handler and a filter find it', async () => {
    const seen: Array<{ operation: string; parsed: boolean; input: unknown }> = [];
    const observer: EmulatorModule = {
      name: 'test-observer',
      install(ctx) {
        ctx.afterFilter({
          name: 'test-observer',
          run(req, response) {
            if (req.resolved?.protocol === 'soap') {
              seen.push({
                operation: req.resolved.operation,
                parsed: req.resolved.parsed !== undefined,
                input: req.resolved.input,
              });
            }
            return response;
          },
        });
      },
    };
    const emu = await startEmulator({ modules: [observer] });
    try {
      const a = emu.store.seeded;
      const res = await fetch(`${emu.urls.http}/MailupSend.asmx`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' }, // no SOAPAction: the body names the method
        body:
          '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
          `<LoginFromId xmlns="http://services.mailupnet.it/WS"><user>${a.apiUser}</user><pwd>${a.apiPassword}</pwd>` +
          `<consoleId>${a.id}</consoleId></LoginFromId></soap:Body></soap:Envelope>`,
      });
      expect(await res.text()).toContain('accessKey');
      expect(seen).toEqual([
        {
          operation: 'LoginFromId',
          parsed: true,
          input: { user: a.apiUser, pwd: a.apiPassword, consoleId: String(a.id) },
        },
      ]);
    } finally {
      await emu.close();
    }
  });
});
