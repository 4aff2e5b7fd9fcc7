import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { ITEMS_PATH, type ItemsTable, itemsModule } from './support/items-module.js';

describe('request body cap', () => {
  let emulator: RunningEmulator;
  let table: () => ItemsTable;
  beforeAll(async () => {
    const module = itemsModule();
    emulator = await startEmulator({ modules: [module], maxBodyBytes: 16 });
    table = () => module.table();
  });
  afterAll(() => emulator.close());

  it('accepts a body of exactly the cap', async () => {
    const response = await fetch(`${emulator.urls.http}${ITEMS_PATH}`, { method: 'POST', body: 'x'.repeat(16) });
    expect(response.status).toBe(201);
    expect(table().items).toEqual(['x'.repeat(16)]);
  });

  it('answers 413 one byte over the cap and never runs the handler', async () => {
    const response = await fetch(`${emulator.urls.http}${ITEMS_PATH}`, { method: 'POST', body: 'y'.repeat(17) });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe('request body too large');
    expect(table().items).toHaveLength(1);
  });

  it('caps control API bodies too', async () => {
    const response = await fetch(`${emulator.urls.http}/__emulator/control/clock.advance`, {
      method: 'POST',
      body: JSON.stringify({ ms: 1, padding: 'z'.repeat(32) }),
    });
    expect(response.status).toBe(413);
    expect(emulator.clock.offsetMs).toBe(0);
  });
});
