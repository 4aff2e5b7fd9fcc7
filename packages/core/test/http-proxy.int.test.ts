import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import { HttpTransport, type HttpTransportOptions } from '../src/node/http-transport.js';
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

/** Resolves every name to 127.0.0.1 (the origin's test name and the proxy). */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all)
    (callback as (e: null, a: unknown[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else (callback as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
};

function transport(options: Partial<HttpTransportOptions>): HttpTransport {
  const t = new HttpTransport({ protocol: 'rest', env: {}, lookup: toLoopback, ...options });
  cleanups.push(() => t.close());
  return t;
}

const made = makeTestCert(`DNS:${ORIGIN}`);
if ('missing' in made) console.warn(`proxy TLS tests skipped: ${made.missing}`);

describe.skipIf('missing' in made)('HttpTransport through a real local CONNECT proxy', () => {
  const { key, cert } = made as { key: Buffer; cert: Buffer };
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

  it('https goes through a CONNECT tunnel to the origin, TLS verified end to end; the proxy sees no plaintext', async () => {
    const proxy = await connectProxy();
    const t = transport({ proxy: proxy.url, tls: { ca: cert } });
    const res = await t.send({
      method: 'POST',
      url: `https://${ORIGIN}:${originPort}/Console/plaintext-marker`,
      body: 'body-marker',
    });
    expect(res.body).toBe('secure /Console/plaintext-marker');
    expect(proxy.seen.connects).toEqual([`${ORIGIN}:${originPort}`]);
    expect(proxy.seen.plainRequests).toBe(0);
    expect(proxy.seen.bytes.length).toBeGreaterThan(0);
    expect(proxy.seen.bytes).not.toContain('plaintext-marker');
    expect(proxy.seen.bytes).not.toContain('body-marker');
    // keep-alive: the second call reuses the tunnel
    await t.send({ method: 'GET', url: `https://${ORIGIN}:${originPort}/again` });
    expect(proxy.seen.connects).toHaveLength(1);
  });

  it('an untrusted origin certificate through the proxy still fails (transient, nothing sent)', async () => {
    const proxy = await connectProxy();
    const before = originRequests;
    const error = await transport({ proxy: proxy.url })
      .send({ method: 'POST', url: `https://${ORIGIN}:${originPort}/x`, body: 'x' })
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'transient')).toBe(true);
    expect((error as MailUpError).details).toMatchObject({ bytesMayHaveLeft: false });
    expect(proxy.seen.connects).toEqual([`${ORIGIN}:${originPort}`]);
    expect(originRequests).toBe(before);
  });

  it('HTTPS_PROXY from the environment is used; NO_PROXY (domain suffix) bypasses it; proxy: false ignores it', async () => {
    const proxy = await connectProxy();
    const url = `https://${ORIGIN}:${originPort}/env`;
    await transport({ env: { HTTPS_PROXY: proxy.url }, tls: { ca: cert } }).send({ method: 'GET', url });
    expect(proxy.seen.connects).toHaveLength(1);
    await transport({ env: { https_proxy: proxy.url, NO_PROXY: 'example.com, .mailup.test' }, tls: { ca: cert } }).send(
      {
        method: 'GET',
        url,
      },
    );
    await transport({ env: { HTTPS_PROXY: proxy.url, no_proxy: `${ORIGIN}:${originPort}` }, tls: { ca: cert } }).send({
      method: 'GET',
      url,
    });
    await transport({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: '*' }, tls: { ca: cert } }).send({ method: 'GET', url });
    await transport({ env: { HTTPS_PROXY: proxy.url }, proxy: false, tls: { ca: cert } }).send({ method: 'GET', url });
    expect(proxy.seen.connects).toHaveLength(1);
    // a NO_PROXY entry for another port does not bypass
    await transport({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: `${ORIGIN}:1` }, tls: { ca: cert } }).send({
      method: 'GET',
      url,
    });
    expect(proxy.seen.connects).toHaveLength(2);
  });

  it('loopback is never proxied', async () => {
    const proxy = await connectProxy();
    const plain = http.createServer((_req, res) => res.end('direct'));
    const port = await listen(plain);
    const t = transport({ proxy: proxy.url });
    expect((await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/` })).body).toBe('direct');
    expect((await t.send({ method: 'GET', url: `http://localhost:${port}/` })).body).toBe('direct');
    expect(proxy.seen.connects).toEqual([]);
  });

  it('plain http through the proxy also uses CONNECT', async () => {
    const proxy = await connectProxy();
    const plain = http.createServer((req, res) => res.end(`plain ${req.url}`));
    const port = await listen(plain);
    const t = transport({ env: { HTTP_PROXY: proxy.url }, allowInsecureHttp: true });
    expect((await t.send({ method: 'GET', url: `http://frontend.mailup.test:${port}/p` })).body).toBe('plain /p');
    expect(proxy.seen.connects).toEqual([`frontend.mailup.test:${port}`]);
  });

  it('proxy credentials go in proxy-authorization on the CONNECT and never into an error', async () => {
    const proxy = await connectProxy({ status: 407 });
    const t = transport({ proxy: `http://robot:pa55w0rd-secret@127.0.0.1:${proxy.port}`, tls: { ca: cert } });
    const error = await t.send({ method: 'GET', url: `https://${ORIGIN}:${originPort}/x` }).catch((e: unknown) => e);
    expect(proxy.seen.authorizations).toEqual([`Basic ${Buffer.from('robot:pa55w0rd-secret').toString('base64')}`]);
    expect(MailUpError.is(error, 'transient')).toBe(true);
    expect((error as MailUpError).message, String((error as MailUpError).message)).toMatch(/407/);
    const printed = `${inspect(error, { depth: Number.POSITIVE_INFINITY })} ${JSON.stringify(error)}`;
    expect(printed).not.toContain('pa55w0rd');
    expect(printed).not.toContain(Buffer.from('robot:pa55w0rd-secret').toString('base64'));
    // and a bad proxy URL is a validation error that does not echo the password
    let bad: unknown;
    try {
      new HttpTransport({ protocol: 'rest', proxy: 'socks5://robot:pa55w0rd-secret@h:1' });
    } catch (e) {
      bad = e;
    }
    expect(MailUpError.is(bad, 'validation')).toBe(true);
    expect(inspect(bad, { depth: Number.POSITIVE_INFINITY })).not.toContain('pa55w0rd');
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
