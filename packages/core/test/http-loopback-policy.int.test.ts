import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import { HttpTransport } from '../src/node/http-transport.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A lookup that answers every name with `addresses` (both the single and the `all: true` forms). */
function lookupTo(addresses: string[], seen: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    seen.push(hostname);
    const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof all) => void)(null, all);
    else (callback as (e: null, a: string, f: number) => void)(null, all[0]?.address ?? '', all[0]?.family ?? 4);
  };
}

async function server(): Promise<{ port: number; requests: () => number }> {
  let requests = 0;
  const s = http.createServer((_req, res) => {
    requests++;
    res.end('local');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    s.closeAllConnections();
    s.close();
  });
  return { port: (s.address() as AddressInfo).port, requests: () => requests };
}

describe('plain http to *.localhost counts as loopback only when the name resolves to loopback', () => {
  it('foo.localhost that the lookup resolves to 10.0.0.1 ⇒ validation, nothing sent', async () => {
    const t = new HttpTransport({ protocol: 'rest', lookup: lookupTo(['10.0.0.1']) });
    cleanups.push(() => t.close());
    const error = await t.send({ method: 'POST', url: 'http://foo.localhost:8080/x', body: 'x' }).catch((e) => e);
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect((error as MailUpError).message).toMatch(/foo\.localhost.*10\.0\.0\.1/);
  });

  it('a name with one loopback and one non-loopback address ⇒ validation', async () => {
    const t = new HttpTransport({ protocol: 'rest', lookup: lookupTo(['127.0.0.1', '192.168.1.9']) });
    cleanups.push(() => t.close());
    await expect(t.send({ method: 'GET', url: 'http://app.localhost/' })).rejects.toMatchObject({
      kind: 'validation',
    });
  });

  it('foo.localhost resolving to 127.0.0.1 is reached over plain http, at the address that was checked', async () => {
    const { port, requests } = await server();
    const seen: string[] = [];
    const t = new HttpTransport({ protocol: 'rest', lookup: lookupTo(['127.0.0.1'], seen) });
    cleanups.push(() => t.close());
    const res = await t.send({ method: 'GET', url: `http://foo.localhost:${port}/` });
    expect(res.body).toBe('local');
    expect(requests()).toBe(1);
    expect(seen).toEqual(['foo.localhost']); // resolved once, for the check; the connection uses that answer
  });

  it('allowInsecureHttp still reaches a *.localhost name that resolves elsewhere (the opt-in covers any host)', async () => {
    const { port } = await server();
    const t = new HttpTransport({ protocol: 'rest', allowInsecureHttp: true, lookup: lookupTo(['127.0.0.1']) });
    cleanups.push(() => t.close());
    expect((await t.send({ method: 'GET', url: `http://other.localhost:${port}/` })).body).toBe('local');
  });
});
