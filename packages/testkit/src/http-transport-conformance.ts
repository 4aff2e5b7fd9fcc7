import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import { inspect } from 'node:util';
import {
  type HttpRequest,
  type HttpResponse,
  type HttpSender,
  type Logger,
  MailUpError,
  provablyNotSent,
  retryPolicy,
} from '@mailup-kit/core';
import type { HttpTransportOptions } from '@mailup-kit/core/node';
import { operationRow, Pipeline, transportAttempt, transportMiddleware } from '@mailup-kit/core/pipeline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCert } from './tls-cert.js';

/** A transport under test: any {@link HttpSender} with a `close()`. */
export type ConformingTransport = HttpSender & { close(): void };

/** What a transport may not support (each skips the tests that need it). */
export interface TransportCapabilities {
  /** `https://` proxies (TLS to the proxy itself). Default true. */
  httpsProxy?: boolean;
}

/**
 * The guarantees every HTTP transport of mailup-kit keeps, against real local servers (no mocks): any status as
 * data, keep-alive reuse, the sent fact (refused, DNS, reset before and after the write, TLS handshake reset),
 * an absolute deadline (a trickling server, a queued request, an unanswered lookup), the caller's abort as
 * `aborted`, TLS always verified, size caps while streaming, header validation, the plain-http loopback policy
 * with pinned lookups, the user agent, proxies through a real local CONNECT proxy (http and https), and a server
 * closing idle keep-alive sockets (no false "ambiguous"). Call it inside a test file:
 * `httpTransportConformance('HttpTransport', (o) => new HttpTransport(o))`.
 */
export function httpTransportConformance(
  name: string,
  make: (options: HttpTransportOptions) => ConformingTransport,
  capabilities: TransportCapabilities = {},
): void {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0).reverse()) c();
  });

  function transport(options: Partial<HttpTransportOptions> = {}): ConformingTransport {
    const t = make({ protocol: 'rest', env: {}, ...options });
    cleanups.push(() => t.close());
    return t;
  }

  async function listen(server: net.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      (server as http.Server).closeAllConnections?.();
      server.close();
    });
    return (server.address() as AddressInfo).port;
  }

  async function httpServer(
    handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  ): Promise<{ port: number; connections: () => number; requests: () => number }> {
    let connections = 0;
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      handler(req, res);
    });
    server.on('connection', () => connections++);
    const port = await listen(server);
    return { port, connections: () => connections, requests: () => requests };
  }

  /** Answers 200 at once, then one body byte every 100 ms for `totalMs`. */
  async function tricklingServer(totalMs: number): Promise<{ port: number; closedSockets: () => number }> {
    let closedSockets = 0;
    const { port } = await httpServer((req, res) => {
      req.resume();
      req.socket.once('close', () => closedSockets++);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(totalMs / 100) });
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write('x');
        if (++sent >= totalMs / 100) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.once('close', () => clearInterval(timer));
    });
    return { port, closedSockets: () => closedSockets };
  }

  async function failure(promise: Promise<unknown>): Promise<MailUpError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailUpError);
    return error as MailUpError;
  }

  /** Resolves every name to `addresses` (both the single and the `all: true` forms), recording the names. */
  function lookupTo(addresses: string[], seen: string[] = []): LookupFunction {
    return (hostname, options, callback) => {
      seen.push(hostname);
      const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof all) => void)(null, all);
      else (callback as (e: null, a: string, f: number) => void)(null, all[0]?.address ?? '', all[0]?.family ?? 4);
    };
  }

  describe(`${name}: HTTP transport conformance`, () => {
    describe('exchange and keep-alive', () => {
      it('returns status, headers and body for any status, and reuses keep-alive connections', async () => {
        const { port, connections } = await httpServer((req, res) => {
          res.setHeader('set-cookie', ['a=1', 'b=2']);
          res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json', 'X-Thing': 'yes' });
          res.end(JSON.stringify({ path: req.url }));
        });
        const t = transport();
        const ok = await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/a` }, transportAttempt());
        expect(ok).toMatchObject({ status: 200, body: '{"path":"/a"}' });
        expect(ok.headers['x-thing']).toBe('yes');
        expect(ok.headers['set-cookie']).toEqual(['a=1', 'b=2']);
        expect((await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/fail` }, transportAttempt())).status).toBe(
          500,
        );
        for (let i = 0; i < 20; i++)
          await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/c` }, transportAttempt());
        // 22 sequential calls: a transport may alternate over two sockets (undici waits a loop turn before reusing
        // one), never one per call.
        expect(connections()).toBeLessThanOrEqual(2);
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
          transportAttempt({ onSent: (state) => (state === 'maybe' ? left++ : left) }),
        );
        expect(res.body).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(res.body as Uint8Array).toString()).toBe('b:hello');
        expect(left).toBe(1);
        const bytes = await transport().send(
          {
            method: 'POST',
            url: `http://127.0.0.1:${port}/`,
            headers: { 'x-a': 'u8' },
            body: new Uint8Array([104, 105]),
          },
          transportAttempt(),
        );
        expect(bytes.body).toBe('u8:hi');
      });

      it('a server closing idle keep-alive sockets: the next call opens a new connection, no false "ambiguous"', async () => {
        // A raw HTTP/1.1 server that promises keep-alive (no timeout hint) and closes each socket 30 ms after
        // answering: the client's pooled socket is already closed by the server when the next call starts.
        let connections = 0;
        const server = net.createServer((socket) => {
          connections++;
          socket.on('data', () => {
            socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok');
            setTimeout(() => socket.end(), 30);
          });
          socket.on('error', () => {});
        });
        const port = await listen(server);
        const t = transport();
        for (let i = 0; i < 3; i++) {
          let left = 0;
          const res = await t.send(
            { method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' },
            transportAttempt({ onSent: (state) => (state === 'maybe' ? left++ : left) }),
          );
          expect(res.body).toBe('ok');
          expect(left).toBe(1);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(connections).toBe(3);
      });
    });

    describe('the sent fact', () => {
      it('connection refused ⇒ transient, nothing left, retryable', async () => {
        const probe = net.createServer();
        const port = await listen(probe);
        probe.close();
        let left = false;
        const error = await failure(
          transport().send(
            { method: 'POST', url: `http://127.0.0.1:${port}/` },
            transportAttempt({ onSent: () => (left = true) }),
          ),
        );
        expect(error).toMatchObject({ kind: 'transient', retryable: true, sent: 'no' });
        expect(error.details?.networkCode).toBe('ECONNREFUSED');
        expect(left).toBe(false);
      });

      it('DNS failure ⇒ transient, nothing left', async () => {
        const lookup: LookupFunction = (hostname, _options, callback) => {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          (callback as (e: Error) => void)(err);
        };
        const error = await failure(
          transport({ lookup }).send({ method: 'GET', url: 'https://nowhere.example/x' }, transportAttempt()),
        );
        expect(error).toMatchObject({
          kind: 'transient',
          sent: 'no',
          details: { networkCode: 'ENOTFOUND' },
        });
      });

      it('reset after the request was written ⇒ ambiguous, bytes may have left', async () => {
        const { port } = await httpServer((req) => req.socket.resetAndDestroy());
        const error = await failure(
          transport().send({ method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' }, transportAttempt()),
        );
        expect(error).toMatchObject({ kind: 'ambiguous', retryable: false, sent: 'maybe' });
      });

      it('a 5xx is data, not an error (the caller classifies it); the attempt says the server answered', async () => {
        const { port } = await httpServer((_req, res) => res.writeHead(503).end('busy'));
        const attempt = transportAttempt();
        const res = await transport().send({ method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' }, attempt);
        expect(res).toMatchObject({ status: 503, body: 'busy' });
        expect(attempt.sent).toBe('yes');
      });

      it("through a pipeline: refused ⇒ sent 'no', reset after the write ⇒ 'maybe', a 503 with a body ⇒ 'yes'", async () => {
        // A send (never repeated once it may have left) whose deserialize step maps a non-2xx answer to an error,
        // as every protocol client does: the error's `sent` is what the caller (a limiter's refund, a fallback)
        // reads.
        const t = transport();
        const pipeline = new Pipeline({ protocol: 'rest', retryPolicy: retryPolicy({ maxAttempts: 1 }) });
        pipeline.stack.add(transportMiddleware(t), { step: 'transport', name: 'core:transport' }).add(
          async (ctx) => {
            const res = ctx.response as HttpResponse;
            if (res.status >= 500) {
              throw new MailUpError({ kind: 'transient', protocol: 'rest', message: `HTTP ${res.status}` });
            }
            return res.body;
          },
          { step: 'deserialize', name: 'test:deserialize' },
        );
        const row = operationRow('rest', { name: 'POST Test', retryClass: 'send' });
        const call = (url: string) => failure(pipeline.call(row, undefined, {}).then(() => url));
        const at = (url: string) => {
          pipeline.stack.remove('test:serialize');
          pipeline.stack.add(
            async (ctx, next) => {
              ctx.request = { method: 'POST', url, body: 'x' } satisfies HttpRequest;
              return next();
            },
            { step: 'serialize', name: 'test:serialize' },
          );
          return call(url);
        };

        const probe = net.createServer();
        const closed = await listen(probe);
        probe.close();
        const refused = await at(`http://127.0.0.1:${closed}/`);
        expect(refused).toMatchObject({ sent: 'no', operation: 'rest:POST Test' });
        expect(provablyNotSent(refused)).toBe(true);

        const reset = await httpServer((req) => req.socket.resetAndDestroy());
        const maybe = await at(`http://127.0.0.1:${reset.port}/`);
        expect(maybe).toMatchObject({ sent: 'maybe', kind: 'ambiguous' });
        expect(provablyNotSent(maybe)).toBe(false);

        const busy = await httpServer((_req, res) => res.writeHead(503).end('busy'));
        const answered = await at(`http://127.0.0.1:${busy.port}/`);
        expect(answered).toMatchObject({ sent: 'yes' });
        expect(provablyNotSent(answered)).toBe(false);
        expect(inspect(answered)).toContain("sent: 'yes'");
        expect(answered.toJSON()).toMatchObject({ sent: 'yes' });
      });
    });

    describe('deadlines', () => {
      it('a server trickling one byte per 100 ms for 6 s fails a 1 s POST at the deadline, ambiguous, socket destroyed', async () => {
        const { port, closedSockets } = await tricklingServer(6_000);
        const t = transport({ protocol: 'oauth', timeoutMs: 1_000 });
        const started = performance.now();
        const error = await failure(
          t.send({ method: 'POST', url: `http://127.0.0.1:${port}/token`, body: 'grant_type=x' }, transportAttempt()),
        );
        // Correctness bound, not a performance figure: the trickle lasts 6 s, the deadline is 1 s.
        expect(performance.now() - started).toBeLessThan(3_000);
        expect(error).toMatchObject({
          kind: 'ambiguous',
          retryable: false,
          sent: 'maybe',
          details: { timedOut: true, deadlineMs: 1_000 },
        });
        expect(error.message).toContain('1000 ms deadline');
        await expect.poll(closedSockets).toBe(1);
      });

      it('the per-attempt timeoutMs is a deadline too and wins over the transport default', async () => {
        const { port } = await tricklingServer(6_000);
        const started = performance.now();
        const error = await failure(
          transport({ timeoutMs: 60_000 }).send(
            { method: 'GET', url: `http://127.0.0.1:${port}/` },
            transportAttempt({ timeoutMs: 500 }),
          ),
        );
        expect(performance.now() - started).toBeLessThan(3_000);
        expect(error).toMatchObject({ details: { timedOut: true, deadlineMs: 500 } });
      });

      it('a slow answer within the per-attempt deadline succeeds even past the transport default', async () => {
        const { port } = await httpServer((_req, res) => setTimeout(() => res.end('late'), 150));
        const res = await transport({ timeoutMs: 50 }).send(
          { method: 'GET', url: `http://127.0.0.1:${port}/` },
          transportAttempt({ timeoutMs: 5_000 }),
        );
        expect(res.body).toBe('late');
      });

      it('a deadline that passes before the socket connects ⇒ transient, nothing left', async () => {
        let left = false;
        const error = await failure(
          transport({ timeoutMs: 200, lookup: () => {} }).send(
            { method: 'POST', url: 'https://api.example/x', body: 'x' },
            transportAttempt({ onSent: () => (left = true) }),
          ),
        );
        expect(error).toMatchObject({
          kind: 'transient',
          retryable: true,
          sent: 'no',
          details: { timedOut: true, deadlineMs: 200 },
        });
        expect(left).toBe(false);
      });

      it('with every socket busy, a queued 300 ms call fails at its deadline as transient; the busy one is unharmed', async () => {
        const { port } = await tricklingServer(2_000);
        const t = transport({ timeoutMs: 5_000, maxSockets: 1 });
        const busy = t.send({ method: 'GET', url: `http://127.0.0.1:${port}/slow` }, transportAttempt());
        const started = performance.now();
        let left = false;
        const error = await failure(
          t.send(
            { method: 'POST', url: `http://127.0.0.1:${port}/queued`, body: 'x' },
            transportAttempt({ timeoutMs: 300, onSent: () => (left = true) }),
          ),
        );
        expect(performance.now() - started).toBeLessThan(1_500);
        expect(error).toMatchObject({ kind: 'transient', sent: 'no', details: { timedOut: true } });
        expect(left).toBe(false);
        expect((await busy).status).toBe(200);
      });

      it('refuses a timeoutMs that is not a positive finite number', async () => {
        expect(() => make({ protocol: 'rest', timeoutMs: 0 })).toThrow(expect.objectContaining({ kind: 'validation' }));
        await expect(
          transport().send({ method: 'GET', url: 'http://127.0.0.1:1/' }, transportAttempt({ timeoutMs: Number.NaN })),
        ).rejects.toMatchObject({ kind: 'validation' });
      });
    });

    describe('abort', () => {
      it('abort before sending ⇒ aborted, nothing left, nothing reaches the server', async () => {
        const { port, requests } = await httpServer(() => {});
        const error = await failure(
          transport().send(
            { method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' },
            transportAttempt({ signal: AbortSignal.abort('stop please') }),
          ),
        );
        expect(error).toMatchObject({
          kind: 'aborted',
          retryable: false,
          sent: 'no',
          details: { aborted: true },
        });
        expect(requests()).toBe(0);
      });

      it('abort after the request was written ⇒ aborted, bytes may have left, distinct from a network failure', async () => {
        const { port, requests } = await httpServer(() => {});
        const controller = new AbortController();
        const error = await failure(
          transport().send(
            { method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' },
            transportAttempt({
              signal: controller.signal,
              onSent: () => setTimeout(() => controller.abort(new Error('user gave up')), 50),
            }),
          ),
        );
        expect(error).toMatchObject({ kind: 'aborted', sent: 'maybe', details: { aborted: true } });
        expect(error.message).toMatch(/aborted by the caller/);
        expect(requests()).toBe(1);
      });
    });

    describe('caps and request validation', () => {
      it('caps the response size while it streams (no content-length)', async () => {
        const { port } = await httpServer((_req, res) => {
          res.write(Buffer.alloc(1024 * 1024, 120));
          res.end(Buffer.alloc(1024 * 1024, 120));
        });
        const error = await failure(
          transport({ maxResponseBytes: 1024 * 1024 }).send(
            { method: 'GET', url: `http://127.0.0.1:${port}/` },
            transportAttempt(),
          ),
        );
        expect(error).toMatchObject({ kind: 'permanent', details: { tooLarge: true } });
      });

      it('refuses an oversized request body before connecting', async () => {
        const { port, connections } = await httpServer((_req, res) => res.end());
        const error = await failure(
          transport({ maxRequestBytes: 10 }).send(
            { method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x'.repeat(11) },
            transportAttempt(),
          ),
        );
        expect(error.kind).toBe('validation');
        expect(connections()).toBe(0);
      });

      it('refuses CR/LF and other control characters in header names and values (never echoing the value)', async () => {
        const bad: Array<Record<string, string>> = [
          { 'x-a': 'b\r\nx-evil: 1' },
          { 'x\na': 'b' },
          { authorization: 'Bearer s3cr3t\u0000' },
        ];
        for (const headers of bad) {
          const error = await failure(
            transport({ lookup: () => expect.fail('nothing may be resolved') }).send(
              { method: 'GET', url: 'https://api.example/', headers },
              transportAttempt(),
            ),
          );
          expect(error.kind).toBe('validation');
          expect(`${error.message} ${error.stack}`).not.toContain('s3cr3t');
        }
        expect(() => make({ protocol: 'rest', headers: { 'x\n': 'a' } })).toThrow(MailUpError);
        expect(() => make({ protocol: 'rest', userAgent: 'a\nb' })).toThrow(
          expect.objectContaining({ kind: 'validation' }),
        );
      });

      it('refuses plain http to a non-loopback host (nothing resolved) and never echoes secrets', async () => {
        const looked: string[] = [];
        const error = await failure(
          transport({ lookup: lookupTo(['127.0.0.1'], looked) }).send(
            { method: 'GET', url: 'http://console.example/frontend/WSActivation.aspx?usr=a1&pwd=S3cr3t!' },
            transportAttempt(),
          ),
        );
        expect(error.kind).toBe('validation');
        expect(looked).toEqual([]);
        expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain('S3cr3t');
        await expect(transport().send({ method: 'GET', url: 'ftp://x/' }, transportAttempt())).rejects.toMatchObject({
          kind: 'validation',
        });
      });

      it('close() ends the keep-alive sockets and later sends fail', async () => {
        let closed = 0;
        const { port } = await httpServer((req, res) => {
          req.socket.once('close', () => closed++);
          res.end('ok');
        });
        const t = transport();
        await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }, transportAttempt());
        t.close();
        await expect.poll(() => closed).toBe(1);
        await expect(
          t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }, transportAttempt()),
        ).rejects.toMatchObject({
          kind: 'validation',
        });
      });
    });

    describe('plain http policy and user agent', () => {
      it('foo.localhost resolving elsewhere ⇒ validation; resolving to loopback ⇒ reached at the checked address', async () => {
        const refused = await failure(
          transport({ lookup: lookupTo(['10.0.0.1']) }).send(
            { method: 'POST', url: 'http://foo.localhost:8080/x', body: 'x' },
            transportAttempt(),
          ),
        );
        expect(refused.message).toMatch(/foo\.localhost.*10\.0\.0\.1/);
        await expect(
          transport({ lookup: lookupTo(['127.0.0.1', '192.168.1.9']) }).send(
            { method: 'GET', url: 'http://app.localhost/' },
            transportAttempt(),
          ),
        ).rejects.toMatchObject({ kind: 'validation' });
        const { port } = await httpServer((req, res) => res.end(`local ${req.headers.host}`));
        const seen: string[] = [];
        const res = await transport({ lookup: lookupTo(['127.0.0.1'], seen) }).send(
          { method: 'GET', url: `http://foo.localhost:${port}/` },
          transportAttempt(),
        );
        expect(res.body).toBe(`local foo.localhost:${port}`);
        expect(seen).toEqual(['foo.localhost']); // resolved once, for the check; the connection used that answer
      });

      it('with allowInsecureHttp reaches a non-loopback name over http and warns exactly once per instance', async () => {
        const { port } = await httpServer((_req, res) => res.end('frontend'));
        const warnings: unknown[] = [];
        const logger: Logger = { debug() {}, info() {}, error() {}, warn: (...args) => warnings.push(args) };
        const t = transport({ protocol: 'frontend', allowInsecureHttp: true, lookup: lookupTo(['127.0.0.1']), logger });
        expect(
          (await t.send({ method: 'GET', url: `http://frontend.example:${port}/a` }, transportAttempt())).body,
        ).toBe('frontend');
        await t.send({ method: 'GET', url: `http://frontend.example:${port}/b` }, transportAttempt());
        await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/c` }, transportAttempt());
        expect(warnings).toHaveLength(1);
      });

      it('the user agent: the default names mailup-kit and node; the option and a per-request header win', async () => {
        const { port } = await httpServer((req, res) => res.end(String(req.headers['user-agent'])));
        const url = `http://127.0.0.1:${port}/`;
        const ua = async (t: ConformingTransport, headers?: Record<string, string>) =>
          (await t.send({ method: 'GET', url, headers }, transportAttempt())).body;
        expect(await ua(transport())).toMatch(new RegExp(`^mailup-kit/\\S+ node/${process.versions.node}$`));
        expect(await ua(transport({ userAgent: 'my-app/2' }))).toBe('my-app/2');
        expect(await ua(transport({ userAgent: 'my-app/2' }), { 'User-Agent': 'one-call/1' })).toBe('one-call/1');
        expect(await ua(transport({ headers: { 'USER-AGENT': 'from-headers/3' } }))).toBe('from-headers/3');
      });
    });

    const made = makeTestCert('DNS:api.mailup.test,DNS:localhost,IP:127.0.0.1');
    describe.skipIf('missing' in made)('TLS and proxies', () => {
      const { key, cert } = made as { key: Buffer; cert: Buffer };
      const ORIGIN = 'api.mailup.test';
      const toLoopback = lookupTo(['127.0.0.1']);
      let originPort = 0;
      let originRequests = 0;
      beforeAll(async () => {
        const origin = https.createServer({ key, cert }, (req, res) => {
          originRequests++;
          res.end(`secure ${req.url}`);
        });
        await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
        originPort = (origin.address() as AddressInfo).port;
        return () => {
          origin.closeAllConnections();
          origin.close();
        };
      });

      /** A real CONNECT proxy (http, or https with the test certificate): tunnels every CONNECT to 127.0.0.1. */
      async function connectProxy(options: { status?: number; tls?: boolean } = {}) {
        const seen = { connects: [] as string[], authorizations: [] as Array<string | undefined>, plain: 0, bytes: '' };
        const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
          seen.plain++;
          res.writeHead(502).end();
        };
        const proxy = options.tls ? https.createServer({ key, cert }, onRequest) : http.createServer(onRequest);
        proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
          seen.connects.push(String(req.url));
          seen.authorizations.push(req.headers['proxy-authorization']);
          client.on('error', () => {});
          if (options.status && options.status !== 200) {
            client.end(`HTTP/1.1 ${options.status} Refused\r\nproxy-authenticate: Basic\r\n\r\n`);
            return;
          }
          const upstream = net.connect(Number(String(req.url).split(':').pop()), '127.0.0.1', () => {
            client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            if (head.length) upstream.write(head);
            client.on('data', (chunk: Buffer) => {
              seen.bytes += chunk.toString('latin1');
            });
            client.pipe(upstream).pipe(client);
          });
          upstream.on('error', () => client.destroy());
          cleanups.push(() => upstream.destroy());
        });
        const port = await listen(proxy);
        return { port, url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen };
      }

      it('verifies the server: unknown CA ⇒ transient before sending; trusted CA ⇒ answer', async () => {
        let left = false;
        const error = await failure(
          transport().send(
            { method: 'POST', url: `https://127.0.0.1:${originPort}/`, body: 'x' },
            transportAttempt({ onSent: () => (left = true) }),
          ),
        );
        expect(error).toMatchObject({ kind: 'transient', sent: 'no' });
        expect(left).toBe(false);
        const res = await transport({ tls: { ca: cert } }).send(
          { method: 'GET', url: `https://127.0.0.1:${originPort}/` },
          transportAttempt(),
        );
        expect(res.body).toBe('secure /');
        expect(() => make({ protocol: 'rest', tls: { rejectUnauthorized: false } })).toThrow(
          expect.objectContaining({ kind: 'validation' }),
        );
      });

      it('a reset during the TLS handshake ⇒ transient, the request was never written', async () => {
        const port = await listen(net.createServer((socket) => socket.resetAndDestroy()));
        const error = await failure(
          transport().send({ method: 'POST', url: `https://127.0.0.1:${port}/`, body: 'x' }, transportAttempt()),
        );
        expect(error).toMatchObject({ kind: 'transient', sent: 'no' });
      });

      it('https through a CONNECT tunnel, TLS verified end to end; the proxy sees no plaintext; tunnels are reused', async () => {
        const proxy = await connectProxy();
        const t = transport({ proxy: proxy.url, tls: { ca: cert }, lookup: toLoopback });
        const res = await t.send(
          { method: 'POST', url: `https://${ORIGIN}:${originPort}/Console/plaintext-marker`, body: 'body-marker' },
          transportAttempt(),
        );
        expect(res.body).toBe('secure /Console/plaintext-marker');
        expect(proxy.seen.connects).toEqual([`${ORIGIN}:${originPort}`]);
        expect(proxy.seen.plain).toBe(0);
        expect(proxy.seen.bytes.length).toBeGreaterThan(0);
        expect(proxy.seen.bytes).not.toContain('plaintext-marker');
        expect(proxy.seen.bytes).not.toContain('body-marker');
        for (let i = 0; i < 5; i++)
          await t.send({ method: 'GET', url: `https://${ORIGIN}:${originPort}/again` }, transportAttempt());
        expect(proxy.seen.connects.length).toBeLessThanOrEqual(2); // keep-alive tunnels, not one per call
      });

      it('an untrusted origin certificate through the proxy still fails (transient, nothing sent)', async () => {
        const proxy = await connectProxy();
        const before = originRequests;
        const error = await failure(
          transport({ proxy: proxy.url, lookup: toLoopback }).send(
            { method: 'POST', url: `https://${ORIGIN}:${originPort}/x`, body: 'x' },
            transportAttempt(),
          ),
        );
        expect(error).toMatchObject({ kind: 'transient', sent: 'no' });
        expect(proxy.seen.connects).toEqual([`${ORIGIN}:${originPort}`]);
        expect(originRequests).toBe(before);
      });

      it('HTTPS_PROXY from the environment is used; NO_PROXY bypasses it; proxy: false ignores it', async () => {
        const proxy = await connectProxy();
        const url = `https://${ORIGIN}:${originPort}/env`;
        const get = (options: Partial<HttpTransportOptions>) =>
          transport({ tls: { ca: cert }, lookup: toLoopback, ...options }).send(
            { method: 'GET', url },
            transportAttempt(),
          );
        await get({ env: { HTTPS_PROXY: proxy.url } });
        expect(proxy.seen.connects).toHaveLength(1);
        await get({ env: { https_proxy: proxy.url, NO_PROXY: 'example.com, .mailup.test' } });
        await get({ env: { HTTPS_PROXY: proxy.url, no_proxy: `${ORIGIN}:${originPort}` } });
        await get({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: '*' } });
        await get({ env: { HTTPS_PROXY: proxy.url }, proxy: false });
        expect(proxy.seen.connects).toHaveLength(1);
        await get({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: `${ORIGIN}:1` } });
        expect(proxy.seen.connects).toHaveLength(2);
      });

      it('loopback is never proxied; plain http to a proxied host also uses CONNECT', async () => {
        const proxy = await connectProxy();
        const { port } = await httpServer((req, res) => res.end(`plain ${req.url}`));
        const direct = transport({ proxy: proxy.url, lookup: toLoopback });
        expect((await direct.send({ method: 'GET', url: `http://127.0.0.1:${port}/d` }, transportAttempt())).body).toBe(
          'plain /d',
        );
        expect((await direct.send({ method: 'GET', url: `http://localhost:${port}/d` }, transportAttempt())).body).toBe(
          'plain /d',
        );
        expect(proxy.seen.connects).toEqual([]);
        const t = transport({ env: { HTTP_PROXY: proxy.url }, allowInsecureHttp: true, lookup: toLoopback });
        expect(
          (await t.send({ method: 'GET', url: `http://frontend.mailup.test:${port}/p` }, transportAttempt())).body,
        ).toBe('plain /p');
        expect(proxy.seen.connects).toEqual([`frontend.mailup.test:${port}`]);
      });

      it('proxy credentials go in proxy-authorization on the CONNECT and never into an error or inspect', async () => {
        const proxy = await connectProxy({ status: 407 });
        const t = transport({
          proxy: `http://robot:pa55w0rd-secret@127.0.0.1:${proxy.port}`,
          tls: { ca: cert },
          lookup: toLoopback,
        });
        const error = await failure(
          t.send({ method: 'GET', url: `https://${ORIGIN}:${originPort}/x` }, transportAttempt()),
        );
        const basic = Buffer.from('robot:pa55w0rd-secret').toString('base64');
        expect(proxy.seen.authorizations).toEqual([`Basic ${basic}`]);
        expect(error).toMatchObject({ kind: 'transient', sent: 'no' });
        expect(error.message).toMatch(/407/);
        const printed = `${inspect(error, { depth: Number.POSITIVE_INFINITY })} ${JSON.stringify(error)} ${inspect(t, {
          depth: Number.POSITIVE_INFINITY,
          showHidden: true,
        })}`;
        expect(printed).not.toContain('pa55w0rd');
        expect(printed).not.toContain(basic);
        let bad: unknown;
        try {
          make({ protocol: 'rest', proxy: 'socks5://robot:pa55w0rd-secret@h:1' });
        } catch (e) {
          bad = e;
        }
        expect(MailUpError.is(bad, 'validation')).toBe(true);
        expect(inspect(bad, { depth: Number.POSITIVE_INFINITY })).not.toContain('pa55w0rd');
      });

      // A transport without https:// proxies (the axios adapter) must refuse one; every other must carry it.
      if (capabilities.httpsProxy === false) {
        it('a transport without https:// proxies refuses one as validation, before anything is sent', async () => {
          const proxy = await connectProxy({ tls: true });
          let refused: unknown;
          try {
            await transport({ proxy: proxy.url, tls: { ca: cert }, lookup: toLoopback }).send(
              { method: 'POST', url: `https://${ORIGIN}:${originPort}/x`, body: 'x' },
              transportAttempt(),
            );
          } catch (error) {
            refused = error;
          }
          expect(MailUpError.is(refused, 'validation')).toBe(true);
          expect(proxy.seen.connects).toEqual([]);
        });
      } else {
        it('an https:// proxy: TLS verified to the proxy and, inside the tunnel, to the origin', async () => {
          const proxy = await connectProxy({ tls: true });
          const res = await transport({ proxy: proxy.url, tls: { ca: cert }, lookup: toLoopback }).send(
            { method: 'POST', url: `https://${ORIGIN}:${originPort}/through-tls-proxy`, body: 'body-marker' },
            transportAttempt(),
          );
          expect(res.body).toBe('secure /through-tls-proxy');
          expect(proxy.seen.connects).toEqual([`${ORIGIN}:${originPort}`]);
          // An https proxy whose certificate is not trusted: refused before the CONNECT, nothing sent.
          const untrusted = await connectProxy({ tls: true });
          const error = await failure(
            transport({ proxy: untrusted.url, lookup: toLoopback }).send(
              { method: 'POST', url: `https://${ORIGIN}:${originPort}/x`, body: 'x' },
              transportAttempt(),
            ),
          );
          expect(error).toMatchObject({ kind: 'transient', sent: 'no' });
          expect(untrusted.seen.connects).toEqual([]);
        });
      }
    });
  });
}
