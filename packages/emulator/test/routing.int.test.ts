import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { ITEMS_PATH, itemsModule } from './support/items-module.js';

describe('routing over HTTP', () => {
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator({ modules: [itemsModule()] });
    base = emulator.urls.http;
  });
  afterAll(() => emulator.close());

  it('listens on loopback on a free port by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('ignores path case like MailUp’s hosts do, and keeps the case of captured params', async () => {
    const response = await fetch(`${base}${ITEMS_PATH.toUpperCase()}/MiXeD`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ by: 'param', id: 'MiXeD' });
  });

  it('prefers a literal segment over a {param} one', async () => {
    expect(await (await fetch(`${base}${ITEMS_PATH}/Special`)).json()).toEqual({ by: 'literal' });
    expect(await (await fetch(`${base}${ITEMS_PATH}/other`)).json()).toEqual({ by: 'param', id: 'other' });
  });

  it('decodes percent-encoded segments and ignores the query string', async () => {
    const response = await fetch(`${base}${ITEMS_PATH}/a%20b/Tags/%C3%A8?page=2`);
    expect(await response.json()).toEqual({ params: { id: 'a b', tag: 'è' }, operation: expect.any(String) });
  });

  it('answers 405 with an Allow header for a known path and a wrong method', async () => {
    const response = await fetch(`${base}${ITEMS_PATH}`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('answers 404 for an unknown path', async () => {
    const response = await fetch(`${base}/EmuTest/Nothing/Here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBeNull();
  });

  it('answers JSON with a JSON content type', async () => {
    const response = await fetch(`${base}${ITEMS_PATH}`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses two modules registering the same route', async () => {
    await expect(startEmulator({ modules: [itemsModule(), itemsModule()] })).rejects.toThrow(
      /route already registered/,
    );
  });
});
