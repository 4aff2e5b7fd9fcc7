import type { IncomingHttpHeaders } from 'node:http';
import type { Clock, Protocol } from '@mailup-kit/core';
import type { EmulatorState } from './state.js';

/** A parsed request as handlers see it. */
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
  /** The matched route (undefined only for gates that run on unmatched paths). */
  route: RouteInfo | undefined;
  /** Per-request scratch space that gates fill for handlers (e.g. `accountId` after bearer auth). */
  locals: Record<string, unknown>;
}

/** What a handler returns. `body` may be a string, a Buffer or a JSON-serializable value (sent as JSON). */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | undefined;
  /** Serialized as JSON with `content-type: application/json; charset=utf-8` unless `body` is set. */
  json?: unknown;
}

/** Handles one route. */
export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** Route metadata used by gates (auth, throttling) and counters. */
export interface RouteOptions {
  /** Which member of the family answers here. */
  protocol: Protocol;
  /** Operation name for limits and counters, e.g. `GET Console/User/Lists` or `CreateNewsletter`. */
  operation?: string;
  /** Free-form tags gates can read, e.g. `{ auth: 'bearer' }`. */
  tags?: Readonly<Record<string, string>>;
}

/** A matched route. */
export interface RouteInfo extends RouteOptions {
  method: string;
  pattern: string;
  operation: string;
}

/**
 * A gate runs after routing and before the handler, in ascending `order`. Returning a response short-circuits
 * the request (e.g. 401, 429); returning undefined lets it through.
 */
export interface Gate {
  name: string;
  order: number;
  run(req: EmulatorRequest): EmulatorResponse | undefined | Promise<EmulatorResponse | undefined>;
}

/** A control action callable in-process (`emulator.control.action(name, args)`) or over HTTP. */
export type ControlAction = (args: Record<string, unknown>) => unknown | Promise<unknown>;

/** The emulator's clock: real time plus an offset the control API can move forward. */
export interface EmulatorClock extends Clock {
  /** Moves emulator time forward by `ms` (tokens expire, windows roll over). */
  advance(ms: number): void;
  /** Current offset from real time, ms. */
  readonly offsetMs: number;
}

/** What a module gets to install itself. */
export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly clock: EmulatorClock;
  /** Registers a route; `pattern` is matched case-insensitively, `{name}` captures one segment. */
  route(method: string, pattern: string, options: RouteOptions, handler: Handler): void;
  gate(gate: Gate): void;
  action(name: string, action: ControlAction): void;
  /** Base URL of the HTTP server (valid once the server listens; read it lazily). */
  baseUrl(): string;
}

/** A protocol member of the emulator (oauth, rest, throttling …). */
export interface EmulatorModule {
  name: string;
  install(ctx: EmulatorContext): void;
}
