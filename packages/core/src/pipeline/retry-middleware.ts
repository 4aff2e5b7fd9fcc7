import { MailUpError } from '../errors/mailup-error.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import { decideRetry } from '../retry/retry-decision.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { abortedCallError } from './abort.js';
import type { CallContext } from './call-context.js';
import { emitCallEvent } from './call-events.js';
import type { Middleware } from './middleware.js';

/** Options of {@link retryMiddleware}. */
export interface RetryMiddlewareOptions {
  policy: RetryPolicy;
  /** Shared by every call of one client. */
  budget: RetryBudget;
  /** Random source in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * The only retry layer. Runs the per-attempt steps (quota, auth, build, transport, deserialize) once per attempt and
 * repeats them as {@link decideRetry} allows, paying each retry from the budget (the one repeat after
 * `auth-expired` is free) and sleeping on the context's clock (abortable).
 */
export function retryMiddleware(options: RetryMiddlewareOptions): Middleware {
  const random = options.random ?? Math.random;
  return async (ctx, next) => {
    let attempts = 0;
    let authRetries = 0;
    let refusedSendRetries = 0;
    for (;;) {
      attempts++;
      ctx.attempt = attempts + authRetries;
      ctx.bytesMayHaveLeft = false;
      ctx.credentials = undefined;
      ctx.wire = undefined;
      try {
        const result = await next();
        options.budget.recordSuccess();
        return result;
      } catch (error) {
        // A caller's abort is never retried and always surfaces as kind `aborted`.
        if (ctx.signal?.aborted) throw abortedCallError(ctx, error);
        if (ctx.observer && isServerThrottle(error)) {
          emitCallEvent(ctx, { type: 'throttled', source: 'server', waitMs: error.retryAfterMs ?? 0 });
        }
        const decision = decideRetry({
          error,
          retryClass: ctx.retryClass,
          attempts,
          authRetries,
          refusedSendRetries,
          bytesMayHaveLeft: ctx.bytesMayHaveLeft,
          aborted: ctx.signal?.aborted === true,
          policy: options.policy,
          random,
        });
        if (!decision.retry) {
          if (decision.reason !== 'not-a-mailup-error' && decision.reason !== 'kind-not-retryable') {
            ctx.logger.debug(
              {
                callId: ctx.callId,
                parentCallId: ctx.parentCallId,
                operation: ctx.operation,
                attempt: ctx.attempt,
                reason: decision.reason,
              },
              'mailup-kit: not retrying',
            );
          }
          throw decision.error;
        }
        if (decision.refusedSend) refusedSendRetries++;
        if (decision.auth) {
          authRetries++;
          attempts--;
        } else if (!options.budget.tryConsume()) {
          ctx.logger.debug(
            { callId: ctx.callId, parentCallId: ctx.parentCallId, operation: ctx.operation },
            'mailup-kit: retry budget empty',
          );
          throw error;
        }
        ctx.logger.debug(
          {
            callId: ctx.callId,
            parentCallId: ctx.parentCallId,
            operation: ctx.operation,
            attempt: ctx.attempt,
            kind: (error as MailUpError).kind,
            delayMs: decision.delayMs,
          },
          'mailup-kit: retrying',
        );
        if (ctx.observer) {
          emitCallEvent(ctx, { type: 'retry', errorKind: (error as MailUpError).kind, delayMs: decision.delayMs });
        }
        await sleepOrAbort(ctx, decision.delayMs, error as MailUpError);
      }
    }
  };
}

async function sleepOrAbort(ctx: CallContext, delayMs: number, last: MailUpError): Promise<void> {
  try {
    if (delayMs > 0 || ctx.signal?.aborted) await ctx.clock.sleep(delayMs, ctx.signal);
  } catch {
    // Aborted while waiting: the last attempt's bytes may have left (an ambiguous failure), so carry that.
    ctx.bytesMayHaveLeft = last.bytesMayHaveLeft;
    throw abortedCallError(ctx, last);
  }
}

/** A `throttled` answer of the server (a REST 429, a SOAP throttle): the client's own limiter says `quota-exhausted`. */
function isServerThrottle(error: unknown): error is MailUpError {
  return MailUpError.is(error, 'throttled');
}
