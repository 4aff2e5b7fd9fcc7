import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeTestCert } from '@mailup-kit/testkit/tls-cert';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/node/http-transport.js';

// The transport guarantees shared by every HTTP transport are in http-transport-conformance.int.test.ts (the
// testkit suite); this file keeps what needs a child process of its own.
const servers: https.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

describe('HttpTransport over TLS, in a child process', () => {
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
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

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
});

describe('HttpTransport per-request policy after the fast path (issue 17)', () => {
  it('judges every host on its own: a refused plain-http host between two loopback calls stays refused, with nothing sent', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers.host));
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const transport = new HttpTransport({ protocol: 'rest', proxy: false });
    try {
      expect((await transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/a` })).body).toBe('ok');
      // A non-loopback host over plain http is refused although the host before it was allowed...
      await expect(transport.send({ method: 'GET', url: `http://192.0.2.1:${port}/b` })).rejects.toMatchObject({
        kind: 'validation',
        sent: 'no',
      });
      // ...and a loopback name that resolves elsewhere is refused too (its lookup is asked on every request).
      const lying = new HttpTransport({
        protocol: 'rest',
        proxy: false,
        lookup: ((_host: string, _options: unknown, callback: (e: null, a: unknown[]) => void) =>
          callback(null, [{ address: '192.0.2.1', family: 4 }])) as never,
      });
      await expect(lying.send({ method: 'GET', url: `http://localhost:${port}/c` })).rejects.toMatchObject({
        kind: 'validation',
      });
      lying.close();
      // The loopback host after them is still allowed, and a base header overridden in another case is sent once.
      const res = await transport.send({
        method: 'GET',
        url: `http://127.0.0.1:${port}/d`,
        headers: { Accept: 'text/plain', 'x-one': '1' },
      });
      expect(res.body).toBe('ok');
      expect(seen).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
    } finally {
      transport.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('refuses by rejecting, never by throwing synchronously (send is not an async function any more)', async () => {
    const transport = new HttpTransport({ protocol: 'rest', proxy: false });
    transport.close();
    let thrown: unknown;
    let pending: Promise<unknown> | undefined;
    try {
      pending = transport.send({ method: 'GET', url: 'https://example.invalid/' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    await expect(pending).rejects.toMatchObject({ kind: 'validation', sent: 'no' });
  });
});
