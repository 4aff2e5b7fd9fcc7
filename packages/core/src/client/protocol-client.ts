import { systemClock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { type OperationRow, type OperationSpec, operationRow } from '../pipeline/operation.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { transportMiddleware } from '../pipeline/transport-middleware.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import { type RetryClass, retryPolicy } from '../retry/retry-policy.js';
import { RETRY_CLASSES } from '../retry/retryable.js';
import type { Transport } from '../transport/transport.js';
import type { ClientConfig, TransportSettings } from './client-config.js';
import { applyPlugins, type ClientPlugin } from './client-plugin.js';

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

/** What a protocol package tells the template (once, in its client's constructor). `Op` is its table's row type. */
export interface ProtocolClientOptions<Req, Res, L, Op extends OperationRow = OperationRow> {
  protocol: Protocol;
  /** The operation table (see `operationTable`): keyed by name, or a list of rows. */
  operations: Readonly<Record<string, Op>> | readonly Op[];
  /** The user's configuration. */
  config?: ClientConfig<Req, Res, L>;
  /** Builds the default transport when `config.transport` is absent (closed by {@link ProtocolClient.close}). */
  createTransport: (settings: TransportSettings) => Transport<Req, Res>;
  /**
   * Renders the structured request of `ctx.operation` from the caller's input (no credentials: the auth and build
   * steps add them).
   */
  serialize: (input: unknown, ctx: CallContext<unknown, Op>) => Req;
  /** The `build` step (renders `ctx.request` + `ctx.credentials` into `ctx.wire`); absent ⇒ the request is sent as is. */
  build?: Middleware<unknown, Op>;
  /** Maps the raw response of `ctx.operation` to the result (throws the protocol's MailUpError for an error answer). */
  deserialize: (response: Res, ctx: CallContext<unknown, Op>) => unknown;
  /** The protocol's own plugins (e.g. its auth), applied before `config.plugins`. */
  plugins?: readonly ClientPlugin[];
  /** Turns `config.limiter` into the quota plugin (protocol packages pass `quotaPlugin` from limits). */
  limiterPlugin?: (limiter: L) => ClientPlugin;
}

/**
 * The client template every protocol package builds on, so that a client is its operation table plus thin typed
 * methods: one pipeline (initialize → serialize → retry → quota → auth → build → transport → deserialize) built
 * from a {@link ClientConfig}, the row of each call carried on `ctx.operation` (typed methods pass rows by
 * reference: nothing is looked up by name once a call starts), the limiter turned into the quota plugin, plugins
 * applied once, and a generic {@link ProtocolClient.request} escape hatch on the same pipeline.
 *
 * @example
 * ```ts
 * import { type HttpRequest, type HttpResponse, type Transport } from '@mailup-kit/core';
 * import { ProtocolClient, operationTable } from '@mailup-kit/core/pipeline';
 *
 * const echo: Transport<HttpRequest, HttpResponse> = {
 *   send: async (req) => ({ status: 200, headers: {}, body: JSON.stringify({ url: req.url }), url: req.url }),
 * };
 * const OPS = operationTable('rest', [{ name: 'GET Lists', method: 'GET', path: '/Lists', retryClass: 'read' }] as const);
 * const client = new ProtocolClient<HttpRequest, HttpResponse, never, (typeof OPS)['GET Lists']>({
 *   protocol: 'rest',
 *   operations: OPS,
 *   config: { transport: echo },
 *   createTransport: () => echo,
 *   serialize: (_input, ctx) => ({ method: ctx.operation.method, url: `https://services.mailup.com${ctx.operation.path}` }),
 *   deserialize: (res) => JSON.parse(String(res.body)),
 * });
 * const lists = await client.call(OPS['GET Lists'], undefined); // { url: 'https://services.mailup.com/Lists' }
 * ```
 */
export class ProtocolClient<Req, Res, L = unknown, Op extends OperationRow = OperationRow> {
  /** The call pipeline (add middleware, or inspect it with `pipeline.stack.describe()`). */
  readonly pipeline: Pipeline<unknown, unknown, Op>;
  /** The operation table's rows, by id. */
  readonly operations: ReadonlyMap<string, Op>;
  /** The transport in use. */
  readonly transport: Transport<Req, Res>;
  /** Names of the plugins applied, in order. */
  readonly plugins: readonly string[];
  private readonly ownsTransport: boolean;
  private readonly timeoutMs: number | undefined;
  private readonly protocol: Protocol;

  constructor(options: ProtocolClientOptions<Req, Res, L, Op>) {
    const config = options.config ?? {};
    this.protocol = options.protocol;
    const table = new Map<string, Op>();
    const rows: readonly Op[] = Array.isArray(options.operations)
      ? options.operations
      : Object.values(options.operations as Readonly<Record<string, Op>>);
    for (const row of rows) {
      if (!row || typeof row.id !== 'string' || !RETRY_CLASSES.includes(row.retryClass)) {
        throw this.invalid('ProtocolClient', 'every operation row needs an id and a retry class (see operationTable)');
      }
      if (table.has(row.id)) throw this.invalid('ProtocolClient', `operation "${row.id}" is listed twice`);
      table.set(row.id, row);
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
    this.pipeline = new Pipeline<unknown, unknown, Op>({
      protocol: options.protocol,
      clock,
      logger: config.logger,
      budget: config.budget as RetryBudget | undefined,
      retryPolicy: retryPolicy(config.retryPolicy),
      observer: config.observer,
    });
    const { serialize, deserialize } = options;
    this.pipeline.stack.add(prepareStep, { step: 'initialize', name: `${options.protocol}:prepare` });
    this.pipeline.stack.add(
      (ctx, next) => {
        ctx.request = serialize(ctx.input, ctx);
        return next();
      },
      { step: 'serialize', name: `${options.protocol}:serialize` },
    );
    if (options.build) this.pipeline.stack.add(options.build, { step: 'build', name: `${options.protocol}:build` });
    this.pipeline.stack
      .add(transportMiddleware(this.transport), { step: 'transport', name: 'core:transport' })
      .add(async (ctx) => deserialize(ctx.response as Res, ctx), {
        step: 'deserialize',
        name: `${options.protocol}:deserialize`,
      });
    plugins.push(...(options.plugins ?? []), ...(config.plugins ?? []));
    this.plugins = applyPlugins(this.pipeline.stack, plugins);
  }

  /** Runs `operation` (a row of the table, passed by reference) with `input`. */
  call<T = unknown>(operation: Op, input: unknown, options: ClientCallOptions = {}): Promise<T> {
    if (!operation || typeof operation.id !== 'string') {
      return Promise.reject(this.invalid(`${this.protocol}:call`, 'call() needs an operation row of the table'));
    }
    return this.pipeline.call<T>(operation, input, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      callId: options.callId,
      parentCallId: options.parentCallId,
      deadline: options.deadline,
    });
  }

  /**
   * The escape hatch: runs an operation that is not in the table (a newer vendor endpoint) on the same pipeline —
   * same retry, quota, auth and transport. Its retry class defaults to `send` (never repeated once bytes may have
   * left) unless you say it is a `read` or an `idempotent-write`; its id is `<protocol>:<name>` unless given.
   */
  request<T = unknown>(
    operation: Omit<Op, keyof OperationRow> & Omit<OperationSpec, 'retryClass'> & { retryClass?: RetryClass },
    input?: unknown,
    options: ClientCallOptions = {},
  ): Promise<T> {
    if (!operation || typeof operation.name !== 'string' || operation.name === '') {
      return Promise.reject(this.invalid(`${this.protocol}:request`, 'request() needs an operation with a name'));
    }
    const retryClass = operation.retryClass ?? 'send';
    if (!RETRY_CLASSES.includes(retryClass)) {
      return Promise.reject(
        this.invalid(`${this.protocol}:${operation.name}`, `unknown retry class "${String(retryClass)}"`),
      );
    }
    let row: Op;
    try {
      row = operationRow(this.protocol, { ...operation, retryClass }) as unknown as Op;
    } catch (error) {
      return Promise.reject(error);
    }
    return this.call<T>(row, input, options);
  }

  /** Closes the transport if this client created it (waits for a transport whose `close()` is asynchronous). */
  async close(): Promise<void> {
    if (this.ownsTransport) await (this.transport as { close?: () => unknown }).close?.();
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
  if (!(ctx.input instanceof DeferredInput)) return next();
  const produced = ctx.input.produce();
  if (produced instanceof Promise) {
    return produced.then((input) => {
      ctx.input = input;
      return next();
    });
  }
  ctx.input = produced;
  return next();
};
