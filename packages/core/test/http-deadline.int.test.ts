import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import { HttpTransport } from '../src/node/http-transport.js';
import { transportAttempt } from '../src/transport/transport.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A server that answers 200 at once, then trickles one body byte every 100 ms for `totalMs`. */
async function tricklingServer(totalMs: number): Promise<{ port: number; closedSockets: () => number }> {
  let closedSockets = 0;
  const server = http.createServer((req, res) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, closedSockets: () => closedSockets };
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

describe('timeoutMs is an absolute deadline for the whole exchange', () => {
  it('a server trickling one byte per 100 ms for 6 s fails a 1 s POST within the deadline, ambiguous, socket destroyed', async () => {
    const { port, closedSockets } = await tricklingServer(6_000);
    const t = new HttpTransport({ protocol: 'oauth', timeoutMs: 1_000 });
    cleanups.push(() => t.close());
    const started = performance.now();
    const error = await failure(
      t.send({ method: 'POST', url: `http://127.0.0.1:${port}/token`, body: 'grant_type=x' }),
    );
    const elapsed = performance.now() - started;
    // Correctness bound, not a performance figure: the trickle lasts 6 s, the deadline is 1 s.
    expect(elapsed).toBeLessThan(3_000);
    expect(error).toMatchObject({
      kind: 'ambiguous',
      retryable: false,
      details: { bytesMayHaveLeft: true, timedOut: true, deadlineMs: 1_000 },
    });
    expect(error.message).toMatch(/timed out/);
    expect(error.message).toContain('1000 ms deadline');
    await expect.poll(closedSockets).toBe(1);
  });

  it('the per-request timeoutMs is a deadline too and wins over the transport default', async () => {
    const { port } = await tricklingServer(6_000);
    const t = new HttpTransport({ protocol: 'rest', timeoutMs: 60_000 });
    cleanups.push(() => t.close());
    const started = performance.now();
    const error = await failure(
      t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }, transportAttempt({ timeoutMs: 500 })),
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ details: { timedOut: true, deadlineMs: 500 } });
  });

  it('a deadline that passes before the socket connects ⇒ transient, nothing left', async () => {
    // A lookup that never answers keeps the request before connect until the deadline.
    const t = new HttpTransport({ protocol: 'rest', timeoutMs: 200, lookup: () => {} });
    cleanups.push(() => t.close());
    let left = false;
    const error = await failure(
      t.send(
        { method: 'POST', url: 'https://api.example/x', body: 'x' },
        transportAttempt({ onBytesMayHaveLeft: () => (left = true) }),
      ),
    );
    expect(error).toMatchObject({
      kind: 'transient',
      retryable: true,
      details: { bytesMayHaveLeft: false, timedOut: true, deadlineMs: 200 },
    });
    expect(left).toBe(false);
  });

  it('refuses a timeoutMs that is not a positive finite number', async () => {
    expect(() => new HttpTransport({ protocol: 'rest', timeoutMs: 0 })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
    const t = new HttpTransport({ protocol: 'rest' });
    cleanups.push(() => t.close());
    await expect(
      t.send({ method: 'GET', url: 'http://127.0.0.1:1/' }, transportAttempt({ timeoutMs: Number.NaN })),
    ).rejects.toMatchObject({
      kind: 'validation',
    });
  });
});

describe('the deadline also ends a request still queued for a socket', () => {
  it('with every socket busy, a queued 300 ms call fails at its deadline as transient (nothing left), and the busy one is unharmed', async () => {
    const { port } = await tricklingServer(2_000);
    const t = new HttpTransport({ protocol: 'rest', timeoutMs: 5_000, maxSockets: 1 });
    cleanups.push(() => t.close());
    const busy = t.send({ method: 'GET', url: `http://127.0.0.1:${port}/slow` });
    const started = performance.now();
    let left = false;
    const error = await failure(
      t.send(
        { method: 'POST', url: `http://127.0.0.1:${port}/queued`, body: 'x' },
        transportAttempt({ timeoutMs: 300, onBytesMayHaveLeft: () => (left = true) }),
      ),
    );
    // Correctness bound, not a performance figure: the busy socket is held for 2 s.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toMatchObject({ kind: 'transient', bytesMayHaveLeft: false, details: { timedOut: true } });
    expect(left).toBe(false);
    expect((await busy).status).toBe(200);
  });
});
