import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// REFERENCE §12 "CORS": MailUp's browser sample needs preflights answered on the OAuth and REST hosts.
// The real-browser story is test/rest-cors-in-chromium.browser.test.ts; this pins the headers.
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

const REST = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
const ORIGIN = 'http://localhost:8080';

function preflight(path: string, requestHeaders?: string) {
  const headers: Record<string, string> = { origin: ORIGIN, 'access-control-request-method': 'GET' };
  if (requestHeaders !== undefined) headers['access-control-request-headers'] = requestHeaders;
  return fetch(`${emu.urls.http}${path}`, { method: 'OPTIONS', headers });
}

describe('CORS on the OAuth and REST hosts', () => {
  it('answers a REST preflight with 204, the origin, the methods and the asked headers', async () => {
    const res = await preflight(REST, 'authorization, content-type');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a token-endpoint preflight; an invalid header list allows no header', async () => {
    const res = await preflight('/Authorization/OAuth/Token', 'authorization, bad header');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('adds Access-Control-Allow-Origin to the 401 of a request with an Origin, and nothing without one', async () => {
    const withOrigin = await fetch(`${emu.urls.http}${REST}`, { headers: { origin: ORIGIN } });
    expect(withOrigin.status).toBe(401);
    expect(withOrigin.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(withOrigin.headers.get('vary')).toContain('Origin');
    const without = await fetch(`${emu.urls.http}${REST}`);
    expect(without.status).toBe(401);
    expect(without.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves other hosts alone: an OPTIONS to the SOAP service is still 405 without CORS headers', async () => {
    const res = await preflight('/Services/MailUpImport.asmx');
    expect(res.status).not.toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
