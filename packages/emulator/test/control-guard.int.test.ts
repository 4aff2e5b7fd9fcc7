import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';
import { ITEMS_PATH, itemsModule } from './support/items-module.js';
import { rawRequest } from './support/raw-http.js';

describe('control API guard', () => {
  let emulator: RunningEmulator;
  let base: string;
  let port: string;
  beforeEach(async () => {
    emulator = await startEmulator({ modules: [itemsModule()] });
    base = emulator.urls.http;
    port = new URL(base).port;
  });
  afterEach(() => emulator.close());

  const advance = (headers: Record<string, string>) =>
    rawRequest(base, {
      method: 'POST',
      path: '/__emulator/control/clock.advance',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ ms: 60_000 }),
    });

  it('refuses a foreign Host (DNS rebinding) with 403 and a JSON reason; the clock does not move', async () => {
    const answer = await advance({ host: `attacker.example:${port}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/Host/), reason: 'foreign-host' });
    expect(emulator.clock.offsetMs).toBe(0);
    expect((await rawRequest(base, { path: '/__emulator/health', headers: { host: 'evil' } })).status).toBe(403);
  });

  it('refuses a cross-origin browser request (Origin of another site or another local port)', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${Number(port) + 1}`, 'null']) {
      const answer = await advance({ host: `127.0.0.1:${port}`, origin });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body).reason).toBe('cross-origin');
    }
    const fetchSite = await advance({ host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    expect(emulator.clock.offsetMs).toBe(0);
  });

  it('answers its own loopback names, with or without its own Origin', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await advance({ host })).status).toBe(200);
    }
    const sameOrigin = await advance({
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(sameOrigin.status).toBe(200);
    expect(emulator.clock.offsetMs).toBe(5 * 60_000);
  });

  it('leaves protocol paths alone: MailUp clients may use any Host', async () => {
    const answer = await rawRequest(base, { path: ITEMS_PATH, headers: { host: 'services.mailup.com' } });
    expect(answer.status).toBe(200);
  });

  it.each([
    [{ path: 42, action: { type: 'status', status: 503 } }, /"path" must be a string starting with "\/"/],
    [{ path: 'API', action: { type: 'status', status: 503 } }, /"path" must be a string starting with "\/"/],
    [{ method: 7, action: { type: 'reset-before' } }, /"method" must be/],
    [{ action: { type: 'explode' } }, /"action.type" must be one of/],
    [{}, /"action" must be an object/],
    [{ action: { type: 'status', status: 99 } }, /"action.status" must be an integer from 100 to 599/],
    [{ action: { type: 'status', status: 503, body: 5 } }, /"action.body" must be a string/],
    [{ action: { type: 'status', status: 503, headers: { 'bad header': 'x' } } }, /"action.headers"/],
    [{ action: { type: 'status', status: 503, headers: { a: 'x\r\ny: z' } } }, /"action.headers"/],
    [{ action: { type: 'delay', ms: -1 } }, /"action.ms" must be/],
    [{ action: { type: 'reset-after' }, times: 1.5 }, /times must be a positive integer/],
    [{ action: { type: 'reset-after' }, paht: '/x' }, /unknown field "paht"/],
  ])('a bad fault rule %j is refused with 400, nothing stored, requests still answered', async (rule, message) => {
    const refused = await callControl(base, 'faults.add', rule);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(message);
    expect((await fetch(`${base}${ITEMS_PATH}`)).status).toBe(200);
    expect(() => emulator.control.addFault(rule as never)).toThrow(message);
    expect((await fetch(`${base}${ITEMS_PATH}`)).status).toBe(200);
  });
});

describe('binding beyond loopback', () => {
  it('refuses a non-loopback host without allowRemote, naming the option', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/allowRemote.*--allow-remote/);
  });

  it('with allowRemote, answers control calls addressed to the bound host and still refuses foreign ones', async () => {
    const emulator = await startEmulator({ host: '0.0.0.0', allowRemote: true });
    try {
      const port = new URL(emulator.urls.http).port;
      const bound = await rawRequest(emulator.urls.http, {
        path: '/__emulator/health',
        headers: { host: `0.0.0.0:${port}` },
      });
      expect(bound.status).toBe(200);
      const foreign = await rawRequest(emulator.urls.http, {
        path: '/__emulator/health',
        headers: { host: `rebind.example:${port}` },
      });
      expect(foreign.status).toBe(403);
    } finally {
      await emulator.close();
    }
  });
});

describe('control API guard: every spelling the router accepts (issue 16 item 1)', () => {
  let emulator: RunningEmulator;
  let base: string;
  let port: string;
  beforeEach(async () => {
    emulator = await startEmulator();
    base = emulator.urls.http;
    port = new URL(base).port;
  });
  afterEach(() => emulator.close());

  const hostile = () => ({
    host: `attacker.example:${port}`,
    origin: 'https://attacker.example',
    'sec-fetch-site': 'cross-site',
  });

  // Spellings of `/__emulator/…` that a router might read as the control prefix: doubled and trailing slashes,
  // percent-encoded slashes and letters, case, dot segments, trailing dots, the absolute request form.
  const spellings = (rest: string) => [
    `/__emulator/${rest}`,
    `//__emulator/${rest}`,
    `///__emulator/${rest}`,
    `//__emulator//${rest.replace('/', '//')}`,
    `/__emulator/${rest}/`,
    `/%2F__emulator/${rest}`,
    `/%2f__emulator%2F${rest}`,
    `/%5F%5Femulator/${rest}`,
    `//%5f%5FEMULATOR/${rest}`,
    `/__EMULATOR/${rest.toUpperCase()}`,
    `/./__emulator/${rest}`,
    `/__emulator/./${rest}`,
    `/x/../__emulator/${rest}`,
    `/__emulator./${rest}`,
    `/__emulator/${rest}.`,
    `http://attacker.example//__emulator/${rest}`,
  ];

  it('POST clock.advance under any spelling: 403 to a foreign Host/Origin, and the clock never moves', async () => {
    for (const path of spellings('control/clock.advance')) {
      const answer = await rawRequest(base, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...hostile() },
        body: JSON.stringify({ ms: 60_000 }),
      });
      expect({ path, status: answer.status === 200 }).toEqual({ path, status: false });
      expect({ path, offset: emulator.clock.offsetMs }).toEqual({ path, offset: 0 });
    }
  });

  it('faults.add under any spelling arms nothing for a foreign caller', async () => {
    for (const path of spellings('control/faults.add')) {
      const answer = await rawRequest(base, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...hostile() },
        body: JSON.stringify({ path: '/__never', action: { type: 'status', status: 503 } }),
      });
      expect({ path, status: answer.status === 200 }).toEqual({ path, status: false });
    }
    expect((await fetch(`${base}/__never`)).status).toBe(404);
  });

  it.each([
    ['inbox', 'inbox'],
    ['the SMTP CA', 'smtp/ca.pem'],
    ['health', 'health'],
  ])('GET %s: a spelling that reaches the route for its own host answers 403 to a foreign one', async (_n, rest) => {
    let reached = 0;
    for (const path of spellings(rest)) {
      const own = await rawRequest(base, { path, headers: { host: `127.0.0.1:${port}` } });
      const foreign = await rawRequest(base, { path, headers: hostile() });
      if (own.status === 200) {
        reached++;
        expect({ path, status: foreign.status, reason: JSON.parse(foreign.body).reason }).toEqual({
          path,
          status: 403,
          reason: 'foreign-host',
        });
      } else {
        expect({ path, status: foreign.status === 200 }).toEqual({ path, status: false });
      }
    }
    // The doubled-slash, encoded and upper-case spellings do reach the route (the router ignores empty segments
    // and case): the loop above checked real bypass candidates, not only 404s.
    expect(reached).toBeGreaterThanOrEqual(8);
  });
});
