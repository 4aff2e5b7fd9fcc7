import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { restError } from '../src/catalogue/rest-errors.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { HttpResponse } from '../src/http/http-message.js';
import { HttpTransport } from '../src/node/http-transport.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { transportMiddleware } from '../src/pipeline/transport-middleware.js';
import { retryPolicy } from '../src/retry/retry-policy.js';

type Fault = 'reset-before' | 'reset-after' | '503' | '429' | 'hang' | undefined;

/** A tiny MailUp-like server over real sockets: POST /messages applies a send, faults are scripted per request. */
async function startServer(faults: Fault[]) {
  const applied: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fault = faults.shift();
      if (fault === 'reset-before') return req.socket.resetAndDestroy();
      if (fault === 'hang') return;
      if (fault === '503') return res.writeHead(503).end('{"ErrorCode":"503","ErrorDescription":"busy"}');
      if (fault === '429') {
        return res
          .writeHead(429)
          .end('{"ErrorCode":"429","ErrorDescription":"Too many requests. Max:5 calls per second , actual:10."}');
      }
      if (req.method === 'POST') applied.push(Buffer.concat(chunks).toString());
      if (fault === 'reset-after') return req.socket.resetAndDestroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: applied.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, applied, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(faults: Fault[]) {
  const server = await startServer(faults);
  const transport = new HttpTransport({ protocol: 'txmail' });
  cleanups.push(server.close, () => transport.close());
  const pipeline = new Pipeline({
    protocol: 'txmail',
    retryPolicy: retryPolicy({ classes: { Send: 'send', Count: 'read' }, baseDelayMs: 5, capDelayMs: 20 }),
  });
  pipeline.stack
    .add(
      async (ctx, next) => {
        ctx.request =
          ctx.operation.name === 'Send'
            ? { method: 'POST', url: `${server.base}/messages`, body: String(ctx.input) }
            : { method: 'GET', url: `${server.base}/messages` };
        return next();
      },
      { step: 'serialize', name: 'serialize' },
    )
    .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
    .add(
      async (ctx) => {
        const res = ctx.response as HttpResponse;
        if (res.status >= 400)
          throw restError(res.status, res.body, { operation: ctx.operation.id, headers: res.headers });
        return JSON.parse(String(res.body));
      },
      { step: 'deserialize', name: 'deserialize' },
    );
  return { pipeline, applied: server.applied };
}

describe('pipeline + HttpTransport over real sockets', () => {
  it('a send whose connection is reset after the server applied it is NOT repeated: one message, ambiguous', async () => {
    const { pipeline, applied } = await setup(['reset-after']);
    const error = await pipeline.call('Send', 'hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailUpError);
    expect(error).toMatchObject({ kind: 'ambiguous', sent: 'maybe' });
    expect(applied).toEqual(['hello']);
  });

  it('a send answered 503 is not repeated either (the server may have acted), and says so', async () => {
    const { pipeline, applied } = await setup(['503']);
    const error = await pipeline.call('Send', 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'ambiguous', httpStatus: 503, details: { originalKind: 'transient' } });
    expect(applied).toEqual([]);
  });

  it('a read is repeated through resets and 503s until it succeeds', async () => {
    const { pipeline } = await setup(['reset-before', '503']);
    expect(await pipeline.call('Count', {})).toEqual({ count: 0 });
  });

  it('a throttled read waits the default 1000 ms of the older 429 wording, then succeeds', async () => {
    const { pipeline } = await setup(['429']);
    const started = Date.now();
    expect(await pipeline.call('Count', {})).toEqual({ count: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('a send goes through exactly once when nothing fails', async () => {
    const { pipeline, applied } = await setup([]);
    expect(await pipeline.call('Send', 'one')).toEqual({ count: 1 });
    expect(applied).toEqual(['one']);
  });

  it('a per-call timeout ends a hung read attempt, which is retried; a hung send is ambiguous', async () => {
    const { pipeline } = await setup(['hang']);
    expect(await pipeline.call('Count', {}, { timeoutMs: 100 })).toEqual({ count: 0 });
    const second = await setup(['hang']);
    const error = await second.pipeline.call('Send', 'x', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'ambiguous', sent: 'maybe', details: { timedOut: true } });
  });
});
