import { MailUpError } from '../errors/mailup-error.js';
import type { Transport, TransportAttempt } from '../transport/transport.js';
import type { CallContext } from './call-context.js';
import { emitCallEvent } from './call-events.js';
import type { Middleware } from './middleware.js';

/**
 * The transport step: sends `ctx.wire` (what the build step rendered; `ctx.request` when the pipeline has no
 * build step) through `transport` with a {@link TransportAttempt} (call id, attempt, signal, deadline,
 * `markBytesMayHaveLeft` → `ctx.bytesMayHaveLeft`), stores the raw response in `ctx.response` and hands over to
 * the deserialize step. An error the later steps raise without a request summary gets the transport's summary.
 */
export function transportMiddleware<Req, Res>(transport: Transport<Req, Res>): Middleware {
  return async (ctx, next) => {
    const wire = (ctx.wire ?? ctx.request) as Req | undefined;
    if (wire === undefined || wire === null) {
      throw new MailUpError({
        kind: 'validation',
        protocol: ctx.protocol,
        operation: ctx.operation,
        message: `${ctx.operation}: nothing to send (the serialize/build steps set no request)`,
      });
    }
    if (ctx.observer) return observedExchange(transport, wire, ctx, next);
    ctx.response = await transport.send(wire, attemptOf(ctx));
    try {
      return await next();
    } catch (error) {
      throw withSummary(transport, wire, ctx, error);
    }
  };
}

/** An error the later steps raised without a request summary, with the transport's. */
function withSummary<Req, Res>(transport: Transport<Req, Res>, wire: Req, ctx: CallContext, error: unknown): unknown {
  if (!MailUpError.is(error) || error.request || !transport.summarize) return error;
  return error.with({ request: { ...transport.summarize(wire), callId: ctx.callId, attempt: ctx.attempt } });
}

/** The exchange of a client with an observer: `request` before the send, `response` once decoded or failed. */
async function observedExchange<Req, Res>(
  transport: Transport<Req, Res>,
  wire: Req,
  ctx: CallContext,
  next: () => Promise<unknown>,
): Promise<unknown> {
  emitCallEvent(ctx, { type: 'request' });
  const started = ctx.clock.now();
  let answered = false;
  try {
    ctx.response = await transport.send(wire, attemptOf(ctx));
    answered = true;
    const result = await next();
    emitCallEvent(ctx, { type: 'response', ok: true, ...statusOf(ctx.response), ms: ctx.clock.now() - started });
    return result;
  } catch (error) {
    const failure = answered ? withSummary(transport, wire, ctx, error) : error;
    const httpStatus = MailUpError.is(failure) ? failure.httpStatus : undefined;
    emitCallEvent(ctx, {
      type: 'response',
      ok: false,
      ...(httpStatus === undefined ? statusOf(answered ? ctx.response : undefined) : { status: httpStatus }),
      ...(MailUpError.is(failure) ? { errorKind: failure.kind } : {}),
      ms: ctx.clock.now() - started,
    });
    throw failure;
  }
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
  readonly callId: string;
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
    this.callId = ctx.callId;
    this.attempt = ctx.attempt;
    this.operation = ctx.operation;
    this.signal = ctx.signal;
    this.deadline = deadline;
    this.timeoutMs = deadline !== undefined && deadline === perAttempt ? ctx.timeoutMs : undefined;
  }

  remainingMs(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - this.ctx.clock.now();
  }

  markBytesMayHaveLeft(): void {
    this.ctx.bytesMayHaveLeft = true;
  }

  get bytesMayHaveLeft(): boolean {
    return this.ctx.bytesMayHaveLeft;
  }
}
