import { systemClock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { transportMiddleware } from '../pipeline/transport-middleware.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import { type RetryClass, retryPolicy } from '../retry/retry-policy.js';
import { RETRY_CLASSES } from '../retry/retryable.js';
import type { Transport } from '../transport/transport.js';
import type { ClientConfig, TransportSettings } from './client-config.js';
import { applyPlugins, type ClientPlugin } from './client-plugin.js';

/**
 * One row of a client's operation table: data, not code. The client's typed methods name a row and pass their
 * input; serializing, retrying, the quota step and auth all read from here.
 */
export interface OperationSpec {
  /** Name of the operation in the pipeline, errors, retry policy and policy table, e.g. `GET Console/User/Lists`. */
  readonly name: string;
  /** HTTP method (HTTP members). */
  readonly method?: string;
  /** Path (template) under the client's base URL (HTTP members), or the SOAP action. */
  readonly path?: string;
  readonly retryClass: RetryClass;
  /**
   * Operation name the quota step looks up in the policy table (default {@link OperationSpec.name}), e.g. the
   * SOAP method name when a SOAP action says more.
   */
  readonly policy?: string;
  /** How a collection operation pages (documentation for callers and paging helpers). */
  readonly paging?: 'page-number' | 'none';
}

/** A client's operation table. */
export type OperationTable = readonly OperationSpec[];

/** What the template puts in `ctx.input`: the operation row and the caller's input. */
export interface OperationInput<In = unknown> {
  readonly operation: OperationSpec;
  readonly input: In;
}

/**
 * Per-call options of every client's typed methods and `request()` (and of {@link ProtocolClient.call} /
 * {@link ProtocolClient.request}).
 */
export interface ClientCallOptions {
  /** Aborts the call (kind `aborted`). */
  signal?: AbortSignal;
  /** Deadline of each exchange of this call, ms (default the client's `timeoutMs`). */
  timeoutMs?: number;
  /**
   * The call's id (default a random one): in logs, events and errors (`err.request.callId`). 1 to 128 printable
   * ASCII characters.
   */
  callId?: string;
  /** The id of the call this one belongs to (e.g. a facade call): kept in logs, events and errors. */
  parentCallId?: string;
  /**
   * Absolute deadline of the whole call, retries and waits included (epoch ms on the client's clock): no exchange
   * runs past it.
   */
  deadline?: number;
}

/** An input produced (and validated) inside the call's initialize step: see {@link deferInput}. */
export class DeferredInput<T = unknown> {
  constructor(readonly produce: () => T | Promise<T>) {}
}

/**
 * Wraps the checking and building of a typed method's input so that it runs inside the pipeline's initialize step
 * (after the call got its id), not before the call: a `validation` error then carries the call id, reaches the
 * logger, and the caller's `callId` / `parentCallId` are on it.
 *
 * @example
 * ```ts
 * return this.client.call('send', deferInput(() => composeMessage(message)), options);
 * ```
 */
export function deferInput<T>(produce: () => T | Promise<T>): DeferredInput<T> {
  return new DeferredInput(produce);
}

/**
 * Only the {@link ClientCallOptions} of `options` (signal, timeoutMs, callId, parentCallId, deadline): what a
 * typed method passes on to the template from an options object that also holds its own fields.
 */
export function callOptionsOf(options: ClientCallOptions | undefined): ClientCallOptions {
  if (!options) return {};
  const { signal, timeoutMs, callId, parentCallId, deadline } = options;
  return { signal, timeoutMs, callId, parentCallId, deadline };
}

/** What a protocol package tells the template (once, in its client's constructor). */
export interface ProtocolClientOptions<Req, Res, L> {
  protocol: Protocol;
  operations: OperationTable;
  /** The user's configuration. */
  config?: ClientConfig<Req, Res, L>;
  /** Builds the default transport when `config.transport` is absent (closed by {@link ProtocolClient.close}). */
  createTransport: (settings: TransportSettings) => Transport<Req, Res>;
  /** Renders the structured request of one operation (no credentials: the auth and build steps add them). */
  serialize: (operation: OperationSpec, input: unknown, ctx: CallContext) => Req;
  /** The `build` step (renders `ctx.request` + `ctx.credentials` into `ctx.wire`); absent ⇒ the request is sent as is. */
  build?: Middleware;
  /** Maps the raw response to the result (throws the protocol's MailUpError for an error answer). */
  deserialize: (response: Res, operation: OperationSpec, ctx: CallContext) => unknown;
  /** The protocol's own plugins (e.g. its auth), applied before `config.plugins`. */
  plugins?: readonly ClientPlugin[];
  /** Turns `config.limiter` into the quota plugin (protocol packages pass `quotaPlugin` from limits). */
  limiterPlugin?: (limiter: L) => ClientPlugin;
}

const OPERATION_ITEM = 'mailup-kit:operation';

/**
 * The operation row of the call `ctx` belongs to (set by the template's serialize step), or undefined for a
 * pipeline that is not a {@link ProtocolClient}'s. The quota step reads its `policy` name from here.
 */
export function operationOf(ctx: CallContext): OperationSpec | undefined {
  return ctx.items.get(OPERATION_ITEM) as OperationSpec | undefined;
}

/**
 * The client template every protocol package builds on, so that a client is its operation table plus thin typed
 * methods: one pipeline (initialize → serialize → retry → quota → auth → build → transport → deserialize) built
 * from a {@link ClientConfig}, the retry classes taken from the table, the limiter turned into the quota plugin,
 * plugins applied once, and a generic {@link ProtocolClient.request} escape hatch on the same pipeline.
 *
 * @example
 * ```ts
 * import { ProtocolClient, type HttpRequest, type HttpResponse, type Transport } from '@mailup-kit/core';
 *
 * const echo: Transport<HttpRequest, HttpResponse> = {
 *   send: async (req) => ({ status: 200, headers: {}, body: JSON.stringify({ url: req.url }), url: req.url }),
 * };
 * const client = new ProtocolClient<HttpRequest, HttpResponse, never>({
 *   protocol: 'rest',
 *   operations: [{ name: 'GET Lists', method: 'GET', path: '/Lists', retryClass: 'read' }],
 *   config: { transport: echo },
 *   createTransport: () => echo,
 *   serialize: (op) => ({ method: op.method ?? 'GET', url: `https://services.mailup.com${op.path}` }),
 *   deserialize: (res) => JSON.parse(String(res.body)),
 * });
 * const lists = await client.call('GET Lists', undefined); // { url: 'https://services.mailup.com/Lists' }
 * ```
 */
export class ProtocolClient<Req, Res, L = unknown> {
  /** The call pipeline (add middleware, or inspect it with `pipeline.stack.describe()`). */
  readonly pipeline: Pipeline;
  /** The operation table, by name. */
  readonly operations: ReadonlyMap<string, OperationSpec>;
  /** The transport in use. */
  readonly transport: Transport<Req, Res>;
  /** Names of the plugins applied, in order. */
  readonly plugins: readonly string[];
  private readonly ownsTransport: boolean;
  private readonly timeoutMs: number | undefined;
  private readonly protocol: Protocol;

  constructor(options: ProtocolClientOptions<Req, Res, L>) {
    const config = options.config ?? {};
    this.protocol = options.protocol;
    const table = new Map<string, OperationSpec>();
    for (const row of options.operations) {
      if (!row || typeof row.name !== 'string' || row.name === '' || !RETRY_CLASSES.includes(row.retryClass)) {
        throw this.invalid('ProtocolClient', 'every operation row needs a name and a retry class');
      }
      if (table.has(row.name)) throw this.invalid('ProtocolClient', `operation "${row.name}" is listed twice`);
      table.set(row.name, Object.freeze({ ...row }));
    }
    this.operations = table;
    if (config.timeoutMs !== undefined && !(Number.isFinite(config.timeoutMs) && config.timeoutMs > 0)) {
      throw this.invalid('ProtocolClient', 'timeoutMs must be a positive number of ms');
    }
    this.timeoutMs = config.timeoutMs;
    // Everything that can be refused is checked before the transport exists (nothing to leak).
    const plugins: ClientPlugin[] = [];
    if (config.limiter !== undefined && config.limiter !== null) {
      if (!options.limiterPlugin) {
        throw this.invalid('ProtocolClient', `the ${options.protocol} client cannot use a limiter (no quota plugin)`);
      }
      plugins.push(options.limiterPlugin(config.limiter));
    }
    const clock = config.clock ?? systemClock;
    this.ownsTransport = config.transport === undefined;
    this.transport =
      config.transport ??
      options.createTransport({
        logger: config.logger,
        clock: config.clock,
        userAgent: config.userAgent,
        timeoutMs: config.timeoutMs,
        proxy: config.proxy,
        tls: config.tls,
      });
    const classes = Object.fromEntries([...table.values()].map((row) => [row.name, row.retryClass]));
    this.pipeline = new Pipeline({
      protocol: options.protocol,
      clock,
      logger: config.logger,
      budget: config.budget as RetryBudget | undefined,
      retryPolicy: retryPolicy({ ...config.retryPolicy, classes: { ...classes, ...config.retryPolicy?.classes } }),
      observer: config.observer,
    });
    const { serialize, deserialize } = options;
    this.pipeline.stack.add(prepareStep, { step: 'initialize', name: `${options.protocol}:prepare` });
    this.pipeline.stack.add(
      (ctx, next) => {
        const { operation, input } = ctx.input as OperationInput;
        ctx.items.set(OPERATION_ITEM, operation);
        ctx.request = serialize(operation, input, ctx);
        return next();
      },
      { step: 'serialize', name: `${options.protocol}:serialize` },
    );
    if (options.build) this.pipeline.stack.add(options.build, { step: 'build', name: `${options.protocol}:build` });
    this.pipeline.stack
      .add(transportMiddleware(this.transport), { step: 'transport', name: 'core:transport' })
      .add(async (ctx) => deserialize(ctx.response as Res, (ctx.input as OperationInput).operation, ctx), {
        step: 'deserialize',
        name: `${options.protocol}:deserialize`,
      });
    plugins.push(...(options.plugins ?? []), ...(config.plugins ?? []));
    this.plugins = applyPlugins(this.pipeline.stack, plugins);
  }

  /** Runs the operation named `name` (a row of the table) with `input`. */
  call<T = unknown>(name: string, input: unknown, options: ClientCallOptions = {}): Promise<T> {
    const operation = this.operations.get(name);
    if (!operation) return Promise.reject(this.invalid(name, `unknown operation "${name}"`));
    return this.run<T>(operation, input, options);
  }

  /**
   * The escape hatch: runs an operation that is not in the table (a newer vendor endpoint) on the same pipeline —
   * same retry, quota, auth and transport. Its retry class defaults to `send` (never repeated once bytes may have
   * left) unless you say it is a `read` or an `idempotent-write`.
   */
  request<T = unknown>(operation: OperationSpec, input?: unknown, options: ClientCallOptions = {}): Promise<T> {
    if (!operation || typeof operation.name !== 'string' || operation.name === '') {
      return Promise.reject(this.invalid('request', 'request() needs an operation with a name'));
    }
    const retryClass = operation.retryClass ?? 'send';
    if (!RETRY_CLASSES.includes(retryClass)) {
      return Promise.reject(this.invalid(operation.name, `unknown retry class "${String(retryClass)}"`));
    }
    return this.run<T>({ ...operation, retryClass }, input, options, true);
  }

  /** Closes the transport if this client created it (waits for a transport whose `close()` is asynchronous). */
  async close(): Promise<void> {
    if (this.ownsTransport) await (this.transport as { close?: () => unknown }).close?.();
  }

  private run<T>(operation: OperationSpec, input: unknown, options: ClientCallOptions, adHoc = false): Promise<T> {
    const payload: OperationInput = { operation, input };
    return this.pipeline.call<T>(operation.name, payload, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      callId: options.callId,
      parentCallId: options.parentCallId,
      deadline: options.deadline,
      ...(adHoc ? { retryClass: operation.retryClass } : {}),
    });
  }

  private invalid(operation: string, message: string): MailUpError {
    return new MailUpError({ kind: 'validation', protocol: this.protocol, operation, message });
  }
}

/**
 * The template's part of the initialize step: a {@link DeferredInput} is produced here (its validation errors get
 * the call's id), any other input passes through untouched.
 */
const prepareStep: Middleware = (ctx, next) => {
  const payload = ctx.input as OperationInput;
  if (!(payload?.input instanceof DeferredInput)) return next();
  const produced = payload.input.produce();
  if (produced instanceof Promise) {
    return produced.then((input) => {
      ctx.input = { operation: payload.operation, input } satisfies OperationInput;
      return next();
    });
  }
  ctx.input = { operation: payload.operation, input: produced } satisfies OperationInput;
  return next();
};
