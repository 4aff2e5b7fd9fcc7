import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, type EmulatorControl } from './control.js';
import { createEmulatorClock } from './emulator-clock.js';
import { FaultTable } from './faults.js';
import { closeAfterAnswer, declaredLength, readBody } from './http/body-reader.js';
import { guardControlRequest, isLoopbackHost, ownHosts } from './http/control-guard.js';
import { errorAnswer } from './http/error-answers.js';
import { MalformedInputError, parseCookies, parseRequestTarget } from './http/request-target.js';
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
  /**
   * Interface to listen on; default `127.0.0.1` (loopback only). Anything but a loopback name needs
   * `allowRemote: true`, because it exposes the seeded credentials and the control API to the network.
   */
  host?: string;
  /**
   * Allows `host` to be a non-loopback interface (CLI: `--allow-remote`). The control API then also answers
   * requests addressed to the bound host (for `0.0.0.0`/`::`, to this machine's interface addresses). Default false.
   */
  allowRemote?: boolean;
  /** Overrides for the seeded account. */
  account?: SeedAccountOptions;
  /** Extra modules installed after the built-in ones. */
  modules?: EmulatorModule[];
  /**
   * Largest request body accepted, bytes (default 10 MiB). A larger declared `Content-Length` gets 413 before any
   * of the body is read; a streamed (chunked) body gets 413 as soon as it crosses the cap. The connection closes.
   */
  maxBodyBytes?: number;
  /** Most simultaneous connections (default 1024); connections past it are closed at once. */
  maxConnections?: number;
  /**
   * Time a client has to send a whole request, headers and body, ms (default 30 000); a slower one gets 408 and
   * the connection closes. Time spent answering is not counted.
   */
  requestTimeoutMs?: number;
}

/** Defaults of {@link EmulatorOptions}. */
export const EMULATOR_DEFAULTS = Object.freeze({
  maxBodyBytes: 10 * 1024 * 1024,
  maxConnections: 1024,
  requestTimeoutMs: 30_000,
});

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

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`startEmulator: ${name} must be a positive integer`);
  return value;
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
  const maxBody = positiveInteger('maxBodyBytes', options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes);
  const maxConnections = positiveInteger('maxConnections', options.maxConnections ?? EMULATOR_DEFAULTS.maxConnections);
  const requestTimeout = positiveInteger(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? EMULATOR_DEFAULTS.requestTimeoutMs,
  );
  const listenHost = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(listenHost) && options.allowRemote !== true) {
    throw new Error(
      `startEmulator: host "${listenHost}" is not a loopback address; it would expose the seeded credentials and ` +
        'the control API to the network. Pass allowRemote: true (CLI: --allow-remote) if that is what you want.',
    );
  }
  let controlHosts = new Set<string>();
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
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBody) return refuseTooLarge(req, res, rawPath);
    const body = await readBody(req, maxBody);
    if (body === 'too-large') return refuseTooLarge(req, res, rawPath);
    const { path, query } = parseRequestTarget(req.url ?? '/');
    const isControl = path.toLowerCase().startsWith(CONTROL_PREFIX);
    if (isControl) {
      const refused = guardControlRequest(req.headers, controlHosts);
      if (refused) return send(res, refused);
    }
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
      query,
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
        ? errorAnswer(path, 405, 'method not allowed', {
            headers: { allow: allowed.join(', ') },
            restDescription: 'Method not allowed.',
          })
        : errorAnswer(path, 404, 'not found', { restDescription: 'Endpoint not found.' });
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

  function refuseTooLarge(req: IncomingMessage, res: ServerResponse, rawPath: string): void {
    closeAfterAnswer(req, res);
    send(res, errorAnswer(rawPath, 413, 'request body too large', { restDescription: 'Request body too large.' }));
  }

  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (error instanceof MalformedInputError) {
      send(
        res,
        errorAnswer(rawPath, 400, `bad request: ${error.message}`, {
          restDescription: `Bad request: ${error.message}.`,
        }),
      );
      return;
    }
    send(res, errorAnswer(rawPath, 500, error instanceof Error ? error.message : 'internal error'));
  }

  const server = createServer(
    {
      requestTimeout: requestTimeout,
      headersTimeout: requestTimeout,
      // How often Node looks for requests past their timeout (its default is 30 s, longer than short timeouts).
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 4))),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => failed(req, res, error));
    },
  );
  // A client announcing a body over the cap with `Expect: 100-continue` is refused before it sends the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBody) {
      refuseTooLarge(req, res, (req.url ?? '/').split('?')[0] ?? '/');
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.maxConnections = maxConnections;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.httpPort ?? 0, listenHost, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${host}:${address.port}`;
  controlHosts = ownHosts(listenHost, address.port);

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
