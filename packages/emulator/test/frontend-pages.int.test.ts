import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

let emulator: RunningEmulator;
let guid1: string;
let guid2: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const data = emulator.store.account(emulator.store.seeded.id);
  guid1 = data.list(1).guid;
  guid2 = data.list(2).guid;
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.control.reset();
  const fe = emulator.store.account(emulator.store.seeded.id).service('FrontEnd');
  fe.enabled = true;
  fe.checkIp = false;
  fe.allowedIps.clear();
});

type Method = 'GET' | 'POST';
let n = 0;
const fresh = () => `person${++n}.${Date.now()}@example.com`;

/** Calls a page the way a plain HTTP client does: a query string for GET, a urlencoded form for POST. */
async function call(method: Method, page: string, params: Record<string, string>) {
  const qs = new URLSearchParams(params).toString();
  const url = `${emulator.urls.http}/frontend/${page}`;
  const res =
    method === 'GET'
      ? await fetch(`${url}?${qs}`)
      : await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: qs,
        });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const data = () => emulator.store.account(emulator.store.seeded.id);
function statusOf(email: string, list = 1) {
  const r = data().findRecipient({ email });
  return r ? data().subscription(list, r.id)?.status : undefined;
}

describe.each<Method>(['GET', 'POST'])('frontend pages by %s', (method) => {
  it('xmlSubscribe.aspx answers 0 and leaves the recipient pending (confirmed opt-in by default)', async () => {
    const email = fresh();
    const res = await call(method, 'xmlSubscribe.aspx', { email, list: '1', retcode: '1' });
    expect(res).toMatchObject({ status: 200, body: '0' });
    expect(statusOf(email)).toBe('pending');
  });

  it('xmlSubscribe.aspx with Confirm=0 subscribes at once, with fields, groups and several lists', async () => {
    const email = fresh();
    const group = [...data().groups.values()].find((g) => g.listId === 2)?.id ?? 0;
    const res = await call(method, 'xmlSubscribe.aspx', {
      Email: email,
      List: '1,2',
      Group: String(group),
      Confirm: 'false',
      csvFldNames: 'campo1;campo2',
      csvFldValues: 'Ada;Lovelace',
      retCode: '1',
    });
    expect(res.body).toBe('0');
    expect([statusOf(email, 1), statusOf(email, 2)]).toEqual(['subscribed', 'subscribed']);
    const r = data().findRecipient({ email });
    expect(Object.fromEntries(r?.fields ?? [])).toMatchObject({ 1: 'Ada', 2: 'Lovelace' });
    expect(data().groupsOf(r?.id ?? 0)).toContain(group);
  });

  it('xmlSubscribe.aspx: 3 already subscribed, 2 invalid address, 1 generic error (unknown list, bad fields)', async () => {
    const email = fresh();
    await call(method, 'xmlSubscribe.aspx', { Email: email, List: '1', Confirm: '0', retCode: '1' });
    expect((await call(method, 'xmlSubscribe.aspx', { Email: email, List: '1', retCode: '1' })).body).toBe('3');
    expect((await call(method, 'xmlSubscribe.aspx', { Email: 'not-an-address', List: '1', retCode: '1' })).body).toBe(
      '2',
    );
    expect((await call(method, 'xmlSubscribe.aspx', { Sms: 'abc', List: '1', retCode: '1' })).body).toBe('2');
    expect((await call(method, 'xmlSubscribe.aspx', { Email: fresh(), List: '99', retCode: '1' })).body).toBe('1');
    expect((await call(method, 'xmlSubscribe.aspx', { Email: fresh(), List: 'x', retCode: '1' })).body).toBe('1');
    const bad = { Email: fresh(), List: '1', csvFldNames: 'campo1', csvFldValues: 'a;b', retCode: '1' };
    expect((await call(method, 'xmlSubscribe.aspx', bad)).body).toBe('1');
  });

  it('xmlSubscribe.aspx with an Sms number subscribes the mobile channel', async () => {
    const res = await call(method, 'xmlSubscribe.aspx', {
      Sms: `+39333${n++}${Date.now() % 100000}`,
      List: '1',
      Confirm: '0',
      retCode: '1',
    });
    expect(res.body).toBe('0');
  });

  it('xmlSubscribe.aspx without retCode=1 answers a text page (retCode 0 is the default)', async () => {
    const res = await call(method, 'xmlSubscribe.aspx', { Email: fresh(), List: '1' });
    expect(res.type).toMatch(/text\/html/);
    expect(res.body).toMatch(/Subscription received: confirm it/);
    const dup = await call(method, 'xmlSubscribe.aspx', { Email: 'bad', List: '1', retCode: '0' });
    expect(dup.body).toMatch(/invalid email address or mobile number/);
  });

  it('Xmlchksubscriber.aspx: 2 subscribed, 3 unsubscribed, 4 pending, 1 not subscribed or GUID of another list', async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await call(method, 'xmlSubscribe.aspx', { Email: a, List: '1', Confirm: '0', retCode: '1' });
    await call(method, 'xmlSubscribe.aspx', { Email: b, List: '1', Confirm: '0', retCode: '1' });
    await call(method, 'Xmlunsubscribe.aspx', { Email: b, List: '1', ListGuid: guid1 });
    await call(method, 'xmlSubscribe.aspx', { Email: c, List: '1', retCode: '1' });
    const chk = async (email: string, guid = guid1) =>
      (await call(method, 'Xmlchksubscriber.aspx', { email, list: '1', listguid: guid })).body;
    expect(await chk(a)).toBe('2');
    expect(await chk(b)).toBe('3');
    expect(await chk(c)).toBe('4');
    expect(await chk(fresh())).toBe('1');
    expect(await chk(a, guid2)).toBe('1');
    expect(await chk(a, 'not-a-guid')).toBe('1');
  });

  it('Xmlunsubscribe.aspx: 0 unsubscribed, 3 unknown or already unsubscribed, 1 generic error', async () => {
    const email = fresh();
    await call(method, 'xmlSubscribe.aspx', { Email: email, List: '1', Confirm: '0', retCode: '1' });
    const unsub = async (params: Record<string, string>) => (await call(method, 'Xmlunsubscribe.aspx', params)).body;
    expect(await unsub({ Email: email, List: '1', ListGuid: guid1 })).toBe('0');
    expect(statusOf(email)).toBe('unsubscribed');
    expect(await unsub({ Email: email, List: '1', ListGuid: guid1 })).toBe('3');
    expect(await unsub({ Email: fresh(), List: '1', ListGuid: guid1 })).toBe('3');
    expect(await unsub({ Email: email, List: 'one', ListGuid: guid1 })).toBe('1');
  });

  it('xmlUpdSubscriber.aspx: 0 updated (fields, Replace groups), 1 for every documented error cause', async () => {
    const email = fresh();
    await call(method, 'xmlSubscribe.aspx', { Email: email, List: '1', Confirm: '0', retCode: '1' });
    const group = [...data().groups.values()].find((g) => g.listId === 1)?.id ?? 0;
    const upd = async (params: Record<string, string>) =>
      (await call(method, 'xmlUpdSubscriber.aspx', { Email: email, List: '1', ListGuid: guid1, ...params })).body;
    expect(await upd({ csvFldNames: 'campo3', csvFldValues: 'ACME', Group: String(group), Replace: 'true' })).toBe('0');
    const r = data().findRecipient({ email });
    expect(r?.fields.get(3)).toBe('ACME');
    expect(data().groupsOf(r?.id ?? 0)).toEqual([group]);
    expect(await upd({ Replace: '1' })).toBe('0');
    expect(data().groupsOf(r?.id ?? 0)).toEqual([]);
    expect(await upd({ List: 'x' })).toBe('1');
    expect(await upd({ ListGuid: '1234' })).toBe('1');
    expect(await upd({ Email: fresh() })).toBe('1');
    expect(await upd({ csvFldNames: 'campo1;campo2', csvFldValues: 'a;b;c' })).toBe('1');
    expect(await upd({ csvFldNames: 'campo1', csvFldValues: 'x--y' })).toBe('1');
    expect(await upd({ csvFldNames: 'name', csvFldValues: 'x' })).toBe('1');
  });

  it('every xml page answers -1011 when the IP is not registered or FrontEnd is off, and changes nothing', async () => {
    const fe = data().service('FrontEnd');
    fe.checkIp = true;
    const email = fresh();
    for (const page of ['xmlSubscribe.aspx', 'Xmlchksubscriber.aspx', 'Xmlunsubscribe.aspx', 'xmlUpdSubscriber.aspx']) {
      const res = await call(method, page, { Email: email, List: '1', ListGuid: guid1, retCode: '1' });
      expect(res, page).toMatchObject({ status: 200, body: '-1011' });
    }
    expect(data().findRecipient({ email })).toBeUndefined();
    await emulator.control.action('frontend.service', { allowIps: ['127.0.0.1'] });
    expect((await call(method, 'xmlSubscribe.aspx', { Email: email, List: '1', retCode: '1' })).body).toBe('0');
    await emulator.control.action('frontend.service', { enabled: false });
    expect((await call(method, 'xmlSubscribe.aspx', { Email: fresh(), List: '1', retCode: '1' })).body).toBe('-1011');
  });
});

describe('subscribe.aspx and the confirmation link', () => {
  it('redirects to the result page; the recipient is pending until the confirmation link is opened', async () => {
    const email = fresh();
    const form = new URLSearchParams([
      ['email', email],
      ['list', '1'],
      ['list', '2'],
      ['campo1', 'Grace'],
    ]);
    const res = await fetch(`${emulator.urls.http}/frontend/subscribe.aspx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/frontend/SubscribeResult.aspx?result=pending');
    expect([statusOf(email, 1), statusOf(email, 2)]).toEqual(['pending', 'pending']);
    const result = await fetch(new URL(res.headers.get('location') ?? '', emulator.urls.http));
    expect(await result.text()).toMatch(/please confirm your subscription/);
    const { confirmations } = (await emulator.control.action('frontend.confirmations', { email })) as {
      confirmations: Array<{ url: string; listIds: number[] }>;
    };
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.listIds).toEqual([1, 2]);
    const confirm = await fetch(confirmations[0]?.url ?? '');
    expect(confirm.status).toBe(200);
    expect([statusOf(email, 1), statusOf(email, 2)]).toEqual(['subscribed', 'subscribed']);
    expect(data().findRecipient({ email })?.fields.get(1)).toBe('Grace');
  });

  it('is never IP-checked (it cannot be disabled) and an unknown confirmation token is a 404', async () => {
    await emulator.control.action('frontend.service', { checkIp: true, enabled: false });
    const res = await fetch(`${emulator.urls.http}/frontend/subscribe.aspx?email=${fresh()}&list=1&confirm=0`, {
      redirect: 'manual',
    });
    expect(res.headers.get('location')).toMatch(/result=subscribed$/);
    const bad = await fetch(`${emulator.urls.http}/frontend/ConfirmSubscription.aspx?token=nope`);
    expect(bad.status).toBe(404);
  });

  it('counts each page per operation for the counters the clients prove "nothing sent" with', async () => {
    await call('GET', 'XMLSUBSCRIBE.ASPX', { EMAIL: fresh(), LIST: '1', RETCODE: '1' });
    await call('POST', 'xmlchksubscriber.aspx', { Email: fresh(), List: '1', ListGuid: guid1 });
    expect(emulator.control.counters()).toMatchObject({
      'frontend xmlSubscribe.aspx': 1,
      'frontend Xmlchksubscriber.aspx': 1,
    });
  });
});
