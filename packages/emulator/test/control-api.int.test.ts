import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorModule, type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';
import { ITEMS_PATH, itemsModule } from './support/items-module.js';

describe('control API over HTTP', () => {
  let emulator: RunningEmulator;
  let base: string;
  beforeEach(async () => {
    emulator = await startEmulator({ modules: [itemsModule()] });
    base = emulator.urls.http;
  });
  afterEach(() => emulator.close());

  it('health answers ok with the emulator time and the seeded account', async () => {
    const response = await fetch(`${base}/__EMULATOR/Health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { ok: boolean; now: number; accountId: number };
    expect(health).toEqual({ ok: true, now: expect.any(Number), accountId: emulator.store.seeded.id });
  });

  it('a running emulator is urls, store, clock, control and close: no `state` alias of the store', () => {
    expect(Object.keys(emulator).sort()).toEqual(['clock', 'close', 'control', 'store', 'urls']);
    // @ts-expect-error the old `state` view is gone: `store.seeded`, `store.accounts`, `control.counters()`
    expect(emulator.state).toBeUndefined();
  });

  it('clock.advance moves emulator time forward; health and clock.get see it', async () => {
    const advanced = await callControl(base, 'clock.advance', { ms: 86_400_000 });
    expect(advanced.status).toBe(200);
    expect(advanced.json.offsetMs).toBe(86_400_000);
    expect(emulator.clock.offsetMs).toBe(86_400_000);
    const health = (await (await fetch(`${base}/__emulator/health`)).json()) as { now: number };
    expect(health.now).toBeGreaterThanOrEqual(Date.now() + 86_400_000 - 1_000);
    expect((await callControl(base, 'clock.get')).json.offsetMs).toBe(86_400_000);
  });

  it.each([{ ms: -5 }, { ms: 'soon' }, {}])('clock.advance refuses %j with 400 and leaves time alone', async (body) => {
    const refused = await callControl(base, 'clock.advance', body);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/"ms" must be a non-negative number/);
    expect(emulator.clock.offsetMs).toBe(0);
  });

  it('latency.set delays protocol answers but never the control API', async () => {
    expect(await callControl(base, 'latency.set', { ms: 150 })).toEqual({ status: 200, json: { ms: 150 } });
    const started = performance.now();
    expect((await fetch(`${base}${ITEMS_PATH}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const controlStarted = performance.now();
    await callControl(base, 'latency.set', { ms: 0 });
    expect(performance.now() - controlStarted).toBeLessThan(140);
  });

  it('counters count protocol requests per "protocol operation", not control calls, and reset', async () => {
    await fetch(`${base}${ITEMS_PATH}`, { method: 'POST', body: 'a' });
    await fetch(`${base}${ITEMS_PATH}`, { method: 'POST', body: 'b' });
    await fetch(`${base}${ITEMS_PATH}`);
    await fetch(`${base}/no/such/route`);
    const counters = await callControl(base, 'counters.get');
    expect(counters.json).toEqual({ 'client AddItem': 2, 'client ListItems': 1 });
    expect((await callControl(base, 'counters.reset')).status).toBe(200);
    expect((await callControl(base, 'counters.get')).json).toEqual({});
  });

  it('an unknown action is 404 and names the action', async () => {
    const unknown = await callControl(base, 'no.such.action', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('unknown control action: no.such.action');
  });

  it('a body that is not JSON is 400 and runs nothing', async () => {
    const bad = await callControl(base, 'clock.advance', '{"ms": 1000');
    expect(bad).toEqual({ status: 400, json: { error: 'control body must be JSON' } });
    expect(emulator.clock.offsetMs).toBe(0);
  });

  it('an empty body runs the action with no arguments', async () => {
    const response = await fetch(`${base}/__emulator/control/clock.get`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('control actions answer POST only (405 for GET)', async () => {
    expect((await fetch(`${base}/__emulator/control/clock.get`)).status).toBe(405);
  });

  it('module actions are reachable over HTTP and in-process, and a duplicate action name is refused', async () => {
    const calls: unknown[] = [];
    const module: EmulatorModule = {
      name: 'echo',
      install(ctx) {
        ctx.action('echo.args', (args) => {
          calls.push(args);
          return { echoed: args };
        });
        expect(() => ctx.action('echo.args', () => undefined)).toThrow(/already registered/);
        expect(() => ctx.action('clock.advance', () => undefined)).toThrow(/already registered/);
      },
    };
    const withEcho = await startEmulator({ modules: [module] });
    try {
      expect(await callControl(withEcho.urls.http, 'echo.args', { n: 1 })).toEqual({
        status: 200,
        json: { echoed: { n: 1 } },
      });
      expect(await withEcho.control.action('echo.args', { n: 2 })).toEqual({ echoed: { n: 2 } });
      expect(withEcho.control.actions()).toContain('echo.args');
      expect(calls).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await withEcho.close();
    }
  });
});
