import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchTransport } from '../src/fetch-transport.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

/**
 * A loopback server answering with a chunked body (no content-length) of `totalBytes`, written with backpressure;
 * `written()` is how many body bytes it managed to hand to the socket before the client stopped reading.
 */
async function chunkedServer(totalBytes: number, byte = 'a') {
  let written = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    const chunk = Buffer.alloc(64 * 1024, byte);
    const pump = () => {
      while (written < totalBytes && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
      finished();
    };
    res.on('close', finished);
    pump();
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/jsonp`, written: () => written, done };
}

describe('FetchTransport body cap', () => {
  it('stops reading a chunked answer at its cap instead of reading it whole first', async () => {
    const cap = 1024 * 1024;
    const total = 96 * 1024 * 1024;
    const server = await chunkedServer(total);
    const transport = new FetchTransport({ maxResponseBytes: cap });
    const error = await transport.send({ method: 'GET', url: server.url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('permanent');
    expect((error as MailUpError).message).toContain('larger than the cap');
    await server.done;
    // The server could push only what the socket buffers hold past the cap: a small fraction of the answer.
    expect(server.written()).toBeLessThan(total / 4);
  });

  it('counts bytes, not UTF-16 characters, against the cap', async () => {
    // 'é' is 2 bytes in UTF-8: 1.5 MiB of bytes is 768 Ki characters, under a 1 MiB cap counted in characters.
    const server = await chunkedServer(1.5 * 1024 * 1024, 'é'.charAt(0));
    const transport = new FetchTransport({ maxResponseBytes: 1024 * 1024 });
    const error = await transport.send({ method: 'GET', url: server.url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('permanent');
  });

  it('reads an answer under the cap whole, multi-byte characters split across chunks intact', async () => {
    const server = await chunkedServer(256 * 1024, 'é'.charAt(0));
    const transport = new FetchTransport({ maxResponseBytes: 1024 * 1024 });
    const res = await transport.send({ method: 'GET', url: server.url });
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.body)).toBe(256 * 1024);
    expect(res.body).toMatch(/^é+$/);
  });
});
