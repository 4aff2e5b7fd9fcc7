import { MailUpError } from '../errors/mailup-error.js';
import type { Transport, TransportAttempt } from '../transport/transport.js';
import type { CallContext } from './call-context.js';
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
    ctx.response = await transport.send(wire, attemptOf(ctx));
    try {
      return await next();
    } catch (error) {
      if (!MailUpError.is(error) || error.request || !transport.summarize) throw error;
      throw error.with({ request: { ...transport.summarize(wire), callId: ctx.callId, attempt: ctx.attempt } });
    }
  };
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
