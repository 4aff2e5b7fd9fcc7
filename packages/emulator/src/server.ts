import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { FormatterRegistry, toBytes } from './answers/formatter-registry.js';
import { createControl, type EmulatorControl } from './control.js';
import { installControlRoutes } from './control-routes.js';
import { createEmulatorClock } from './emulator-clock.js';
import { FaultTable } from './faults.js';
import { closeAfterAnswer, declaredLength, readBody } from './http/body-reader.js';
import { guardControlRequest, isLoopbackHost, ownHosts } from './http/control-guard.js';
import { isPreflight, preflightResponse, withCorsHeaders } from './http/cors.js';
import { ModuleListeners } from './http/module-listeners.js';
import { MalformedInputError, parseCookies, parseRequestTarget } from './http/request-target.js';
import { operationId } from './journal/operation-id.js';
import { type JournalEntry, type JournalOptions, RequestJournal } from './journal/request-journal.js';
import { builtinModules } from './modules.js';
import { GateChain } from './pipeline/gate-chain.js';
import { pathProtocol, runPipeline } from './pipeline/request-pipeline.js';
import { pathSegments, Router } from './router.js';
import { EmulatorStore, type SeedAccountOptions } from './store/emulator-store.js';
import { OUTBOX_RETENTION_DEFAULTS } from './store/transactional-outbox.js';
import type {
  AfterFilter,
  ControlAction,
  EmulatorClock,
  EmulatorContext,
  EmulatorModule,
  EmulatorProblem,
  EmulatorRequest,
  EmulatorResponse,
  EmulatorUrls,
} from './types.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** HTTP port; 0 (default) picks a free one. */
  httpPort?: number;
  /** Port of the SMTP+ relay (`urls.smtp`); 0 (default) picks a free one. */
  smtpPort?: number;
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
  /**
   * Most transactional messages (emails and SMS together) the outbox and the inbox keep (default 1,000; CLI:
   * `--outbox-max-messages`); past it the oldest are evicted first and the inbox JSON counts them in `evicted`.
   */
  outboxMaxMessages?: number;
  /**
   * Most bytes the outbox keeps (default 128 MiB; CLI: `--outbox-max-bytes`): raw messages, decoded parts, text and
   * HTML, and the Send API / SMS request copies. Oldest evicted first; the newest message is always kept.
   */
  outboxMaxBytes?: number;
  /**
   * The request journal's bounds (default 10,000 entries, 64 MiB, bodies cut at 4 KiB) or `{ enabled: false }` to
   * keep none (CLI: `--journal-max-entries`, `--no-journal`). See `control.journal`.
   */
  journal?: JournalOptions;
  /**
   * Called with every journaled request (HTTP and SMTP+, not the control API), redacted like the journal, even when
   * the journal keeps none: the command lines' `--log`.
   */
  onRequest?: (entry: JournalEntry) => void;
}

/** Defaults of {@link EmulatorOptions}. */
export const EMULATOR_DEFAULTS = Object.freeze({
  maxBodyBytes: 10 * 1024 * 1024,
  maxConnections: 1024,
  requestTimeoutMs: 30_000,
  outboxMaxMessages: OUTBOX_RETENTION_DEFAULTS.maxMessages,
  outboxMaxBytes: OUTBOX_RETENTION_DEFAULTS.maxBytes,
});

/** A running emulator. */
export interface RunningEmulator {
  /** `http` always; one more key per module listener (e.g. `smtp`). Keys are added, never renamed or removed. */
  urls: EmulatorUrls;
  /** The domain store every module shares (seeded account, lists, recipients, OAuth grants …). */
  store: EmulatorStore;
  clock: EmulatorClock;
  control: EmulatorControl;
  /** Runs every module's `close()`, stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Where the control API lives (health: `GET {base}/__emulator/health`). */
export const CONTROL_PREFIX = '/__emulator';

const CONTROL_SEGMENT = CONTROL_PREFIX.slice(1).toLowerCase();

/**
 * Whether a decoded request path addresses the control API, read from the same segments the router matches (its
 * first segment, in any case), so that no spelling the router accepts (`//__emulator/…`, `/%2F__emulator/…`,
 * `/__EMULATOR/…`) reaches a control route around the guard. The root (`/`, `//`), where the web console is
 * served, is guarded like the control API too.
 */
export function isControlPath(path: string): boolean {
  const first = pathSegments(path)[0];
  return first === undefined || first.toLowerCase() === CONTROL_SEGMENT;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`startEmulator: ${name} must be a positive integer`);
  return value;
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const final = toBytes(response);
  res.writeHead(final.status, final.headers ?? {});
  res.end(final.body);
}

/** The store with the seeded account; a seed that does not hold together is a validation `MailUpError`. */
function seededStore(options: EmulatorOptions, now: number): EmulatorStore {
  const outbox = {
    maxMessages: positiveInteger('outboxMaxMessages', options.outboxMaxMessages ?? EMULATOR_DEFAULTS.outboxMaxMessages),
    maxBytes: positiveInteger('outboxMaxBytes', options.outboxMaxBytes ?? EMULATOR_DEFAULTS.outboxMaxBytes),
  };
  const seed = options.account?.seed;
  try {
    return new EmulatorStore(options.account, outbox, now);
  } catch (err) {
    if (!(err instanceof RangeError) || seed === undefined) throw err;
    throw new MailUpError({
      kind: 'validation',
      protocol: 'client',
      operation: 'emulator.start',
      message: `account: ${err.message}`,
    });
  }
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
  const clock = createEmulatorClock();
  const store = seededStore(options, clock.now());
  const router = new Router();
  const gates = new GateChain();
  const formatters = new FormatterRegistry();
  const filters: AfterFilter[] = [];
  const actions = new Map<string, ControlAction>();
  const faults = new FaultTable();
  const counters = new Map<string, number>();
  const latency = { ms: 0 };
  const journal = new RequestJournal(options.journal);
  if (options.onRequest) journal.onEntry(options.onRequest);
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
  const modules: EmulatorModule[] = [...builtinModules({ smtpPort: options.smtpPort }), ...(options.modules ?? [])];
  let controlHosts = new Set<string>();
  const control = createControl({
    clock,
    faults,
    actions,
    latency,
    counters,
    journal,
    resetModules: () => {
      for (const module of modules) module.reset?.();
    },
  });
  const urls: Record<string, string> = { http: '' };
  const listeners = new ModuleListeners(listenHost, urls);

  const ctx: EmulatorContext = {
    store,
    clock,
    control,
    faults: { take: (request, phase) => faults.take(request, phase) },
    route: (method, pattern, routeOptions, handler) => router.add(method, pattern, routeOptions, handler),
    gate: (gate) => gates.add(gate),
    formatter: (formatter) => formatters.register(formatter),
    afterFilter(filter) {
      if (filters.some((f) => f.name === filter.name))
        throw new Error(`after-filter already registered: ${filter.name}`);
      filters.push(filter);
    },
    action(name, action) {
      if (actions.has(name)) throw new Error(`control action already registered: ${name}`);
      actions.set(name, action);
    },
    listen: (listenOptions) => listeners.listen(listenOptions),
    baseUrl: () => urls.http ?? '',
    urls: () => ({ ...urls }) as EmulatorUrls,
    journal,
  };

  installControlRoutes(ctx, CONTROL_PREFIX);
  for (const module of modules) module.install(ctx);

  function newRequest(req: IncomingMessage, method: string, path: string, query: URLSearchParams, body: Buffer) {
    return {
      method,
      path,
      query,
      headers: req.headers,
      body,
      cookies: parseCookies(req.headers.cookie),
      remoteAddress: req.socket.remoteAddress ?? '',
      params: {},
      route: undefined,
      resolved: undefined,
      auth: undefined,
    } satisfies EmulatorRequest;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, request: EmulatorRequest) {
    const refused = guardControlRequest(req.headers, controlHosts);
    if (refused) return send(res, refused);
    const { match, allowed } = router.match(request.method, request.path);
    if (!match) {
      const problem: EmulatorProblem = allowed.length
        ? { kind: 'method-not-allowed', allowed }
        : { kind: 'not-found', description: '' };
      return send(res, formatters.problem('client', problem));
    }
    request.params = match.params;
    request.route = match.info;
    const answer = await match.handler(request);
    send(res, formatters.render('client', answer, request));
  }

  /** What the journal needs of one HTTP request, filled in as it is served. */
  interface Trace {
    time: number;
    wallTime: number;
    started: number;
    request: EmulatorRequest | undefined;
    bodyReadWhole: boolean;
  }

  function newTrace(): Trace | undefined {
    if (!journal.active) return undefined;
    return {
      time: clock.now(),
      wallTime: Date.now(),
      started: performance.now(),
      request: undefined,
      bodyReadWhole: true,
    };
  }

  /** Sends the answer and journals the request (never the control API's). */
  function answer(req: IncomingMessage, res: ServerResponse, response: EmulatorResponse, trace: Trace | undefined) {
    const final = toBytes(response);
    res.writeHead(final.status, final.headers ?? {});
    res.end(final.body);
    if (trace) journalHttp(req, trace, final.status, final.headers ?? {}, final.body, false);
  }

  function journalHttp(
    req: IncomingMessage,
    trace: Trace,
    status: number,
    responseHeaders: Record<string, string | string[]>,
    responseBody: string | Buffer | undefined,
    reset: boolean,
  ): void {
    const request = trace.request;
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const protocol = request?.resolved?.protocol ?? pathProtocol(request?.path ?? rawPath);
    journal.record({
      time: trace.time,
      wallTime: trace.wallTime,
      protocol,
      operation: operationId(request?.resolved, request?.route, protocol),
      method: (req.method ?? 'GET').toUpperCase(),
      path: req.url ?? '/',
      accountId: request?.auth?.accountId ?? request?.resolved?.accountId,
      status,
      durationMs: Math.round((performance.now() - trace.started) * 1000) / 1000,
      transport: { kind: 'http', bodyReadWhole: trace.bodyReadWhole, reset },
      requestHeaders: req.headers,
      requestBody: request?.body,
      responseHeaders,
      responseBody,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, trace: Trace | undefined): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (trace && isControlPath(rawPath)) trace = undefined;
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBody) return refuseTooLarge(req, res, rawPath, trace);
    const body = await readBody(req, maxBody);
    if (body === 'too-large') return refuseTooLarge(req, res, rawPath, trace);
    const { path, query } = parseRequestTarget(req.url ?? '/');
    const request = newRequest(req, method, path, query, body);
    if (isControlPath(path)) return handleControl(req, res, request);
    if (trace) trace.request = request;
    if (isPreflight(method, path, req.headers)) return answer(req, res, preflightResponse(req.headers), trace);
    const outcome = await runPipeline({ router, gates, formatters, filters, faults, counters, clock }, request);
    const delay = (outcome.kind === 'answer' ? outcome.delayMs : 0) + latency.ms;
    if (delay > 0) await clock.sleep(delay);
    if (outcome.kind === 'reset') {
      req.socket.destroy();
      if (trace) journalHttp(req, trace, 0, {}, undefined, true);
      return;
    }
    answer(req, res, withCorsHeaders(path, req.headers, outcome.response), trace);
  }

  function refuseTooLarge(req: IncomingMessage, res: ServerResponse, rawPath: string, trace?: Trace): void {
    closeAfterAnswer(req, res);
    if (trace) trace.bodyReadWhole = false;
    answer(req, res, formatters.problem(pathProtocol(rawPath), { kind: 'too-large' }), trace);
  }

  function failed(req: IncomingMessage, res: ServerResponse, error: unknown, trace: Trace | undefined): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const problem: EmulatorProblem =
      error instanceof MalformedInputError
        ? { kind: 'bad-request', description: error.message }
        : { kind: 'internal', description: error instanceof Error ? error.message : 'internal error' };
    answer(req, res, formatters.problem(pathProtocol(rawPath), problem), isControlPath(rawPath) ? undefined : trace);
  }
  const server = createServer(
    {
      requestTimeout: requestTimeout,
      headersTimeout: requestTimeout,
      // How often Node looks for requests past their timeout (its default is 30 s, longer than short timeouts).
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 4))),
    },
    (req, res) => {
      const trace = newTrace();
      handle(req, res, trace).catch((error: unknown) => failed(req, res, error, trace));
    },
  );
  // A client announcing a body over the cap with `Expect: 100-continue` is refused before it sends the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBody) {
      const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
      refuseTooLarge(req, res, rawPath, isControlPath(rawPath) ? undefined : newTrace());
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
  urls.http = `http://${host}:${address.port}`;
  controlHosts = ownHosts(listenHost, address.port);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const module of [...modules].reverse()) await module.close?.();
      await listeners.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };
  try {
    for (const module of modules) await module.start?.();
  } catch (error) {
    await close();
    throw error;
  }
  return { urls: urls as EmulatorUrls, store, clock, control, close };
}
