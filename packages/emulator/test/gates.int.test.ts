import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorModule, type RunningEmulator, startEmulator } from '../src/index.js';

const PATH = '/EmuTest/Gated';

function gatedModule(log: string[]): EmulatorModule {
  return {
    name: 'test-gates',
    install(ctx) {
      ctx.route('GET', PATH, { protocol: 'client', operation: 'Gated', tags: { gated: 'yes' } }, (req) => {
        log.push('handler');
        return { status: 200, json: { auth: req.auth ?? null } };
      });
      ctx.route('GET', '/EmuTest/Broken', { protocol: 'client' }, () => {
        throw new Error('handler exploded');
      });
      // Registered out of phase order on purpose: phases run authenticate → authorize → throttle.
      ctx.gate({
        name: 'limit',
        phase: 'throttle',
        run: (req) => {
          log.push(`throttle:${req.auth?.principal ?? 'anonymous'}`);
          return undefined;
        },
      });
      ctx.gate({
        name: 'who',
        phase: 'authenticate',
        run: (req) => {
          log.push(`authenticate:${req.route?.tags?.gated}`);
          if (req.headers['x-user']) {
            req.auth = { accountId: 51234, scheme: 'basic', principal: String(req.headers['x-user']) };
          }
          return undefined;
        },
      });
      ctx.gate({
        name: 'may',
        phase: 'authorize',
        run: async (req) => {
          log.push('authorize');
          return req.headers['x-block'] ? { status: 429, json: { blockedBy: 'authorize' } } : undefined;
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

  it('run by phase (authenticate → authorize → throttle) before the handler, which reads the typed req.auth', async () => {
    log.length = 0;
    const response = await fetch(`${base}${PATH}`, { headers: { 'x-user': 'm51234' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: { accountId: 51234, scheme: 'basic', principal: 'm51234' } });
    expect(log).toEqual(['authenticate:yes', 'authorize', 'throttle:m51234', 'handler']);
  });

  it('short-circuit: a gate that answers stops later gates and the handler', async () => {
    log.length = 0;
    const response = await fetch(`${base}${PATH}`, { headers: { 'x-block': '1' } });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ blockedBy: 'authorize' });
    expect(log).toEqual(['authenticate:yes', 'authorize']);
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

  it('a duplicate gate name and an unknown phase are refused', async () => {
    const twice: EmulatorModule = {
      name: 'twice',
      install(ctx) {
        ctx.gate({ name: 'same', phase: 'authenticate', run: () => undefined });
        ctx.gate({ name: 'same', phase: 'throttle', run: () => undefined });
      },
    };
    await expect(startEmulator({ modules: [twice] })).rejects.toThrow(/gate already registered: same/);
    const numbered: EmulatorModule = {
      name: 'numbered',
      install(ctx) {
        ctx.gate({ name: 'old', phase: 100 as never, run: () => undefined });
      },
    };
    await expect(startEmulator({ modules: [numbered] })).rejects.toThrow(/phase must be one of authenticate/);
  });
});
