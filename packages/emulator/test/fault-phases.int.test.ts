import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';
import { ITEMS_PATH, type ItemsTable, itemsModule } from './support/items-module.js';
import { openSocket } from './support/raw-http.js';

describe('fault phases and keys', () => {
  let emulator: RunningEmulator;
  let table: () => ItemsTable;
  beforeEach(async () => {
    const module = itemsModule();
    emulator = await startEmulator({ modules: [module] });
    table = () => module.table();
  });
  afterEach(() => emulator.close());

  const add = (body: string) => fetch(`${emulator.urls.http}${ITEMS_PATH}`, { method: 'POST', body });

  it('after-apply status: the change is applied, the answer is replaced', async () => {
    emulator.control.addFault({ operation: 'AddItem', phase: 'after-apply', action: { type: 'status', status: 502 } });
    expect((await add('kept')).status).toBe(502);
    expect(table().items).toEqual(['kept']);
    expect(emulator.control.counters()['client AddItem']).toBe(1);
  });

  it('reset in after-apply is a lost answer; in before-apply nothing is applied', async () => {
    emulator.control.addFault({
      protocol: 'client',
      operation: 'AddItem',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    await expect(add('applied')).rejects.toThrow();
    emulator.control.addFault({ operation: 'AddItem', phase: 'before-apply', action: { type: 'reset' } });
    await expect(add('dropped')).rejects.toThrow();
    expect(table().items).toEqual(['applied']);
  });

  it('delay: before-apply holds the request before the handler runs, after-apply holds only the answer', async () => {
    const ran: number[] = [];
    const clocked = await startEmulator({
      modules: [
        {
          name: 'test-clocked',
          install: (ctx) =>
            ctx.route('POST', '/EmuTest/Clocked', { protocol: 'client', operation: 'Clocked' }, () => {
              ran.push(performance.now());
              return { status: 204 };
            }),
        },
      ],
    });
    try {
      const post = async () => {
        const started = performance.now();
        await (await fetch(`${clocked.urls.http}/EmuTest/Clocked`, { method: 'POST' })).arrayBuffer();
        return { ranAfter: (ran.at(-1) ?? 0) - started, answeredAfter: performance.now() - started };
      };
      clocked.control.addFault({ operation: 'Clocked', phase: 'before-apply', action: { type: 'delay', ms: 150 } });
      const before = await post();
      expect(before.ranAfter).toBeGreaterThanOrEqual(140);
      clocked.control.addFault({ operation: 'Clocked', action: { type: 'delay', ms: 150 } });
      const after = await post();
      expect(after.ranAfter).toBeLessThan(140);
      expect(after.answeredAfter).toBeGreaterThanOrEqual(140);
    } finally {
      await clocked.close();
    }
  });

  it('a rule keyed by operation leaves other operations on the same path alone', async () => {
    emulator.control.addFault({ operation: 'AddItem', action: { type: 'status', status: 503 } });
    expect((await fetch(`${emulator.urls.http}${ITEMS_PATH}`)).status).toBe(200);
    expect((await add('x')).status).toBe(503);
  });

  it.each([
    [{ protocol: 'ftp', action: { type: 'reset' } }, /"protocol" must be one of rest, oauth/],
    [{ operation: '', action: { type: 'reset' } }, /"operation" must be a non-empty/],
    [{ phase: 'later', action: { type: 'reset' } }, /"phase" must be one of before-apply, after-apply, after-data/],
    [{ phase: 'after-apply', action: { type: 'reset-before' } }, /"reset-before" fires before-apply/],
    [{ phase: 'before-apply', action: { type: 'reset-after' } }, /"reset-after" fires after-apply/],
    [
      { protocol: 'rest', phase: 'after-data', action: { type: 'reset' } },
      /after-data" exists only for protocol "smtp"/,
    ],
    [{ path: '/x', phase: 'after-data', action: { type: 'reset' } }, /after-data" takes no HTTP "method" or "path"/],
    [{ action: { type: 'reset', ms: 5 } }, /unknown field "action.ms"/],
  ])('refuses %j over HTTP with 400 naming the field, and stores nothing', async (rule, message) => {
    const refused = await callControl(emulator.urls.http, 'faults.add', rule);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(message);
    expect((await add('ok')).status).toBe(201);
  });
});

describe('modules reach faults and control in-process', () => {
  it('oauth.dropNextRefresh arms its fault without an HTTP call to the control API (works with every connection taken)', async () => {
    const emulator = await startEmulator({ maxConnections: 1 });
    const held = await openSocket(emulator.urls.http);
    try {
      expect(await emulator.control.action('oauth.dropNextRefresh')).toEqual({ armed: true });
    } finally {
      held.destroy();
      await emulator.close();
    }
  });
});
