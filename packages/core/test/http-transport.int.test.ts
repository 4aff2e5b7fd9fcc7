import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { Logger } from '../src/logger.js';
import { HttpTransport } from '../src/node/http-transport.js';
import { transportAttempt } from '../src/transport/transport.js';
import { makeTestCert } from './support/tls-cert.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: Array<{ close(): void }> = [];
const transports: HttpTransport[] = [];

async function listen(server: net.Server): Promise<number> {
  servers.push({ close: () => server.close() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function httpServer(handler: Handler): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = http.createServer(handler);
  server.on('connection', () => connections++);
  const port = await listen(server);
  servers.push({ close: () => server.closeAllConnections() });
  return { port, connections: () => connections };
}

function transport(options: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}): HttpTransport {
  const t = new HttpTransport({ protocol: 'rest', ...options });
  transports.push(t);
  return t;
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

afterEach(() => {
  for (const t of transports.splice(0)) t.close();
  for (const s of servers.splice(0).reverse()) s.close();
});

describe('HttpTransport against local servers', () => {
  it('returns status, headers and body for any status, and reuses one keep-alive connection', async () => {
    const { port, connections } = await httpServer((req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json', 'X-Thing': 'yes' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const t = transport();
    const ok = await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/a` });
    expect(ok).toMatchObject({ status: 200, body: '{"path":"/a"}' });
    expect(ok.headers['x-thing']).toBe('yes');
    expect(ok.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const failed = await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/fail` });
    expect(failed.status).toBe(500);
    await t.send({ method: 'GET', url: `http://localhost:${port}/b` }).catch(() => undefined);
    await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/c` });
    expect(connections()).toBeLessThanOrEqual(2); // 127.0.0.1 reused; localhost may open its own
  });

  it('sends the body and headers, returns bytes when asked, and reports that bytes left', async () => {
    const { port } = await httpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(Buffer.concat([Buffer.from(`${req.headers['x-a']}:`), ...chunks])));
    });
    let left = 0;
    const res = await transport().send(
      {
        method: 'POST',
        url: `http://127.0.0.1:${port}/`,
        headers: { 'x-a': 'b', 'content-type': 'text/plain' },
        body: 'hello',
        responseType: 'buffer',
      },
      transportAttempt({ onBytesMayHaveLeft: () => left++ }),
    );
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.toString()).toBe('b:hello');
    expect(left).toBe(1);
    const bytes = await transport().send({
      method: 'POST',
      url: `http://127.0.0.1:${port}/`,
      headers: { 'x-a': 'u8' },
      body: new Uint8Array([104, 105]),
    });
    expect(bytes.body).toBe('u8:hi');
  });

  it('connection refused ⇒ transient, nothing left, retryable', async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    probe.close();
    let left = false;
    const error = await failure(
      transport().send(
        { method: 'POST', url: `http://127.0.0.1:${port}/` },
        transportAttempt({ onBytesMayHaveLeft: () => (left = true) }),
      ),
    );
    expect(error).toMatchObject({ kind: 'transient', retryable: true, details: { bytesMayHaveLeft: false } });
    expect(error.details?.networkCode).toBe('ECONNREFUSED');
    expect(left).toBe(false);
  });

  it('DNS failure ⇒ transient, nothing left', async () => {
    const lookup: LookupFunction = (hostname, _options, callback) => {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      (callback as (e: Error) => void)(err);
    };
    const error = await failure(transport({ lookup }).send({ method: 'GET', url: 'https://nowhere.example/x' }));
    expect(error).toMatchObject({ kind: 'transient', details: { bytesMayHaveLeft: false, networkCode: 'ENOTFOUND' } });
  });

  it('reset after the request was written ⇒ ambiguous, bytes may have left', async () => {
    const { port } = await httpServer((req) => req.socket.resetAndDestroy());
    const error = await failure(transport().send({ method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' }));
    expect(error).toMatchObject({ kind: 'ambiguous', retryable: false, details: { bytesMayHaveLeft: true } });
  });

  it('timeout after the request was written ⇒ ambiguous with timedOut', async () => {
    const { port } = await httpServer(() => {
      // never answers
    });
    const error = await failure(
      transport({ timeoutMs: 100 }).send({ method: 'GET', url: `http://127.0.0.1:${port}/` }),
    );
    expect(error).toMatchObject({ kind: 'ambiguous', details: { bytesMayHaveLeft: true, timedOut: true } });
  });

  it('a slow answer within the per-call timeout succeeds', async () => {
    const { port } = await httpServer((_req, res) => setTimeout(() => res.end('late'), 150));
    const res = await transport({ timeoutMs: 50 }).send(
      {
        method: 'GET',
        url: `http://127.0.0.1:${port}/`,
      },
      transportAttempt({ timeoutMs: 5_000 }),
    );
    expect(res.body).toBe('late');
  });

  it('abort before sending ⇒ aborted, nothing left; abort in flight ⇒ aborted, bytes may have left', async () => {
    const { port } = await httpServer(() => {
      // never answers
    });
    const t = transport();
    const before = await failure(
      t.send({ method: 'POST', url: `http://127.0.0.1:${port}/` }, transportAttempt({ signal: AbortSignal.abort() })),
    );
    expect(before).toMatchObject({
      kind: 'aborted',
      retryable: false,
      details: { bytesMayHaveLeft: false, aborted: true },
    });
    const controller = new AbortController();
    const inFlight = failure(
      t.send(
        {
          method: 'POST',
          url: `http://127.0.0.1:${port}/`,
        },
        transportAttempt({
          signal: controller.signal,
          onBytesMayHaveLeft: () => setTimeout(() => controller.abort(), 20),
        }),
      ),
    );
    expect(await inFlight).toMatchObject({ kind: 'aborted', details: { bytesMayHaveLeft: true, aborted: true } });
  });

  it('caps the response size', async () => {
    const { port } = await httpServer((_req, res) => res.end(Buffer.alloc(2 * 1024 * 1024, 120)));
    const error = await failure(
      transport({ maxResponseBytes: 1024 * 1024 }).send({ method: 'GET', url: `http://127.0.0.1:${port}/` }),
    );
    expect(error).toMatchObject({ kind: 'permanent', details: { tooLarge: true } });
  });

  it('refuses an oversized request body before sending anything', async () => {
    const { port, connections } = await httpServer((_req, res) => res.end());
    const error = await failure(
      transport({ maxRequestBytes: 10 }).send({
        method: 'POST',
        url: `http://127.0.0.1:${port}/`,
        body: 'x'.repeat(11),
      }),
    );
    expect(error.kind).toBe('validation');
    expect(connections()).toBe(0);
  });

  it('refuses plain http to a non-loopback host (nothing resolved or sent) and never echoes secrets', async () => {
    const looked: string[] = [];
    const lookup: LookupFunction = (hostname, _o, cb) => {
      looked.push(hostname);
      (cb as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
    };
    const error = await failure(
      transport({ lookup }).send({
        method: 'GET',
        url: 'http://console.example/frontend/WSActivation.aspx?usr=a1&pwd=S3cr3t!',
      }),
    );
    expect(error.kind).toBe('validation');
    expect(looked).toEqual([]);
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain('S3cr3t');
    await expect(transport().send({ method: 'GET', url: 'ftp://x/' })).rejects.toMatchObject({ kind: 'validation' });
    await expect(transport().send({ method: 'GET', url: 'not a url' })).rejects.toMatchObject({ kind: 'validation' });
  });

  it('with allowInsecureHttp reaches a non-loopback name over http and warns exactly once per instance', async () => {
    const { port } = await httpServer((_req, res) => res.end('frontend'));
    const lookup: LookupFunction = (_h, options, cb) => {
      if ((options as { all?: boolean }).all)
        (cb as (e: null, a: unknown[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else (cb as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
    };
    const warnings: unknown[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (...args) => warnings.push(args) };
    const t = transport({ protocol: 'frontend', allowInsecureHttp: true, lookup, logger });
    expect((await t.send({ method: 'GET', url: `http://frontend.example:${port}/a` })).body).toBe('frontend');
    await t.send({ method: 'GET', url: `http://frontend.example:${port}/b` });
    await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/c` });
    expect(warnings).toHaveLength(1);
  });

  it('refuses header values with CR/LF', async () => {
    await expect(
      transport().send({ method: 'GET', url: 'http://127.0.0.1:1/', headers: { 'x-a': 'b\r\nx-evil: 1' } }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(() => new HttpTransport({ protocol: 'rest', headers: { 'x\n': 'a' } })).toThrow(MailUpError);
  });

  it('close() destroys the keep-alive sockets and later sends fail', async () => {
    let closed = 0;
    const { port } = await httpServer((req, res) => {
      req.socket.once('close', () => closed++);
      res.end('ok');
    });
    const t = transport();
    await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` });
    t.close();
    await expect.poll(() => closed).toBe(1);
    await expect(t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({
      kind: 'validation',
    });
  });
});

describe('HttpTransport over TLS', () => {
  let dir: string | undefined;
  let key: Buffer;
  let cert: Buffer;
  beforeAll(() => {
    const made = makeTestCert('IP:127.0.0.1,DNS:localhost');
    if ('missing' in made) {
      console.warn(`TLS tests skipped: ${made.missing}`);
      dir = undefined;
      return;
    }
    ({ key, cert } = made);
    dir = 'made';
  });

  async function tlsServer(): Promise<number> {
    const server = https.createServer({ key, cert }, (_req, res) => res.end('secure'));
    return listen(server);
  }

  it('verifies the server: unknown CA ⇒ transient before sending; trusted CA ⇒ answer', async (ctx) => {
    if (!dir) return ctx.skip();
    const port = await tlsServer();
    let left = false;
    const error = await failure(
      transport().send(
        {
          method: 'POST',
          url: `https://127.0.0.1:${port}/`,
          body: 'x',
        },
        transportAttempt({ onBytesMayHaveLeft: () => (left = true) }),
      ),
    );
    expect(error).toMatchObject({ kind: 'transient', details: { bytesMayHaveLeft: false } });
    expect(left).toBe(false);
    const res = await transport({ tls: { ca: cert } }).send({ method: 'GET', url: `https://127.0.0.1:${port}/` });
    expect(res.body).toBe('secure');
  });

  it('ignores NODE_TLS_REJECT_UNAUTHORIZED=0 and refuses rejectUnauthorized: false', async (ctx) => {
    if (!dir) return ctx.skip();
    expect(() => new HttpTransport({ protocol: 'rest', tls: { rejectUnauthorized: false } })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
    const port = await tlsServer();
    // In a child process: setting the variable in this process would make Node print a warning into the test run.
    const script = `
      import { HttpTransport } from ${JSON.stringify(fileURLToPath(new URL('../src/node/http-transport.ts', import.meta.url)))};
      const t = new HttpTransport({ protocol: 'rest' });
      const outcome = await t.send({ method: 'GET', url: process.env.TEST_URL }).then(() => 'answered', (e) => e.kind);
      t.close();
      process.stdout.write(outcome);
    `;
    const child = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: process.env.PATH, NODE_TLS_REJECT_UNAUTHORIZED: '0', TEST_URL: `https://127.0.0.1:${port}/` };
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { env, encoding: 'utf8', timeout: 20_000 },
        (_error, stdout, stderr) => resolve({ stdout, stderr }),
      );
    });
    expect(child.stdout).toBe('transient');
    expect(child.stderr).toContain('NODE_TLS_REJECT_UNAUTHORIZED'); // the variable really was set in the child
  }, 30_000);

  it('a reset during the TLS handshake ⇒ transient, the request was never written', async () => {
    const server = net.createServer((socket) => socket.resetAndDestroy());
    const port = await listen(server);
    const error = await failure(transport().send({ method: 'POST', url: `https://127.0.0.1:${port}/`, body: 'x' }));
    expect(error).toMatchObject({ kind: 'transient', details: { bytesMayHaveLeft: false } });
  });
});
