import { MailUpError, maxSent, type SentState } from '../errors/mailup-error.js';
import type { Transport, TransportAttempt } from '../transport/transport.js';
import type { CallContext } from './call-context.js';
import { emitCallEvent } from './call-events.js';
import type { Middleware } from './middleware.js';
import { raiseSent } from './retry-middleware.js';

/**
 * The transport step: sends `ctx.wire` (what the build step rendered; `ctx.request` when the pipeline has no
 * build step) through `transport` with a {@link TransportAttempt} (call id, attempt, signal, deadline,
 * `markSent` → `ctx.sent`), stores the raw response in `ctx.response` (`ctx.sent = 'yes'`) and hands over to the
 * deserialize step. A transport's error leaves with `sent` at least what the transport marked; an error of the later
 * steps (the server answered) with `sent: 'yes'` and, when it has none, the transport's request summary.
 */
export function transportMiddleware<Req, Res>(transport: Transport<Req, Res>): Middleware {
  return async (ctx, next) => {
    const wire = (ctx.wire ?? ctx.request) as Req | undefined;
    if (wire === undefined || wire === null) {
      throw new MailUpError({
        kind: 'validation',
        protocol: ctx.protocol,
        operation: ctx.operation.id,
        message: `${ctx.operation.id}: nothing to send (the serialize/build steps set no request)`,
      });
    }
    ctx.exchanges++;
    const started = ctx.observer ? ctx.clock.now() : 0;
    if (ctx.observer) emitCallEvent(ctx, { type: 'request' });
    try {
      ctx.response = await transport.send(wire, attemptOf(ctx));
    } catch (error) {
      const failure = stamped(raiseSent(error, ctx.sent), ctx);
      if (ctx.observer) emitFailedResponse(ctx, failure, undefined, started);
      throw failure;
    }
    ctx.sent = 'yes';
    try {
      const result = await next();
      if (ctx.observer) {
        // No spread in the middle of the literal (V8's slow path): this runs once per observed exchange.
        const status = statusOf(ctx.response).status;
        const ms = ctx.clock.now() - started;
        emitCallEvent(
          ctx,
          status === undefined ? { type: 'response', ok: true, ms } : { type: 'response', ok: true, status, ms },
        );
      }
      return result;
    } catch (error) {
      const failure = answered(transport, wire, ctx, error);
      if (ctx.observer) emitFailedResponse(ctx, failure, ctx.response, started);
      throw failure;
    }
  };
}

/**
 * An error of the steps after the exchange (the server answered): `sent: 'yes'`, named by the call's operation id,
 * with the transport's request summary when it has none.
 */
function answered<Req, Res>(transport: Transport<Req, Res>, wire: Req, ctx: CallContext, error: unknown): unknown {
  if (!MailUpError.is(error)) return error;
  const summary = error.request || !transport.summarize ? undefined : transport.summarize(wire);
  if (!summary && error.sent === 'yes' && error.operation === ctx.operation.id) return error;
  return error.with({
    sent: 'yes',
    operation: ctx.operation.id,
    ...(summary ? { request: { ...summary, callId: ctx.callId, attempt: ctx.attempt } } : {}),
  });
}

/** The observer's `response` event of a failed exchange (no answer, or an answer the later steps refused). */
function emitFailedResponse(ctx: CallContext, failure: unknown, response: unknown, started: number): void {
  const httpStatus = MailUpError.is(failure) ? failure.httpStatus : undefined;
  emitCallEvent(ctx, {
    type: 'response',
    ok: false,
    ...(httpStatus === undefined ? statusOf(response) : { status: httpStatus }),
    ...(MailUpError.is(failure) ? { errorKind: failure.kind } : {}),
    ms: ctx.clock.now() - started,
  });
}

/** The status a raw response carries (an HTTP response's `status`, a SOAP response's `httpStatus`), if any. */
function statusOf(response: unknown): { status?: number } {
  const raw = response as { status?: unknown; httpStatus?: unknown } | undefined;
  const status = raw?.status ?? raw?.httpStatus;
  return typeof status === 'number' ? { status } : {};
}

/** The attempt the transport step hands to its transport: deadline = min(call deadline, now + timeoutMs). */
export function attemptOf(ctx: CallContext): TransportAttempt {
  return new PipelineAttempt(ctx);
}

/** One object per attempt with its methods on the prototype (no closures made per attempt). */
class PipelineAttempt implements TransportAttempt {
  readonly attempt: number;
  readonly operation: string;
  readonly signal: AbortSignal | undefined;
  readonly deadline: number | undefined;
  readonly timeoutMs: number | undefined;

  constructor(private readonly ctx: CallContext) {
    const perAttempt = ctx.timeoutMs === undefined ? undefined : ctx.clock.now() + ctx.timeoutMs;
    const deadline =
      perAttempt === undefined
        ? ctx.deadline
        : ctx.deadline === undefined
          ? perAttempt
          : Math.min(perAttempt, ctx.deadline);
    this.attempt = ctx.attempt;
    this.operation = ctx.operation.id;
    this.signal = ctx.signal;
    this.deadline = deadline;
    this.timeoutMs = deadline !== undefined && deadline === perAttempt ? ctx.timeoutMs : undefined;
  }

  /** The call's id, read from the call when something asks (an error, a log): see `CallState`. */
  get callId(): string {
    return this.ctx.callId;
  }

  remainingMs(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - this.ctx.clock.now();
  }

  markSent(state: Exclude<SentState, 'no'>): void {
    this.ctx.sent = maxSent(this.ctx.sent, state);
  }

  get sent(): SentState {
    return this.ctx.sent;
  }
}

/** A transport's error named by the call's operation id (a transport may know only the vendor's method name). */
function stamped(error: unknown, ctx: CallContext): unknown {
  if (!MailUpError.is(error) || error.operation === ctx.operation.id) return error;
  return error.with({ operation: ctx.operation.id });
}
