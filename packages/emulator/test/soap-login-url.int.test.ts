import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// REFERENCE §3 (Login, P:send v14): `url` is the bare console host, a full URL makes Login fail. The console host
// a module is configured with is the emulator's own `host:port` locally, so that form must log in.
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
  await emulator.control.action('throttle.enabled', { enabled: false }); // SOAP's 5 calls/s has its own suite
});
afterAll(async () => {
  await emulator.close();
});

const WS = 'http://services.mailupnet.it/WS';
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function login(url: string): Promise<string> {
  const { apiUser, apiPassword } = emulator.store.seeded;
  const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Login xmlns="${WS}"><user>${apiUser}</user><pwd>${apiPassword}</pwd><url>${url}</url></Login></soap:Body></soap:Envelope>`;
  const res = await fetch(`${emulator.urls.http}/MailupSend.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${WS}/Login"` },
    body,
  });
  expect(res.status).toBe(200);
  return decode(/<LoginResult>([\s\S]*)<\/LoginResult>/.exec(await res.text())?.[1] ?? '');
}

describe('MailUpSend Login url', () => {
  it("accepts the emulator's own console host as host:port, and a bare host", async () => {
    const own = new URL(emulator.urls.http).host; // 127.0.0.1:PORT
    const withPort = await login(own);
    expect(withPort).toContain('<errorCode>0</errorCode>');
    expect(withPort).toMatch(/<accessKey>[0-9a-f-]{36}<\/accessKey>/);
    expect(await login('abcd.s02.com')).toContain('<errorCode>0</errorCode>');
  });

  it('still refuses a full URL or a host with a path, and a non-numeric port', async () => {
    for (const url of [emulator.urls.http, 'abcd.s02.com/console', 'abcd.s02.com:http', 'abcd.s02.com:123456']) {
      expect(await login(url), url).toContain('<errorCode>-1200</errorCode>');
    }
  });
});
