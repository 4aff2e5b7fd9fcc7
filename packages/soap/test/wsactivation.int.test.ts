import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWebService } from '../src/index.js';

// Issue 16 item 3: the API password travelled in the request line (`GET WSActivation.aspx?usr=…&pwd=…`) over
// plain http, where every proxy and access log keeps it. It goes in a POST form body now.

interface Seen {
  requestLine: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let emulator: RunningEmulator;
let recorder: http.Server;
let consoleUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  const target = new URL(emulator.urls.http);
  // A reverse proxy that records what crosses the wire (as an access log would), then forwards it unchanged.
  recorder = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ requestLine: `${req.method} ${req.url}`, headers: req.headers, body: body.toString('utf8') });
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  consoleUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
});

afterAll(async () => {
  recorder.closeAllConnections();
  await new Promise<void>((resolve) => recorder.close(() => resolve()));
  await emulator.close();
});

describe('activateWebService', () => {
  it('sends the password in a POST form body, never in the request line, and the emulator activates', async () => {
    const a = emulator.store.seeded;
    const settings = emulator.store.account(a.id).service('FrontEnd');
    settings.enabled = true;
    settings.active = false;
    seen.length = 0;
    const activation = await activateWebService({
      consoleUrl,
      user: a.apiUser,
      password: a.apiPassword,
      service: 'FrontEnd',
      allowInsecureHttp: true,
    });
    expect(activation).toMatchObject({ returnCode: 0, wsName: 'FrontEnd', user: a.apiUser });
    expect(settings.active).toBe(true);
    expect(seen).toHaveLength(1);
    const [request] = seen as [Seen];
    expect(request.requestLine).toBe('POST /frontend/WSActivation.aspx');
    expect(request.requestLine).not.toContain(a.apiPassword);
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request.body);
    expect(form.get('pwd')).toBe(a.apiPassword);
    expect(form.get('usr')).toBe(a.apiUser);
    expect(form.get('ws_name')).toBe('FrontEnd');
    expect(form.get('nl_url')).toBe(new URL(consoleUrl).host);
  });

  it('a wrong password is a typed error that does not carry the password, and it stays out of the URL', async () => {
    const a = emulator.store.seeded;
    seen.length = 0;
    const wrong = 'Wr0ng-Passw0rd-&=%+';
    const error = await activateWebService({
      consoleUrl,
      user: a.apiUser,
      password: wrong,
      service: 'WSMailUpImport',
      allowInsecureHttp: true,
    }).catch((e: unknown) => e);
    expect(MailUpError.is(error)).toBe(true);
    expect((error as MailUpError).vendorCode).toBe(-1002);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(seen[0]?.requestLine).toBe('POST /frontend/WSActivation.aspx');
    expect(new URLSearchParams(seen[0]?.body).get('pwd')).toBe(wrong);
  });
});
