import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, type EmulatorControl } from './control.js';
import { createEmulatorClock } from './emulator-clock.js';
import { FaultTable } from './faults.js';
import { builtinModules } from './modules.js';
import { Router } from './router.js';
import { EmulatorState, type SeedAccountOptions, seedAccount } from './state.js';
import type {
  ControlAction,
  EmulatorClock,
  EmulatorContext,
  EmulatorModule,
  EmulatorRequest,
  EmulatorResponse,
  Gate,
} from './types.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** HTTP port; 0 (default) picks a free one. */
  httpPort?: number;
  /** Interface to listen on; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Overrides for the seeded account. */
  account?: SeedAccountOptions;
  /** Extra modules installed after the built-in ones. */
  modules?: EmulatorModule[];
  /** Largest request body accepted, bytes (default 10 MiB); larger ones get 413. */
  maxBodyBytes?: number;
}

/** The base URLs of a running emulator. */
export interface EmulatorUrls {
  /** Base of every HTTP member, e.g. `http://127.0.0.1:41234`. */
  http: string;
}

/** A running emulator. */
export interface RunningEmulator {
  urls: EmulatorUrls;
  state: EmulatorState;
  clock: EmulatorClock;
  control: EmulatorControl;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Where the control API lives (health: `GET {base}/__emulator/health`). */
export const CONTROL_PREFIX = '/__emulator';

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  let body: string | Buffer | undefined = response.body;
  if (body === undefined && response.json !== undefined) {
    body = JSON.stringify(response.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json; charset=utf-8';
    }
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Starts a MailUp-compatible emulator on loopback.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const health = await fetch(`${emulator.urls.http}/__emulator/health`);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState(seedAccount(options.account));
  const clock = createEmulatorClock();
  const router = new Router();
  const gates: Gate[] = [];
  const actions = new Map<string, ControlAction>();
  const faults = new FaultTable();
  const latency = { ms: 0 };
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const control = createControl({ state, clock, faults, actions, latency });
  let base = '';

  const ctx: EmulatorContext = {
    state,
    clock,
    route: (method, pattern, routeOptions, handler) => router.add(method, pattern, routeOptions, handler),
    gate(gate) {
      if (gates.some((g) => g.name === gate.name)) throw new Error(`gate already registered: ${gate.name}`);
      gates.push(gate);
      gates.sort((a, b) => a.order - b.order);
    },
    action(name, action) {
      if (actions.has(name)) throw new Error(`control action already registered: ${name}`);
      actions.set(name, action);
    },
    baseUrl: () => base,
  };

  ctx.route('GET', `${CONTROL_PREFIX}/health`, { protocol: 'client', operation: 'emulator.health' }, () => ({
    status: 200,
    json: { ok: true, now: clock.now(), accountId: state.seeded.id },
  }));
  ctx.route(
    'POST',
    `${CONTROL_PREFIX}/control/{action}`,
    { protocol: 'client', operation: 'emulator.control' },
    async (req) => {
      let args: Record<string, unknown> = {};
      if (req.body.length > 0) {
        try {
          args = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
        } catch {
          return { status: 400, json: { error: 'control body must be JSON' } };
        }
      }
      try {
        const result = await control.action(req.params.action ?? '', args);
        return { status: 200, json: result ?? {} };
      } catch (error) {
        const unknown = error instanceof Error && error.message.startsWith('unknown control action');
        return { status: unknown ? 404 : 400, json: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
  );
  for (const module of [...builtinModules, ...(options.modules ?? [])]) module.install(ctx);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, maxBody);
    if (body === 'too-large') return send(res, { status: 413, body: 'request body too large' });
    const path = decodeURIComponent(url.pathname);
    const isControl = path.toLowerCase().startsWith(CONTROL_PREFIX);
    const fault = isControl ? undefined : faults.take(method, path);
    if (fault?.type === 'reset-before') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      return send(res, { status: fault.status, body: fault.body ?? '', headers: fault.headers ?? {} });
    }
    const { match, allowed } = router.match(method, path);
    const request: EmulatorRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      cookies: parseCookies(req.headers.cookie),
      remoteAddress: req.socket.remoteAddress ?? '',
      params: match?.params ?? {},
      route: match?.info,
      locals: {},
    };
    let response: EmulatorResponse | undefined;
    if (!match) {
      response = allowed.length
        ? { status: 405, headers: { allow: allowed.join(', ') }, body: 'method not allowed' }
        : { status: 404, body: 'not found' };
    } else {
      if (!isControl) state.count(`${match.info.protocol} ${match.info.operation}`);
      for (const gate of isControl ? [] : gates) {
        response = await gate.run(request);
        if (response) break;
      }
      response ??= await match.handler(request);
    }
    const delay = (fault?.type === 'delay' ? fault.ms : 0) + (isControl ? 0 : latency.ms);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (fault?.type === 'reset-after') {
      req.socket.destroy();
      return;
    }
    send(res, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: error instanceof Error ? error.message : 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.httpPort ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${host}:${address.port}`;

  return {
    urls: { http: base },
    state,
    clock,
    control,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
