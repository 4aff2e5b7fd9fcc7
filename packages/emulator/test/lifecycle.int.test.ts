import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorContext, type EmulatorModule, type RunningEmulator, startEmulator } from '../src/index.js';
import { callControl } from './support/control-client.js';

/** A tiny TCP module: echoes every line, except `DATA`, which asks the fault table for an after-data fault. */
function echoModule(events: string[]): EmulatorModule {
  let ctx: EmulatorContext | undefined;
  return {
    name: 'test-echo',
    install(c) {
      ctx = c;
      events.push('install');
    },
    async start() {
      events.push('start');
      await ctx?.listen({
        key: 'echo',
        scheme: 'tcp',
        onConnection(socket) {
          socket.on('data', (chunk: Buffer) => {
            const line = chunk.toString('utf8').trim();
            if (line !== 'DATA') return void socket.write(`${line}\n`);
            const fault = ctx?.faults.take({ protocol: 'smtp', operation: 'DATA' }, 'after-data');
            if (fault?.type === 'reset') return void socket.destroy();
            socket.write(fault?.type === 'status' ? `${fault.status} fault\n` : '250 queued\n');
          });
        },
      });
    },
    reset: () => events.push('reset'),
    close: () => void events.push('close'),
  };
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function say(socket: Socket, line: string): Promise<string | 'closed'> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
    socket.once('close', () => resolve('closed'));
    socket.write(`${line}\n`);
  });
}

describe('module lifecycle', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('start opens a listener with ctx.listen: its url joins urls beside http and it serves real sockets', async () => {
    const events: string[] = [];
    emulator = await startEmulator({ modules: [echoModule(events)] });
    expect(events).toEqual(['install', 'start']);
    // http first, then one key per listener: the built-in SMTP+ relay's, then this module's.
    expect(Object.keys(emulator.urls)).toEqual(['http', 'smtp', 'echo']);
    expect(emulator.urls.echo).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const socket = await open(emulator.urls.echo as string);
    expect(await say(socket, 'hello')).toBe('hello');
    socket.destroy();
  });

  it('close runs module close, then ends the listener and its open connections', async () => {
    const events: string[] = [];
    const running = await startEmulator({ modules: [echoModule(events)] });
    const socket = await open(running.urls.echo as string);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await running.close();
    await closed;
    expect(events.at(-1)).toBe('close');
    await expect(open(running.urls.echo as string)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('emulator.reset runs every module reset and clears counters, latency and faults; the store stays', async () => {
    const events: string[] = [];
    emulator = await startEmulator({ modules: [echoModule(events)] });
    const base = emulator.urls.http;
    await fetch(`${base}/Authorization/OAuth/Token`, { method: 'POST' });
    emulator.control.setLatency(400);
    emulator.control.addFault({ path: '/Authorization', action: { type: 'status', status: 503 } });
    const listsBefore = emulator.store.account(emulator.store.seeded.id).lists.size;
    expect(await callControl(base, 'emulator.reset')).toEqual({ status: 200, json: { ok: true } });
    expect(events).toContain('reset');
    expect(emulator.control.counters()).toEqual({});
    const started = performance.now();
    expect((await fetch(`${base}/Authorization/OAuth/Token`, { method: 'POST' })).status).toBe(400);
    expect(performance.now() - started).toBeLessThan(400);
    expect(emulator.store.account(emulator.store.seeded.id).lists.size).toBe(listsBefore);
  });

  it('a module whose start fails leaves nothing listening and startEmulator rejects', async () => {
    let ctx: EmulatorContext | undefined;
    let http = '';
    const failing: EmulatorModule = {
      name: 'test-failing',
      install: (c) => {
        ctx = c;
      },
      start() {
        http = ctx?.baseUrl() ?? '';
        throw new Error('cannot start');
      },
    };
    await expect(startEmulator({ modules: [failing] })).rejects.toThrow('cannot start');
    await expect(fetch(`${http}/__emulator/health`)).rejects.toThrow();
  });

  it('ctx.listen refuses the http key and a key taken twice', async () => {
    let ctx: EmulatorContext | undefined;
    const greedy: EmulatorModule = {
      name: 'test-greedy',
      install: (c) => {
        ctx = c;
      },
      async start() {
        const onConnection = (s: Socket) => s.end();
        await expect(ctx?.listen({ key: 'http', scheme: 'tcp', onConnection })).rejects.toThrow(/already taken: http/);
        // The built-in SMTP+ module already holds `smtp`; a key this module takes cannot be taken twice either.
        await expect(ctx?.listen({ key: 'smtp', scheme: 'smtp', onConnection })).rejects.toThrow(/already taken: smtp/);
        await ctx?.listen({ key: 'greedy', scheme: 'tcp', onConnection });
        await expect(ctx?.listen({ key: 'greedy', scheme: 'tcp', onConnection })).rejects.toThrow(/already taken/);
      },
    };
    emulator = await startEmulator({ modules: [greedy] });
    expect(Object.keys(emulator.urls)).toEqual(['http', 'smtp', 'greedy']);
  });
});

describe('faults in the after-data phase (SMTP-style modules take them in-process)', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('an after-data rule is used by the module that asks for it, never by an HTTP request', async () => {
    emulator = await startEmulator({ modules: [echoModule([])] });
    emulator.control.addFault({ protocol: 'smtp', phase: 'after-data', action: { type: 'status', status: 451 } });
    emulator.control.addFault({ protocol: 'smtp', operation: 'DATA', phase: 'after-data', action: { type: 'reset' } });
    expect((await fetch(`${emulator.urls.http}/__emulator/health`)).status).toBe(200);
    expect((await fetch(`${emulator.urls.http}/Authorization/OAuth/Token`, { method: 'POST' })).status).toBe(400);
    const socket = await open(emulator.urls.echo as string);
    expect(await say(socket, 'DATA')).toBe('451 fault');
    expect(await say(socket, 'DATA')).toBe('closed');
    const again = await open(emulator.urls.echo as string);
    expect(await say(again, 'DATA')).toBe('250 queued');
    again.destroy();
  });
});
