import { execFile } from 'node:child_process';
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
