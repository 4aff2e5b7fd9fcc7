import { type Clock, systemClock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactingLogger } from '../redaction/redacting-logger.js';
import { RetryBudget } from '../retry/retry-budget.js';
import { DEFAULT_RETRY_POLICY, type RetryClass, type RetryPolicy } from '../retry/retry-policy.js';
import { abortedCallError } from './abort.js';
import type { CallContext } from './call-context.js';
import { initializeMiddleware } from './initialize-middleware.js';
import { MiddlewareStack } from './middleware-stack.js';
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
  /** Call id generator; default `crypto.randomUUID`. */
  newCallId?: () => string;
}

/** Per-call options of {@link Pipeline.call}. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Fixes the retry class instead of looking it up from the policy. */
  retryClass?: RetryClass;
  /** Uses this id instead of generating one. */
  callId?: string;
  /** Timeout of each attempt's exchange, ms (overrides the transport's default). */
  timeoutMs?: number;
}

/**
 * One client's call pipeline: a {@link MiddlewareStack} preloaded with `core:initialize` (initialize step) and
 * `core:retry` (retry step). Protocol packages add their validation, serializer, quota, auth, transport and
 * deserializer middleware, then run calls through {@link Pipeline.call}.
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ protocol: 'rest' });
 * const pipeline = new Pipeline({ protocol: 'rest', retryPolicy: retryPolicy({ classes: { GetLists: 'read' } }) });
 * pipeline.stack
 *   .add(async (ctx, next) => { ctx.request = { method: 'GET', url: 'https://…/Lists' }; return next() }, { step: 'serialize', name: 'serialize' })
 *   .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
 *   .add(async (ctx) => JSON.parse((ctx.response as HttpResponse).body as string), { step: 'deserialize', name: 'json' });
 * const lists = await pipeline.call('GetLists', {});
 * ```
 */
export class Pipeline {
  /** The middleware of this client; mutate it to customise every call. */
  readonly stack: MiddlewareStack;
  /** The retry budget shared by this client's calls. */
  readonly budget: RetryBudget;
  readonly retryPolicy: RetryPolicy;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: PipelineOptions) {
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.budget = options.budget ?? new RetryBudget();
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger);
    this.stack = new MiddlewareStack(options.protocol);
    this.stack.add(initializeMiddleware(this.retryPolicy, options.newCallId), {
      step: 'initialize',
      name: 'core:initialize',
    });
    this.stack.add(retryMiddleware({ policy: this.retryPolicy, budget: this.budget, random: options.random }), {
      step: 'retry',
      name: 'core:retry',
    });
  }

  /** Runs one call of `operation` with `input` through the stack and returns what the last step returned. */
  async call<TOutput = unknown>(operation: string, input: unknown, options: CallOptions = {}): Promise<TOutput> {
    const ctx: CallContext = {
      callId: options.callId ?? '',
      protocol: this.options.protocol,
      operation,
      retryClass: options.retryClass ?? this.retryPolicy.defaultClass,
      input,
      request: undefined,
      response: undefined,
      attempt: 0,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      bytesMayHaveLeft: false,
      logger: this.logger,
      clock: this.clock,
      items: new Map(options.retryClass ? [['retryClassFixed', true]] : []),
    };
    try {
      return (await this.stack.run(ctx)) as TOutput;
    } catch (error) {
      // Whatever step observed the abort (a queue, a token wait), the caller sees kind `aborted`.
      if (ctx.signal?.aborted) throw abortedCallError(ctx, error);
      throw error;
    }
  }
}
