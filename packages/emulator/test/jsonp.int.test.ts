import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await passwordToken(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

const bearer = () => ({ authorization: `Bearer ${token}` });

describe('JSONP on REST GETs (WCF callback)', () => {
  it('wraps the JSON answer as name(<json>); with application/javascript', async () => {
    const res = await fetch(`${emulator.urls.http}${LISTS}?callback=cb_1`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^cb_1\(\{.*\}\);$/s);
    const json = JSON.parse(text.slice('cb_1('.length, -2)) as { Items: Array<{ idList: number }> };
    expect(json.Items.map((l) => l.idList)).toEqual([1, 2]);
  });

  it('still needs the bearer header; an error is name(<json>,<status>); with HTTP 200', async () => {
    const res = await fetch(`${emulator.urls.http}${LISTS}?CallBack=cb`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^cb\(\{"ErrorCode":"401".*\},401\);$/);
  });

  it('refuses a callback that is not an identifier with a 400 JSON body, unwrapped', async () => {
    for (const name of ['alert(1)//', 'a.b', 'x y', 'a'.repeat(129), '1abc', '']) {
      const res = await fetch(`${emulator.urls.http}${LISTS}?callback=${encodeURIComponent(name)}`, {
        headers: bearer(),
      });
      expect(res.status, name).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.text()).not.toContain(name === '' ? '\u0000' : name);
    }
  });

  it('leaves answers without callback alone', async () => {
    const res = await fetch(`${emulator.urls.http}${LISTS}`, { headers: bearer() });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });
});

describe('legacy MailUpService 1.1 JSONP methods', () => {
  const key = 'legacy-key-for-test';
  beforeEach(() => {
    emulator.store.accessKeys.set(key, {
      accountId: emulator.store.seeded.id,
      issuedAt: emulator.clock.now(),
      expiresAt: emulator.clock.now() + 3_600_000,
    });
  });
  const base = () => `${emulator.urls.http}/1.1/MailUpService.svc/jsonp`;

  it('ListsRead with a SOAP access key as token answers the account lists through the callback', async () => {
    const res = await fetch(`${base()}/ListsRead?token=${key}&callback=show`);
    expect(res.headers.get('content-type')).toMatch(/application\/javascript/);
    const text = await res.text();
    expect(text).toMatch(/^show\(\{"Lists":\[.*\]\}\);$/);
    expect(emulator.control.counters()).toMatchObject({ 'jsonp ListsRead': 1 });
  });

  it('EmailsRead lists the subscribed recipients of a list on the shared store', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const r = data.upsertRecipient({ email: 'legacy@example.com' });
    data.setSubscription(1, r.id, 'subscribed', emulator.clock.now());
    const res = await fetch(`${base()}/EmailsRead?token=${key}&idList=1&callback=show`);
    const text = await res.text();
    expect(text).toContain('"Email":"legacy@example.com"');
  });

  it('an unknown or expired token is a 401 through the callback; a bad callback a 400', async () => {
    expect(await (await fetch(`${base()}/ListsRead?token=nope&callback=f`)).text()).toMatch(/^f\(.*,401\);$/);
    emulator.control.advanceClock(3_600_001);
    expect(await (await fetch(`${base()}/ListsRead?token=${key}&callback=f`)).text()).toMatch(
      /Token expired.*,401\);$/,
    );
    expect((await fetch(`${base()}/ListsRead?token=${key}&callback=f(1)`)).status).toBe(400);
  });
});
