import { type Clock, systemClock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { callIdGenerator } from '../ids.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactingLogger } from '../redaction/redacting-logger.js';
import { RetryBudget } from '../retry/retry-budget.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/retry-policy.js';
import { isValidTimeoutMs } from '../transport/transport.js';
import { abortedCallError } from './abort.js';
import type { CallContext } from './call-context.js';
import type { CallObserver } from './call-events.js';
import { CallState } from './call-state.js';
import { initializeMiddleware } from './initialize-middleware.js';
import { MiddlewareStack } from './middleware-stack.js';
import { type OperationRow, operationRow } from './operation.js';
import { retryMiddleware } from './retry-middleware.js';

/** Options of {@link Pipeline}. */
export interface PipelineOptions {
  protocol: Protocol;
  /** Retry policy as data (see `retryPolicy()`); default {@link DEFAULT_RETRY_POLICY}. */
  retryPolicy?: RetryPolicy;
  /** The client's retry budget; default a new {@link RetryBudget}. */
  budget?: RetryBudget;
  clock?: Clock;
  /** Wrapped with `redactingLogger`. */
  logger?: Logger;
  /** Random source for the jitter, in [0, 1). */
  random?: () => number;
  /**
   * Call id generator; default a random v4-style id from `crypto.getRandomValues`. A call's id is drawn the first
   * time something reads `ctx.callId` (given ids are used as they are).
   */
  newCallId?: () => string;
  /** Receives every call's events (request, response, retry, throttled …); see `CallObserver`. */
  observer?: CallObserver;
}

/** Per-call options of {@link Pipeline.call}. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Uses this id instead of generating one. */
  callId?: string;
  /** The id of the call this one belongs to (kept on the context, in events and in errors' request summary). */
  parentCallId?: string;
  /** Timeout of each attempt's exchange, ms (overrides the transport's default). */
  timeoutMs?: number;
  /** Absolute deadline of the whole call, epoch ms on the pipeline's clock: no exchange runs past it. */
  deadline?: number;
}

/**
 * One client's call pipeline: a {@link MiddlewareStack} preloaded with `core:initialize` (initialize step) and
 * `core:retry` (retry step). Protocol packages add their validation, serializer, quota, auth, build, transport
 * and deserializer middleware, then run calls through {@link Pipeline.call}. `In` is the input type of every
 * call, `Out` the default result type and `Op` the operation rows its calls carry on `ctx.operation`.
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ protocol: 'rest' });
 * const pipeline = new Pipeline({ protocol: 'rest' });
 * pipeline.stack
 *   .add(async (ctx, next) => { ctx.request = { method: 'GET', url: 'https://…/Lists' }; return next() }, { step: 'serialize', name: 'serialize' })
 *   .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
 *   .add(async (ctx) => JSON.parse((ctx.response as HttpResponse).body as string), { step: 'deserialize', name: 'json' });
 * const lists = await pipeline.call(operationRow('rest', { name: 'GetLists', retryClass: 'read' }), {});
 * ```
 */
export class Pipeline<In = unknown, Out = unknown, Op extends OperationRow = OperationRow> {
  /** The middleware of this client; mutate it to customise every call. */
  readonly stack: MiddlewareStack<In, Op>;
  /** The retry budget shared by this client's calls. */
  readonly budget: RetryBudget;
  readonly retryPolicy: RetryPolicy;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** This pipeline's call ids (drawn when a call's id is first read). */
  private readonly newId: () => string;

  constructor(private readonly options: PipelineOptions) {
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.budget = options.budget ?? new RetryBudget();
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger);
    this.stack = new MiddlewareStack<In, Op>(options.protocol);
    this.newId = options.newCallId ?? callIdGenerator();
    this.stack.add(initializeMiddleware(this.retryPolicy, this.newId), {
      step: 'initialize',
      name: 'core:initialize',
    });
    this.stack.add(retryMiddleware({ policy: this.retryPolicy, budget: this.budget, random: options.random }), {
      step: 'retry',
      name: 'core:retry',
    });
  }

  /**
   * Runs one call of `operation` (its row, by reference; a bare name becomes an ad-hoc row of the pipeline's
   * protocol with the policy's retry class) with `input` through the stack and returns what the last step returned
   * (typed `Out`, or the `TOutput` the caller names for this operation).
   */
  async call<TOutput = Out>(operation: Op | string, input: In, options: CallOptions = {}): Promise<TOutput> {
    const row =
      typeof operation === 'string'
        ? (operationRow(this.options.protocol, {
            name: operation,
            retryClass: this.retryPolicy.classes[operation] ?? this.retryPolicy.defaultClass,
          }) as Op)
        : operation;
    if (options.timeoutMs !== undefined && !isValidTimeoutMs(options.timeoutMs)) {
      throw new MailUpError({
        kind: 'validation',
        protocol: this.options.protocol,
        operation: row.id,
        message: `timeoutMs must be a positive number of milliseconds (at most 2147483647), got ${String(options.timeoutMs)}`,
      });
    }
    const refused = refusedCallOption(options);
    if (refused !== undefined) {
      throw new MailUpError({
        kind: 'validation',
        protocol: this.options.protocol,
        operation: row.id,
        message: refused,
      });
    }
    const ctx: CallContext<In, Op> = new CallState<In, Op>({
      callId: options.callId,
      parentCallId: options.parentCallId,
      protocol: this.options.protocol,
      operation: row,
      input,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      deadline: options.deadline,
      logger: this.logger,
      clock: this.clock,
      observer: this.options.observer,
      newId: this.newId,
    });
    try {
      return (await this.stack.run(ctx)) as TOutput;
    } catch (thrown) {
      // No exchange started (validation, a quota refusal, a failed token refresh …): provably nothing left.
      const error = ctx.exchanges === 0 ? notSent(thrown) : thrown;
      // Whatever step observed the abort (a queue, a token wait), the caller sees kind `aborted`.
      const failure = withCallIds(ctx, ctx.signal?.aborted ? abortedCallError(ctx, error) : error);
      ctx.logger.debug(
        {
          callId: ctx.callId,
          ...(ctx.parentCallId === undefined ? {} : { parentCallId: ctx.parentCallId }),
          operation: ctx.operation.id,
          kind: MailUpError.is(failure) ? failure.kind : 'unknown',
        },
        'mailup-kit: call failed',
      );
      throw failure;
    }
  }
}

/**
 * `error` with the call's id (and parent id) in its request summary, so that every failure of a call (a
 * validation error of the initialize step included) names the call it belongs to.
 */
function withCallIds(ctx: CallContext, error: unknown): unknown {
  if (!MailUpError.is(error) || !ctx.callId) return error;
  const request = error.request;
  if (request?.callId === ctx.callId && request.parentCallId === ctx.parentCallId) return error;
  return error.with({
    request: {
      ...request,
      callId: ctx.callId,
      ...(ctx.parentCallId === undefined ? {} : { parentCallId: ctx.parentCallId }),
      ...(request?.attempt === undefined && ctx.attempt > 0 ? { attempt: ctx.attempt } : {}),
    },
  });
}

/** Call ids travel into logs, headers of events and errors: printable ASCII, bounded. */
const CALL_ID = /^[\x21-\x7e]{1,128}$/;

const ID_OPTIONS = ['callId', 'parentCallId'] as const;

/** Why a call's own id, parent id or deadline is refused, or undefined when they are fine. */
function refusedCallOption(options: CallOptions): string | undefined {
  for (const name of ID_OPTIONS) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || !CALL_ID.test(value))) {
      return `${name} must be 1 to 128 printable ASCII characters without spaces`;
    }
  }
  const deadline = options.deadline;
  if (deadline !== undefined && (typeof deadline !== 'number' || !Number.isFinite(deadline))) {
    return 'deadline must be an absolute time in epoch ms (a finite number)';
  }
  return undefined;
}

/** `error` saying `sent: 'no'` (the same error when it already does, or is no MailUpError). */
export function notSent(error: unknown): unknown {
  return MailUpError.is(error) && error.sent !== 'no' ? error.with({ sent: 'no' }) : error;
}
