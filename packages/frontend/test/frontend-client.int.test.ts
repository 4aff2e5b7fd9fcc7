import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FrontendClient, type FrontendMethod } from '../src/index.js';

let emulator: RunningEmulator;
let guid: string;
let otherGuid: string;
let n = 0;
const fresh = () => `client${++n}.${Date.now()}@example.com`;

beforeAll(async () => {
  emulator = await startEmulator();
  guid = emulator.store.account(emulator.store.seeded.id).list(1).guid;
  otherGuid = emulator.store.account(emulator.store.seeded.id).list(2).guid;
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.control.reset();
  const fe = emulator.store.account(emulator.store.seeded.id).service('FrontEnd');
  fe.enabled = true;
  fe.checkIp = false;
  fe.allowedIps.clear();
});

async function rejection(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

describe.each<FrontendMethod>(['GET', 'POST'])('FrontendClient by %s against the emulator', (method) => {
  const client = () => new FrontendClient({ consoleUrl: emulator.urls.http, method });

  it('subscribe is pending by default (confirmed opt-in), subscribed with confirm: false, then already-subscribed', async () => {
    const frontend = client();
    const [a, b] = [fresh(), fresh()];
    expect(await frontend.subscribe({ email: a, lists: [1] })).toEqual({ outcome: 'pending', code: 0 });
    expect((await frontend.checkSubscriber({ email: a, list: 1, listGuid: guid })).outcome).toBe('pending');
    const now = await frontend.subscribe({
      email: b,
      lists: [1, 2],
      confirm: false,
      fields: { campo1: 'Ada', 2: 'L' },
    });
    expect(now.outcome).toBe('subscribed');
    expect(await frontend.subscribe({ email: b, lists: [1] })).toEqual({ outcome: 'already-subscribed', code: 3 });
    expect((await frontend.checkSubscriber({ email: b, list: 2, listGuid: otherGuid })).outcome).toBe('subscribed');
    frontend.close();
  });

  it('the retCode=0 text answer maps to the same outcomes', async () => {
    const frontend = client();
    const email = fresh();
    expect((await frontend.subscribe({ email, lists: 1, confirm: false, textAnswer: true })).outcome).toBe(
      'subscribed',
    );
    expect((await frontend.subscribe({ email, lists: 1, textAnswer: true })).outcome).toBe('already-subscribed');
    frontend.close();
  });

  it('unsubscribe: unsubscribed, then not-subscribed; checkSubscriber says unsubscribed / not-subscribed', async () => {
    const frontend = client();
    const email = fresh();
    await frontend.subscribe({ email, lists: [1], confirm: false });
    expect((await frontend.unsubscribe({ email, list: 1, listGuid: guid })).outcome).toBe('unsubscribed');
    expect((await frontend.unsubscribe({ email, list: 1, listGuid: guid })).outcome).toBe('not-subscribed');
    expect((await frontend.checkSubscriber({ email, list: 1, listGuid: guid })).outcome).toBe('unsubscribed');
    expect((await frontend.checkSubscriber({ email: fresh(), list: 1, listGuid: guid })).outcome).toBe(
      'not-subscribed',
    );
    frontend.close();
  });

  it('updateSubscriber updates fields and replaces groups; a recipient not in the list is a permanent error (1)', async () => {
    const frontend = client();
    const email = fresh();
    await frontend.subscribe({ email, sms: '+393331234567', lists: [1], confirm: false });
    const data = emulator.store.account(emulator.store.seeded.id);
    const group = [...data.groups.values()].find((g) => g.listId === 1)?.id ?? 0;
    const res = await frontend.updateSubscriber({
      email,
      list: 1,
      listGuid: guid,
      fields: { campo3: 'ACME' },
      groups: [group],
      replaceGroups: true,
    });
    expect(res).toEqual({ outcome: 'updated', code: 0 });
    expect(data.findRecipient({ email })?.fields.get(3)).toBe('ACME');
    const error = await rejection(frontend.updateSubscriber({ email: fresh(), list: 1, listGuid: guid }));
    expect(error).toMatchObject({ kind: 'permanent', protocol: 'frontend', vendorCode: 1 });
    frontend.close();
  });

  it('an unknown list is a permanent error (1); -1011 is ip-not-allowed with the WSActivation hint', async () => {
    const frontend = client();
    expect(await rejection(frontend.subscribe({ email: fresh(), lists: [77] }))).toMatchObject({
      kind: 'permanent',
      vendorCode: 1,
    });
    emulator.store.account(emulator.store.seeded.id).service('FrontEnd').checkIp = true;
    for (const call of [
      frontend.subscribe({ email: fresh(), lists: [1] }),
      frontend.checkSubscriber({ email: fresh(), list: 1, listGuid: guid }),
      frontend.unsubscribe({ email: fresh(), list: 1, listGuid: guid }),
      frontend.updateSubscriber({ email: fresh(), list: 1, listGuid: guid }),
    ]) {
      const error = await rejection(call);
      expect(error.kind).toBe('ip-not-allowed');
      expect(error.vendorCode).toBe(-1011);
      expect(error.message).toMatch(/WSActivation\.aspx.*ws_name=FrontEnd/);
    }
    frontend.close();
  });

  it('submitSubscribeForm posts to subscribe.aspx and returns the redirect (pending until confirmed)', async () => {
    const frontend = client();
    const email = fresh();
    const res = await frontend.submitSubscribeForm({ email, lists: [1, 2], fields: { campo1: 'Grace' } });
    expect(res).toMatchObject({
      outcome: 'redirected',
      status: 302,
      location: '/frontend/SubscribeResult.aspx?result=pending',
    });
    expect((await frontend.checkSubscriber({ email, list: 2, listGuid: otherGuid })).outcome).toBe('pending');
    frontend.close();
  });
});

describe('plain http opt-in', () => {
  it('refuses a non-loopback http:// console host without allowInsecureHttp, allows it with the opt-in', () => {
    expect(() => new FrontendClient({ consoleUrl: 'http://abcd.emailsp.net' })).toThrow(/allowInsecureHttp/);
    const client = new FrontendClient({ consoleUrl: 'http://abcd.emailsp.net', allowInsecureHttp: true });
    expect(client.client.operations.size).toBe(5);
    client.close();
  });
});

describe('plain http to a real console host (through a forward proxy standing in for the network)', () => {
  it('with allowInsecureHttp, calls over http:// to a non-loopback host work and the warning is logged once', async () => {
    // A CONNECT proxy that tunnels every request to the emulator, whatever host it names: the client talks to
    // console.mailup.test over plain http exactly as it would to a real console host.
    const target = new URL(emulator.urls.http);
    const tunnels: string[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req, client) => {
      tunnels.push(String(req.url));
      const upstream = net.connect(Number(target.port), target.hostname, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (_fields: unknown, ...rest: unknown[]) => {
        warnings.push(String(rest[0]));
      },
    };
    const frontend = new FrontendClient({
      consoleUrl: 'http://console.mailup.test',
      allowInsecureHttp: true,
      proxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      logger,
    });
    try {
      expect((await frontend.subscribe({ email: fresh(), lists: [1] })).outcome).toBe('pending');
      expect((await frontend.subscribe({ email: fresh(), lists: [1] })).outcome).toBe('pending');
      expect(tunnels.every((t) => t === 'console.mailup.test:80')).toBe(true);
      expect(warnings.filter((w) => /plain http:\/\/ to console\.mailup\.test/.test(w))).toHaveLength(1);
    } finally {
      frontend.close();
      proxy.closeAllConnections?.();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('registering the IP through WSActivation.aspx', () => {
  it('turns the -1011 of a checked FrontEnd into a subscription once ws_name=FrontEnd registered this caller', async () => {
    const frontend = new FrontendClient({ consoleUrl: emulator.urls.http });
    const settings = emulator.store.account(emulator.store.seeded.id).service('FrontEnd');
    settings.checkIp = true;
    const email = fresh();
    expect((await rejection(frontend.subscribe({ email, lists: [1] }))).kind).toBe('ip-not-allowed');
    const a = emulator.store.seeded;
    const activation = new URL('/frontend/WSActivation.aspx', emulator.urls.http);
    activation.search = new URLSearchParams({
      usr: a.apiUser,
      pwd: a.apiPassword,
      nl_url: new URL(emulator.urls.http).host,
      ws_name: 'FrontEnd',
    }).toString();
    const res = await fetch(activation);
    expect(await res.text()).toContain('<ReturnCode>0</ReturnCode>');
    expect((await frontend.subscribe({ email, lists: [1] })).outcome).toBe('pending');
    frontend.close();
  });
});

describe('an answer the client cannot read still names the request (issue 17: the summary is built only for an error)', () => {
  it('a 200 that is neither a code nor a known text, and a 503, carry the method and the page URL', async () => {
    let answer: [number, string] = [200, '<html>maintenance</html>'];
    const server = http.createServer((_req, res) => {
      res.writeHead(answer[0], { 'content-type': 'text/html' }).end(answer[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const frontend = new FrontendClient({ consoleUrl: `http://127.0.0.1:${port}`, method: 'GET' });
    try {
      const input = { email: 'person@example.com', list: 1, listGuid: guid };
      const unreadable = await rejection(frontend.checkSubscriber(input));
      expect(unreadable.kind).toBe('permanent');
      expect(unreadable.message).toMatch(/neither a number nor a known text/);
      expect(unreadable.request?.method).toBe('GET');
      expect(unreadable.request?.url).toContain(`http://127.0.0.1:${port}/frontend/Xmlchksubscriber.aspx?`);
      answer = [503, 'busy'];
      const busy = await rejection(frontend.checkSubscriber(input));
      expect(busy.kind).toBe('transient');
      expect(busy.request?.url).toContain('/frontend/Xmlchksubscriber.aspx?');
    } finally {
      frontend.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
