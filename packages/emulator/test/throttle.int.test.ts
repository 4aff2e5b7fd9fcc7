import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorModule, type RunningEmulator, soapEnvelopeResolver, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';

const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
const NEWER_429 =
  /^Authorization error \(too_many_requests\): The call quota is exhausted\. Max: 5 calls\/second, actual: (\d+) calls\/second, throttling condition expires in: (\d+) ms, throttling config: 2\.$/;

/** Routes under /test-shapes (apart from the real modules) that resolve like MailUp's SOAP, SMS and frontend calls, to exercise the gate alone. */
const shapes: EmulatorModule = {
  name: 'throttle-test-shapes',
  install(ctx) {
    const ok = () => ({ status: 200, json: { ok: true } });
    const soap = (operation: string) => ({ protocol: 'soap' as const, operation, resolve: soapEnvelopeResolver });
    ctx.route('POST', '/test-shapes/Services/MailUpSend.asmx', soap('SendSingleNewsletter'), ok);
    ctx.route('POST', '/test-shapes/Services/MailUpManage.asmx', soap('CreateNewsletter'), ok);
    ctx.route('POST', '/test-shapes/Services/MailUpSend.asmx/ByAction', soap('MailUpSend'), ok);
    ctx.route(
      'POST',
      '/test-shapes/api/v2.0/sms/{accountId}/{listId}',
      { protocol: 'txsms', operation: 'POST sms/{accountId}/{listId}' },
      ok,
    );
    ctx.route(
      'GET',
      '/test-shapes/frontend/xmlSubscribe.aspx',
      { protocol: 'frontend', operation: 'xmlSubscribe.aspx' },
      () => ({
        status: 200,
        body: '0',
      }),
    );
  },
};

describe('emulator throttle gate (server-side API use policy)', () => {
  let emulator: RunningEmulator;
  let token: string;
  const get = (path: string) =>
    fetch(`${emulator.urls.http}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const post = (path: string, body = '') => fetch(`${emulator.urls.http}${path}`, { method: 'POST', body });
  const postAuthorized = (path: string) =>
    fetch(`${emulator.urls.http}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

  beforeEach(async () => {
    emulator = await startEmulator({ modules: [shapes] });
    token = await passwordToken(emulator);
  });
  afterEach(async () => emulator.close());

  it('answers the 6th REST call within a second with 429 and the newer wording, naming the wait', async () => {
    const statuses: number[] = [];
    let refusal: Record<string, unknown> | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await get(`${CONSOLE}/User/Lists`);
      statuses.push(res.status);
      if (res.status === 429) refusal = (await res.json()) as Record<string, unknown>;
      else await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(refusal).toMatchObject({ ErrorCode: '429', ErrorName: null, ErrorStack: null });
    const [, actual, expires] = NEWER_429.exec(String(refusal?.ErrorDescription)) ?? [];
    expect(Number(actual)).toBe(6);
    expect(Number(expires)).toBeGreaterThan(0);
    expect(Number(expires)).toBeLessThanOrEqual(1000);
    // Another method has its own budget; after the named wait (emulator clock) the first one is open again.
    expect((await get(`${CONSOLE}/Authentication/Info`)).status).toBe(200);
    emulator.clock.advance(Number(expires));
    expect((await get(`${CONSOLE}/User/Lists`)).status).toBe(200);
    expect((await callControl(emulator.urls.http, 'throttle.stats')).json).toEqual({
      refused: { 'rest GET Console/User/Lists': 1 },
    });
  });

  it('counts REST stop sending 1 per 30 s, per route pattern whatever the id', async () => {
    // The REST module serves the route: no sending 1 ⇒ 404, but the call was counted all the same.
    expect((await postAuthorized(`${CONSOLE}/Email/Sendings/1/Stop`)).status).toBe(404);
    const second = await postAuthorized(`${CONSOLE}/Email/Sendings/2/Stop`);
    expect(second.status).toBe(429);
    expect(((await second.json()) as { ErrorDescription: string }).ErrorDescription).toMatch(
      /Max: 1 calls\/30 seconds/,
    );
    emulator.clock.advance(30_000);
    expect((await postAuthorized(`${CONSOLE}/Email/Sendings/3/Stop`)).status).toBe(404);
  });

  it('enforces SOAP daily limits (SendSingleNewsletter by type) with a SOAP fault', async () => {
    for (let i = 0; i < 100; i++) {
      const res = await post('/test-shapes/Services/MailUpManage.asmx', '<CreateNewsletter/>');
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const refused = await post('/test-shapes/Services/MailUpManage.asmx');
    expect(refused.status).toBe(500);
    expect(await refused.text()).toMatch(/<faultstring>.*Max: 100 calls\/day.*expires in: \d+ ms/);
    const html = '<SendSingleNewsletter><type>HTML</type></SendSingleNewsletter>';
    const byId = '<ws:SendSingleNewsletter><ws:type>ID</ws:type></ws:SendSingleNewsletter>';
    for (let i = 0; i < 100; i++) await (await post('/test-shapes/Services/MailUpSend.asmx', html)).arrayBuffer();
    expect((await post('/test-shapes/Services/MailUpSend.asmx', html)).status).toBe(500);
    expect((await post('/test-shapes/Services/MailUpSend.asmx', byId)).status).toBe(200);
    emulator.clock.advance(86_400_000);
    expect((await post('/test-shapes/Services/MailUpManage.asmx')).status).toBe(200);
  });

  it('reads the SOAP method from the SOAPAction header when one route serves a whole service', async () => {
    const byAction = (method: string) =>
      fetch(`${emulator.urls.http}/test-shapes/Services/MailUpSend.asmx/ByAction`, {
        method: 'POST',
        headers: { soapaction: `"http://ws.mailupnet.it/${method}"` },
        body: '<x/>',
      });
    const sms: number[] = [];
    for (let i = 0; i < 11; i++) sms.push((await byAction('SendSingleSMS')).status);
    expect(sms.filter((s) => s === 200)).toHaveLength(10);
    expect(sms[10]).toBe(500);
    const other: number[] = [];
    for (let i = 0; i < 6; i++) other.push((await byAction('GetLists')).status);
    expect(other).toEqual([200, 200, 200, 200, 200, 500]);
    expect((await callControl(emulator.urls.http, 'throttle.stats')).json).toEqual({
      refused: { 'soap SendSingleSMS': 1, 'soap GetLists': 1 },
    });
  });

  it('gives transactional SMS 30/s per account, and the frontend pages no limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await post('/test-shapes/api/v2.0/sms/51234/1');
      codes.push(res.status);
      await res.arrayBuffer();
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(30);
    expect(codes[30]).toBe(429);
    expect((await post('/test-shapes/api/v2.0/sms/99999/1')).status).toBe(200);
    for (let i = 0; i < 20; i++)
      expect((await fetch(`${emulator.urls.http}/test-shapes/frontend/xmlSubscribe.aspx`)).status).toBe(200);
  });

  it('can be switched off and reset through the control API', async () => {
    for (let i = 0; i < 5; i++) await (await get(`${CONSOLE}/User/Lists`)).arrayBuffer();
    expect((await get(`${CONSOLE}/User/Lists`)).status).toBe(429);
    await callControl(emulator.urls.http, 'throttle.reset');
    expect((await get(`${CONSOLE}/User/Lists`)).status).toBe(200);
    await callControl(emulator.urls.http, 'throttle.enabled', { enabled: false });
    for (let i = 0; i < 10; i++) expect((await get(`${CONSOLE}/User/Lists`)).status).toBe(200);
  });
});
