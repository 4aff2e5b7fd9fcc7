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

async function silentServer(): Promise<{ port: number; requests: () => number }> {
  let requests = 0;
  const server = http.createServer(() => {
    requests++; // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, requests: () => requests };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('HttpTransport: a caller abort is MailUpError kind aborted', () => {
  it('abort before sending ⇒ aborted, bytesMayHaveLeft false, nothing reaches the server', async () => {
    const { port, requests } = await silentServer();
    const t = new HttpTransport({ protocol: 'rest' });
    cleanups.push(() => t.close());
    const error = await rejection(
      t.send(
        { method: 'POST', url: `http://127.0.0.1:${port}/`, body: 'x' },
        transportAttempt({ signal: AbortSignal.abort() }),
      ),
    );
    expect(error).toBeInstanceOf(MailUpError);
    expect(error).toMatchObject({
      kind: 'aborted',
      retryable: false,
      details: { bytesMayHaveLeft: false, aborted: true },
    });
    expect(requests()).toBe(0);
  });

  it('abort after the request was written ⇒ aborted, bytesMayHaveLeft true, distinct from a network failure', async () => {
    const { port, requests } = await silentServer();
    const t = new HttpTransport({ protocol: 'rest' });
    cleanups.push(() => t.close());
    const controller = new AbortController();
    const error = await rejection(
      t.send(
        {
          method: 'POST',
          url: `http://127.0.0.1:${port}/`,
          body: 'x',
        },
        transportAttempt({
          signal: controller.signal,
          onBytesMayHaveLeft: () => setTimeout(() => controller.abort(new Error('user gave up')), 50),
        }),
      ),
    );
    expect(error).toMatchObject({
      kind: 'aborted',
      retryable: false,
      details: { bytesMayHaveLeft: true, aborted: true },
    });
    expect((error as MailUpError).message).toMatch(/aborted by the caller/);
    expect(requests()).toBe(1);
  });

  it('an abort reason that is not an Error still gives a MailUpError', async () => {
    const t = new HttpTransport({ protocol: 'rest' });
    cleanups.push(() => t.close());
    const error = await rejection(
      t.send(
        { method: 'GET', url: 'http://127.0.0.1:1/' },
        transportAttempt({ signal: AbortSignal.abort('stop please') }),
      ),
    );
    expect(MailUpError.is(error, 'aborted')).toBe(true);
  });
});
