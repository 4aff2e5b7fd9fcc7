import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';
import { ITEMS_PATH, type ItemsTable, itemsModule } from './support/items-module.js';

describe('fault injection over real sockets', () => {
  let emulator: RunningEmulator;
  let base: string;
  let table: () => ItemsTable;
  beforeEach(async () => {
    const module = itemsModule();
    emulator = await startEmulator({ modules: [module] });
    base = emulator.urls.http;
    table = () => module.table();
  });
  afterEach(() => emulator.close());

  const add = (body: string) => fetch(`${base}${ITEMS_PATH}`, { method: 'POST', body });

  it('status: answers the injected status, body and headers instead of running the handler', async () => {
    emulator.control.addFault({
      path: ITEMS_PATH,
      action: { type: 'status', status: 503, body: 'busy', headers: { 'retry-after': '7' } },
    });
    const response = await add('a');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.text()).toBe('busy');
    expect(table().items).toEqual([]);
    expect((await add('b')).status).toBe(201);
    expect(table().items).toEqual(['b']);
  });

  it('reset-before: drops the connection and the change is NOT applied', async () => {
    emulator.control.addFault({ method: 'POST', path: ITEMS_PATH, action: { type: 'reset-before' } });
    await expect(add('lost')).rejects.toThrow();
    expect(table().items).toEqual([]);
    expect(emulator.control.counters()['client AddItem']).toBeUndefined();
  });

  it('reset-after: the change IS applied, then the connection is dropped (a lost response)', async () => {
    emulator.control.addFault({ method: 'POST', path: ITEMS_PATH, action: { type: 'reset-after' } });
    await expect(add('applied')).rejects.toThrow();
    expect(table().items).toEqual(['applied']);
    expect(emulator.control.counters()['client AddItem']).toBe(1);
  });

  it('delay: the handler runs, the answer waits', async () => {
    emulator.control.addFault({ path: ITEMS_PATH, action: { type: 'delay', ms: 150 } });
    const started = performance.now();
    const response = await add('slow');
    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(table().items).toEqual(['slow']);
  });

  it('times: a rule fires exactly that many times, then requests pass', async () => {
    emulator.control.addFault({ path: ITEMS_PATH, action: { type: 'status', status: 500 }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await add(String(i))).status);
    expect(statuses).toEqual([500, 500, 201, 201]);
    expect(table().items).toEqual(['2', '3']);
  });

  it('matches method and path prefix case-insensitively, and never touches the control API', async () => {
    emulator.control.addFault({
      method: 'post',
      path: ITEMS_PATH.toLowerCase(),
      action: { type: 'status', status: 502 },
    });
    emulator.control.addFault({ path: '/__emulator', action: { type: 'status', status: 500 }, times: 5 });
    expect((await fetch(`${base}${ITEMS_PATH}`)).status).toBe(200);
    expect((await fetch(`${base}/__emulator/health`)).status).toBe(200);
    expect((await fetch(`${base}${ITEMS_PATH.toUpperCase()}`, { method: 'POST', body: 'x' })).status).toBe(502);
  });

  it('applies the first matching rule first', async () => {
    emulator.control.addFault({ path: ITEMS_PATH, action: { type: 'status', status: 501 } });
    emulator.control.addFault({ path: ITEMS_PATH, action: { type: 'status', status: 502 } });
    expect((await add('a')).status).toBe(501);
    expect((await add('b')).status).toBe(502);
  });

  it('over HTTP: faults.add arms a rule, faults.clear removes it, a bad rule is refused with 400', async () => {
    const armed = await callControl(base, 'faults.add', {
      path: ITEMS_PATH,
      action: { type: 'status', status: 429 },
      times: 3,
    });
    expect(armed).toEqual({ status: 200, json: { size: 1 } });
    expect((await add('a')).status).toBe(429);
    expect(await callControl(base, 'faults.clear')).toEqual({ status: 200, json: { size: 0 } });
    expect((await add('b')).status).toBe(201);
    const refused = await callControl(base, 'faults.add', {
      path: ITEMS_PATH,
      action: { type: 'reset-before' },
      times: 0,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/times must be a positive integer/);
  });
});
