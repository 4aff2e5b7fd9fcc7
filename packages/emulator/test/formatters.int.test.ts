import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AfterFilter,
  type EmulatorModule,
  type EmulatorProblem,
  type RunningEmulator,
  restFormatter,
  startEmulator,
} from '../src/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
const THROTTLED: EmulatorProblem = { kind: 'throttled', limit: 5, periodMs: 1000, actual: 6, expiresInMs: 40 };

/** One route per protocol whose handler reports the same problem: only the formatter differs. */
const sameProblem: EmulatorModule = {
  name: 'test-same-problem',
  install(ctx) {
    ctx.route('GET', '/EmuTest/Problem/{kind}/rest', { protocol: 'rest' }, (req) => ({
      problem: pick(req.params.kind),
    }));
    ctx.route('GET', '/EmuTest/Problem/{kind}/soap', { protocol: 'soap' }, (req) => ({
      problem: pick(req.params.kind),
    }));
    ctx.route('GET', '/EmuTest/Problem/{kind}/frontend', { protocol: 'frontend' }, (req) => ({
      problem: pick(req.params.kind),
    }));
    ctx.route('GET', '/EmuTest/Problem/{kind}/txsms', { protocol: 'txsms' }, (req) => ({
      problem: pick(req.params.kind),
    }));
  },
};

function pick(kind: string | undefined): EmulatorProblem {
  return kind === 'forbidden' ? { kind: 'forbidden', description: 'IP not registered' } : THROTTLED;
}

/** A JSONP-like after-filter: wraps JSON answers of REST routes in `fn(…)` when `?wrap=fn`. */
const wrapFilter: AfterFilter = {
  name: 'test-wrap',
  run(req, response) {
    const fn = req.query.get('wrap');
    if (!fn || req.resolved?.protocol !== 'rest') return response;
    return {
      status: 200,
      headers: { 'content-type': 'application/javascript; charset=utf-8' },
      body: `${fn}(${String(response.body)});`,
    };
  },
};

describe('answer formatters per protocol', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('word one problem each protocol’s way: REST JSON 429, SOAP fault, frontend digits, SMS JSON', async () => {
    emulator = await startEmulator({ modules: [sameProblem] });
    const get = (path: string) => fetch(`${emulator.urls.http}${path}`);
    const rest = await get('/EmuTest/Problem/throttled/rest');
    expect(rest.status).toBe(429);
    expect(await rest.json()).toMatchObject({
      ErrorCode: '429',
      ErrorDescription: expect.stringMatching(/Max: 5 calls\/second, actual: 6/),
    });
    const soap = await get('/EmuTest/Problem/throttled/soap');
    expect(soap.status).toBe(500);
    expect(await soap.text()).toMatch(
      /<faultcode>soap:Server<\/faultcode><faultstring>Too many requests.*expires in: 40 ms/,
    );
    const frontend = await get('/EmuTest/Problem/forbidden/frontend');
    expect([frontend.status, await frontend.text()]).toEqual([200, '-1011']);
    const sms = await get('/EmuTest/Problem/throttled/txsms');
    expect(sms.status).toBe(429);
    expect(await sms.json()).toMatchObject({ Code: '429', State: 'ERROR', Data: null });
  });

  it('REST picks XML by Accept (the REST module fills the hook with WCF XML), for values and errors alike', async () => {
    emulator = await startEmulator();
    const token = await passwordToken(emulator);
    const asXml = await fetch(`${emulator.urls.http}${LISTS}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/xml' },
    });
    expect(asXml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await asXml.text()).toMatch(/<CollectionOfConsoleUserListItem xmlns="http:\/\/MailupSoa\.Ws\.Schema\.API">/);
    const asJson = await fetch(`${emulator.urls.http}${LISTS}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json, application/xml' },
    });
    expect(asJson.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const refused = await fetch(`${emulator.urls.http}${LISTS}`, { headers: { accept: 'text/xml' } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/<ErrorCode>401<\/ErrorCode>/);
  });

  it('a protocol’s formatter is replaced once; a second module’s is refused', async () => {
    // The built-in REST module already replaced the REST formatter (its XML encoder): one more is refused.
    const one: EmulatorModule = { name: 'one', install: (ctx) => ctx.formatter(restFormatter()) };
    await expect(startEmulator({ modules: [one] })).rejects.toThrow(/formatter already registered for protocol: rest/);
    emulator = await startEmulator();
  });
});

describe('after-filters', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('run on handler and gate answers of protocol routes, never on the control API or injected faults', async () => {
    const module: EmulatorModule = { name: 'test-wrap', install: (ctx) => ctx.afterFilter(wrapFilter) };
    emulator = await startEmulator({ modules: [module] });
    const token = await passwordToken(emulator);
    const base = emulator.urls.http;
    const wrapped = await fetch(`${base}${LISTS}?wrap=cb`, { headers: { authorization: `Bearer ${token}` } });
    expect(wrapped.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(await wrapped.text()).toMatch(/^cb\(\{"IsPaginated":false,.*\}\);$/);
    const gateAnswer = await fetch(`${base}${LISTS}?wrap=cb`);
    expect(await gateAnswer.text()).toMatch(/^cb\(\{"ErrorCode":"401",/);
    expect(await (await fetch(`${base}/__emulator/health?wrap=cb`)).text()).toMatch(/^\{"ok":true/);
    emulator.control.addFault({ path: LISTS, action: { type: 'status', status: 503, body: 'busy' } });
    expect(await (await fetch(`${base}${LISTS}?wrap=cb`)).text()).toBe('busy');
  });

  it('a duplicate filter name is refused', async () => {
    const twice: EmulatorModule = {
      name: 'twice',
      install(ctx) {
        ctx.afterFilter(wrapFilter);
        ctx.afterFilter(wrapFilter);
      },
    };
    await expect(startEmulator({ modules: [twice] })).rejects.toThrow(/after-filter already registered: test-wrap/);
    emulator = await startEmulator();
  });
});
