import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorModule, type RunningEmulator, startEmulator } from '../src/index.js';

const PATH = '/EmuTest/Gated';

function gatedModule(log: string[]): EmulatorModule {
  return {
    name: 'test-gates',
    install(ctx) {
      ctx.route('GET', PATH, { protocol: 'client', operation: 'Gated', tags: { gated: 'yes' } }, (req) => {
        log.push('handler');
        return { status: 200, json: { locals: req.locals } };
      });
      ctx.route('GET', '/EmuTest/Broken', { protocol: 'client' }, () => {
        throw new Error('handler exploded');
      });
      // Registered out of order on purpose: gates run by ascending `order`.
      ctx.gate({
        name: 'third',
        order: 30,
        run: (req) => {
          log.push(`third:${String(req.locals.fromFirst)}`);
          return undefined;
        },
      });
      ctx.gate({
        name: 'first',
        order: 10,
        run: (req) => {
          log.push(`first:${req.route?.tags?.gated}`);
          req.locals.fromFirst = 'seen';
          return undefined;
        },
      });
      ctx.gate({
        name: 'second',
        order: 20,
        run: async (req) => {
          log.push('second');
          return req.headers['x-block'] ? { status: 429, json: { blockedBy: 'second' } } : undefined;
        },
      });
    },
  };
}

describe('gates', () => {
  const log: string[] = [];
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator({ modules: [gatedModule(log)] });
    base = emulator.urls.http;
  });
  afterAll(() => emulator.close());

  it('run in ascending order before the handler and can pass data to it through locals', async () => {
    log.length = 0;
    const response = await fetch(`${base}${PATH}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ locals: { fromFirst: 'seen' } });
    expect(log).toEqual(['first:yes', 'second', 'third:seen', 'handler']);
  });

  it('short-circuit: a gate that answers stops later gates and the handler', async () => {
    log.length = 0;
    const response = await fetch(`${base}${PATH}`, { headers: { 'x-block': '1' } });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ blockedBy: 'second' });
    expect(log).toEqual(['first:yes', 'second']);
  });

  it('do not run for the control API or for unmatched paths', async () => {
    log.length = 0;
    expect((await fetch(`${base}/__emulator/health`)).status).toBe(200);
    expect((await fetch(`${base}/EmuTest/None`)).status).toBe(404);
    expect(log).toEqual([]);
  });

  it('a handler that throws becomes a 500 and the server keeps serving', async () => {
    expect((await fetch(`${base}/EmuTest/Broken`)).status).toBe(500);
    expect((await fetch(`${base}/__emulator/health`)).status).toBe(200);
  });

  it('a duplicate gate name is refused', async () => {
    const twice: EmulatorModule = {
      name: 'twice',
      install(ctx) {
        ctx.gate({ name: 'same', order: 1, run: () => undefined });
        ctx.gate({ name: 'same', order: 2, run: () => undefined });
      },
    };
    await expect(startEmulator({ modules: [twice] })).rejects.toThrow(/gate already registered: same/);
  });
});
