import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { ITEMS_PATH, type ItemsTable, itemsModule } from './support/items-module.js';
import { openSocket, readHead, readUntilClosed } from './support/raw-http.js';

const CAP = 64 * 1024;

describe('request bounds over real sockets', () => {
  let emulator: RunningEmulator | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await emulator?.close();
    emulator = undefined;
  });

  async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<() => ItemsTable> {
    const module = itemsModule();
    emulator = await startEmulator({ modules: [module], maxBodyBytes: CAP, ...options });
    return () => module.table();
  }

  const host = () => new URL(emulator!.urls.http).host;

  async function socket(): Promise<Socket> {
    const opened = await openSocket(emulator!.urls.http);
    sockets.push(opened);
    return opened;
  }

  it('answers 413 from Content-Length alone, before a byte of a 512 MiB body is sent', async () => {
    const table = await start();
    const s = await socket();
    const answer = readUntilClosed(s, 3_000);
    s.write(`POST ${ITEMS_PATH} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 536870912\r\n\r\n`);
    const { text, closed } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(closed).toBe(true);
    expect(table().items).toEqual([]);
  });

  it('answers 413 without inviting the body when the client asks "Expect: 100-continue"', async () => {
    await start();
    const s = await socket();
    const head = readHead(s, 3_000);
    s.write(
      `POST ${ITEMS_PATH} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 536870912\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(await head).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('stops reading an endless chunked upload once it crosses the cap: 413, connection closed', async () => {
    const table = await start();
    const s = await socket();
    const head = readHead(s, 5_000);
    s.write(`POST ${ITEMS_PATH} HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = `400\r\n${'x'.repeat(1024)}\r\n`;
    let sent = 0;
    let answered = false;
    void head.then(() => {
      answered = true;
    });
    // Keep uploading (as an endless stream would) until the server answers or we have sent far past the cap.
    while (!answered && sent < 64 * CAP && !s.destroyed) {
      if (!s.write(chunk)) await new Promise((r) => s.once('drain', r).once('close', r));
      sent += 1024;
      if (sent % (16 * 1024) === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await head).toMatch(/^HTTP\/1\.1 413 /);
    expect(table().items).toEqual([]);
  });

  it('closes a slow-loris body after the request timeout', async () => {
    await start({ requestTimeoutMs: 300 });
    const s = await socket();
    const ended = readUntilClosed(s, 5_000);
    s.write(`POST ${ITEMS_PATH} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 1000\r\n\r\n`);
    const trickle = setInterval(() => {
      if (!s.destroyed) s.write('x');
    }, 50);
    const started = performance.now();
    try {
      const { text, closed } = await ended;
      expect(closed).toBe(true);
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes connections past maxConnections and accepts new ones once a slot frees', async () => {
    await start({ maxConnections: 2 });
    const first = await socket();
    const second = await socket();
    // Both are served (so the server has accepted them) before the third arrives.
    for (const s of [first, second]) {
      const head = readHead(s);
      s.write(`GET /__emulator/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      expect(await head).toMatch(/^HTTP\/1\.1 200 /);
    }
    const third = await socket();
    const refused = await readUntilClosed(third, 3_000);
    expect(refused).toEqual({ text: '', closed: true });
    first.destroy();
    await new Promise((r) => first.once('close', r));
    // The server notices the freed slot asynchronously: retry until a fresh connection is served.
    let served: string | undefined;
    for (let attempt = 0; attempt < 50 && !served?.startsWith('HTTP/1.1 200'); attempt++) {
      const fresh = await socket();
      const head = readHead(fresh, 1_000);
      fresh.write(`GET /__emulator/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      served = await head;
    }
    expect(served).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses a request timeout of 0 or less (a server that never times out is not an option)', async () => {
    await expect(startEmulator({ requestTimeoutMs: 0 })).rejects.toThrow(/requestTimeoutMs/);
    await expect(startEmulator({ maxConnections: 0 })).rejects.toThrow(/maxConnections/);
  });
});
