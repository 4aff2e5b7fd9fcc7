import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCert } from './support/tls-cert.js';

const ORIGIN = 'api.mailup.test';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    (server as http.Server).closeAllConnections?.();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

/** A real CONNECT proxy: opens every tunnel to 127.0.0.1 (whatever host was asked), records what it saw. */
async function connectProxy(options: { status?: number } = {}) {
  const seen = {
    connects: [] as string[],
    authorizations: [] as Array<string | undefined>,
    plainRequests: 0,
    bytes: '',
  };
  const proxy = http.createServer((_req, res) => {
    seen.plainRequests++;
    res.writeHead(502).end();
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.connects.push(String(req.url));
    seen.authorizations.push(req.headers['proxy-authorization']);
    if (options.status && options.status !== 200) {
      client.end(`HTTP/1.1 ${options.status} Refused\r\nproxy-authenticate: Basic\r\n\r\n`);
      return;
    }
    const port = Number(String(req.url).split(':').pop());
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        seen.bytes += chunk.toString('latin1');
      });
      client.pipe(upstream).pipe(client);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    cleanups.push(() => upstream.destroy());
  });
  const port = await listen(proxy);
  return { port, url: `http://127.0.0.1:${port}`, seen };
}

const made = makeTestCert(`DNS:${ORIGIN}`);
if ('missing' in made) console.warn(`proxy TLS tests skipped: ${made.missing}`);

// The proxy guarantees shared by every transport are in the testkit conformance suite; this file keeps the
// environment read by a real child process.
describe.skipIf('missing' in made)('HttpTransport through a real local CONNECT proxy', () => {
  const { key, cert } = made as { key: Buffer; cert: Buffer };
  let originPort = 0;
  beforeAll(async () => {
    const origin = https.createServer({ key, cert }, (req, res) => {
      res.end(`secure ${req.url}`);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originPort = (origin.address() as AddressInfo).port;
    return () => {
      origin.closeAllConnections();
      origin.close();
    };
  });

  it('reads HTTPS_PROXY / NO_PROXY from the real process environment (in a child process)', async () => {
    const proxy = await connectProxy();
    const script = `
      import { HttpTransport } from ${JSON.stringify(fileURLToPath(new URL('../src/node/http-transport.ts', import.meta.url)))};
      const lookup = (_h, o, cb) => o && o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
      const t = new HttpTransport({ protocol: 'rest', lookup, tls: { ca: process.env.TEST_CA } });
      const res = await t.send({ method: 'GET', url: process.env.TEST_URL });
      t.close();
      process.stdout.write(String(res.body));
    `;
    // Async: the proxy and the origin live in this process, so it must keep serving while the child runs.
    const run = (extra: Record<string, string>) =>
      new Promise<{ stdout: string; stderr: string }>((resolve) => {
        const env = {
          PATH: process.env.PATH,
          TEST_CA: cert.toString(),
          TEST_URL: `https://${ORIGIN}:${originPort}/child`,
          ...extra,
        };
        const args = ['--import', 'tsx', '--input-type=module', '-e', script];
        execFile(process.execPath, args, { env, encoding: 'utf8', timeout: 20_000 }, (_error, stdout, stderr) =>
          resolve({ stdout, stderr }),
        );
      });
    const viaProxy = await run({ HTTPS_PROXY: proxy.url });
    expect(viaProxy.stderr).toBe('');
    expect(viaProxy.stdout).toBe('secure /child');
    expect(proxy.seen.connects).toHaveLength(1);
    const bypass = await run({ HTTPS_PROXY: proxy.url, NO_PROXY: ORIGIN });
    expect(bypass.stdout).toBe('secure /child');
    expect(proxy.seen.connects).toHaveLength(1);
  }, 30_000);
});
