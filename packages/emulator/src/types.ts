import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock, Protocol } from '@mailup-kit/core';
import type { EmulatorControl } from './control.js';
import type { FaultAction, FaultPhase, FaultRequest } from './faults.js';
import type { RequestJournal } from './journal/request-journal.js';
import type { EmulatorStore } from './store/emulator-store.js';

/**
 * What a request asks for, resolved from the route (and, for a route serving a whole SOAP endpoint, from the
 * envelope) before counters, faults and gates run.
 */
export interface Resolved {
  protocol: Protocol;
  /** Operation name for limits, counters and faults, e.g. `GET Console/User/Lists` or `CreateNewsletter`. */
  operation: string;
  /** The account when the request itself names it (a path segment, a list GUID); else the caller's auth does. */
  accountId: number | undefined;
  /** Arguments the policy rows look at (e.g. SOAP `{ type: 'HTML' }`); undefined when none matter. */
  input: Readonly<Record<string, string>> | undefined;
  /**
   * The request as its protocol's reader parsed it, when the resolver had to parse it to name the operation (a
   * SOAP envelope): read once, here, and taken from here by the gates and the handler (never read again from the
   * body). Its shape belongs to the module whose resolver set it.
   */
  parsed?: unknown;
}

/** Reads what a request asks for; anything it leaves out comes from the route's options. */
export type Resolver = (req: EmulatorRequest) => Partial<Resolved> | undefined;

/** How a caller proved who it is. */
export type AuthScheme = 'bearer' | 'access-key' | 'api-user' | 'basic' | 'smtp-plus' | 'list-secret';

/** Who is calling, set by the gate of the `authenticate` phase that recognised the credentials. */
export interface RequestAuth {
  accountId: number;
  scheme: AuthScheme;
  /** The user or client that authenticated (`m51234`, a client id, `s51234_1`): never a secret. */
  principal: string;
}

/** A parsed request as gates and handlers see it. */
export interface EmulatorRequest {
  method: string;
  /** Decoded path, original case, no query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  cookies: Readonly<Record<string, string>>;
  remoteAddress: string;
  /** Path parameters captured by `{name}` segments of the route pattern. */
  params: Record<string, string>;
  /** The matched route (undefined only on unmatched paths). */
  route: RouteInfo | undefined;
  /** What the request asks for (undefined only on unmatched paths). */
  resolved: Resolved | undefined;
  /** Who is calling; set by an `authenticate` gate, undefined for anonymous routes. */
  auth: RequestAuth | undefined;
}

/** A concrete answer. `body` may be a string or a Buffer; `json` is encoded by the protocol's formatter. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | undefined;
  /** A value the protocol's formatter encodes (JSON by default; REST may pick XML by `Accept`) unless `body` is set. */
  json?: unknown;
}

/** A failure every protocol words its own way; the formatter of the request's protocol renders it. */
export type EmulatorProblem =
  | { kind: 'throttled'; limit: number; periodMs: number; actual: number; expiresInMs: number }
  | { kind: 'unauthorized'; description: string }
  | { kind: 'forbidden'; description: string }
  | { kind: 'bad-request'; description: string }
  | { kind: 'not-found'; description: string }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'too-large' }
  | { kind: 'internal'; description: string };

/** What a gate or handler may return: a concrete answer, or a problem for the protocol's formatter. */
export type Answer = EmulatorResponse | { problem: EmulatorProblem };

/** Handles one route. */
export type Handler = (req: EmulatorRequest) => Answer | Promise<Answer>;

/** Route metadata used by resolution, gates and counters. */
export interface RouteOptions {
  /** Which member of the family answers here. */
  protocol: Protocol;
  /** Operation name for limits and counters (default `METHOD pattern`). */
  operation?: string;
  /** Free-form tags gates can read, e.g. `{ auth: 'bearer' }`. */
  tags?: Readonly<Record<string, string>>;
  /** Reads the operation, account and input from the request (e.g. {@link soapEnvelopeResolver}). */
  resolve?: Resolver;
}

/** A matched route. */
export interface RouteInfo extends RouteOptions {
  method: string;
  pattern: string;
  operation: string;
}

/** The phases gates run in, in this order. */
export const GATE_PHASES = ['authenticate', 'authorize', 'throttle'] as const;
/** One of {@link GATE_PHASES}. */
export type GatePhase = (typeof GATE_PHASES)[number];

/**
 * A gate runs after resolution and before the handler: phases in {@link GATE_PHASES} order, gates of one phase in
 * registration order. `authenticate` sets `req.auth`; `authorize` refuses what that caller may not do (contract,
 * IP allow-list, service switch); `throttle` applies the API use policy. Returning an answer short-circuits.
 */
export interface Gate {
  name: string;
  phase: GatePhase;
  run(req: EmulatorRequest): Answer | undefined | Promise<Answer | undefined>;
}

/** Renders answers the way one protocol words them. */
export interface AnswerFormatter {
  protocol: Protocol;
  /** A problem as this protocol reports it (REST JSON error body, SOAP fault, frontend digits …). */
  problem(problem: EmulatorProblem, req: EmulatorRequest | undefined): EmulatorResponse;
  /** Encodes a handler's `json` value (content negotiation lives here); JSON when absent. */
  encode?(answer: EmulatorResponse & { json: unknown }, req: EmulatorRequest): EmulatorResponse;
}

/** Runs on every formatted answer of a matched protocol route (not on injected faults or the control API). */
export interface AfterFilter {
  name: string;
  /** Returns the answer to send (the same one, changed, or a new one). */
  run(req: EmulatorRequest, response: EmulatorResponse): EmulatorResponse;
}

/** A control action callable in-process (`emulator.control.action(name, args)`) or over HTTP. */
export type ControlAction = (args: Record<string, unknown>) => unknown | Promise<unknown>;

/**
 * The emulator's clock: real time plus an offset the control API can move forward; `sleep` ends when emulator time
 * reaches its deadline (real time passing or `advance`).
 */
export interface EmulatorClock extends Clock {
  /** Moves emulator time forward by `ms` (tokens expire, windows roll over). */
  advance(ms: number): void;
  /** Current offset from real time, ms. */
  readonly offsetMs: number;
  /** How many `sleep` calls are waiting (a test waits for a request to be parked on a delay fault). */
  readonly sleepers: number;
}

/** The base URLs of a running emulator: `http` always; modules that open a listener add their own key. */
export interface EmulatorUrls {
  /** Base of every HTTP member, e.g. `http://127.0.0.1:41234`. */
  readonly http: string;
  readonly [key: string]: string;
}

/** Options of `ctx.listen()`: an extra TCP server on the emulator's interface (SMTP …). */
export interface ListenOptions {
  /** Key of its URL in `emulator.urls` and the CLI's JSON line (`smtp`); `http` and taken keys are refused. */
  key: string;
  /** URL scheme, e.g. `smtp`. */
  scheme: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Called for every accepted connection. Open sockets are destroyed when the emulator closes. */
  onConnection(socket: Socket): void;
}

/** A listener a module opened. */
export interface ModuleListener {
  url: string;
  host: string;
  port: number;
}

/** In-process access to the fault table for modules that serve other transports (SMTP asks `after-data`). */
export interface ModuleFaults {
  /** Takes (uses up one of) the first armed rule matching the request in this phase. */
  take(request: FaultRequest, phase: FaultPhase): FaultAction | undefined;
}

/** What a module gets to install itself. */
export interface EmulatorContext {
  /** The one domain store every module shares. */
  readonly store: EmulatorStore;
  readonly clock: EmulatorClock;
  /** The control API in-process (arm faults, run actions): never call the emulator's own HTTP control API. */
  readonly control: EmulatorControl;
  readonly faults: ModuleFaults;
  /** Registers a route; `pattern` is matched case-insensitively, `{name}` captures one segment. */
  route(method: string, pattern: string, options: RouteOptions, handler: Handler): void;
  gate(gate: Gate): void;
  /** Registers a protocol's formatter (replacing the built-in default once; a second module's is refused). */
  formatter(formatter: AnswerFormatter): void;
  afterFilter(filter: AfterFilter): void;
  action(name: string, action: ControlAction): void;
  /** Opens an extra listener (call it from `start`); its URL joins `emulator.urls` under `options.key`. */
  listen(options: ListenOptions): Promise<ModuleListener>;
  /** Base URL of the HTTP server (valid once the server listens; read it lazily). */
  baseUrl(): string;
  /** Every listener's URL, as `emulator.urls` (valid once the server listens; read it lazily). */
  urls(): Readonly<EmulatorUrls>;
  /**
   * The request journal; the server records every HTTP request, a module with its own listener (SMTP+) records
   * its transactions with `journal.record` (check `journal.active` first to keep the path cheap).
   */
  readonly journal: RequestJournal;
}

/**
 * A protocol member of the emulator (oauth, rest, throttling …). Create one instance per emulator (a factory
 * function): its private bookkeeping lives in the instance, its domain data in `ctx.store`.
 */
export interface EmulatorModule {
  name: string;
  /** Registers routes, gates, formatters, filters and actions. Runs before anything listens. */
  install(ctx: EmulatorContext): void;
  /** Runs once the HTTP server listens, in module order; may `ctx.listen()`. */
  start?(): void | Promise<void>;
  /** Forgets per-run bookkeeping (throttle logs, stats) on `emulator.reset`; the domain store is kept. */
  reset?(): void;
  /** Runs on `emulator.close()`, in reverse module order, before the listeners close. */
  close?(): void | Promise<void>;
}
