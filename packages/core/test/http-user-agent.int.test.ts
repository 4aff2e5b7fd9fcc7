import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/node/http-transport.js';
import { CORE_VERSION } from '../src/version.js';

describe('HttpTransport user-agent', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(JSON.stringify(req.rawHeaders)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  async function userAgents(t: HttpTransport, headers?: Record<string, string>): Promise<string[]> {
    const raw = JSON.parse(String((await t.send({ method: 'GET', url: base, headers })).body)) as string[];
    t.close();
    return raw.filter((_v, i) => i % 2 === 1 && raw[i - 1]?.toLowerCase() === 'user-agent');
  }

  it('every request carries mailup-kit/<core version> node/<node version> by default', async () => {
    expect(await userAgents(new HttpTransport({ protocol: 'rest' }))).toEqual([
      `mailup-kit/${CORE_VERSION} node/${process.versions.node}`,
    ]);
  });

  it('the userAgent option overrides it, and a per-request header (any case) wins over both', async () => {
    expect(await userAgents(new HttpTransport({ protocol: 'rest', userAgent: 'my-app/2' }))).toEqual(['my-app/2']);
    expect(
      await userAgents(new HttpTransport({ protocol: 'rest', userAgent: 'my-app/2' }), { 'User-Agent': 'one-call/1' }),
    ).toEqual(['one-call/1']);
    expect(
      await userAgents(new HttpTransport({ protocol: 'rest', headers: { 'USER-AGENT': 'from-headers/3' } })),
    ).toEqual(['from-headers/3']);
  });

  it('a userAgent with a control character is a validation error', () => {
    expect(() => new HttpTransport({ protocol: 'rest', userAgent: 'a\nb' })).toThrow(
      expect.objectContaining({ kind: 'validation' }),
    );
  });
});
