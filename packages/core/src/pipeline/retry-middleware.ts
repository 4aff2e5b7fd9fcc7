import { MailUpError, maxSent, type SentState } from '../errors/mailup-error.js';
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
    // The strongest `sent` of the attempts before this one: the call's error says it if it is stronger.
    let before: SentState = 'no';
    for (;;) {
      attempts++;
      ctx.attempt = attempts + authRetries;
      ctx.sent = 'no';
      const exchanges = ctx.exchanges;
      ctx.credentials = undefined;
      ctx.wire = undefined;
      try {
        const result = await next();
        options.budget.recordSuccess();
        return result;
      } catch (failure) {
        // An attempt that never reached the transport step sent nothing: the call's fact is the earlier attempts'.
        const error =
          ctx.exchanges === exchanges ? withSent(failure, before) : raiseSent(failure, maxSent(before, ctx.sent));
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
          sent: ctx.sent,
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
                operation: ctx.operation.id,
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
            { callId: ctx.callId, parentCallId: ctx.parentCallId, operation: ctx.operation.id },
            'mailup-kit: retry budget empty',
          );
          throw error;
        }
        ctx.logger.debug(
          {
            callId: ctx.callId,
            parentCallId: ctx.parentCallId,
            operation: ctx.operation.id,
            attempt: ctx.attempt,
            kind: (error as MailUpError).kind,
            delayMs: decision.delayMs,
          },
          'mailup-kit: retrying',
        );
        if (ctx.observer) {
          emitCallEvent(ctx, { type: 'retry', errorKind: (error as MailUpError).kind, delayMs: decision.delayMs });
        }
        before = maxSent(before, ctx.sent);
        await sleepOrAbort(ctx, decision.delayMs, error as MailUpError);
      }
    }
  };
}

async function sleepOrAbort(ctx: CallContext, delayMs: number, last: MailUpError): Promise<void> {
  try {
    if (delayMs > 0 || ctx.signal?.aborted) await ctx.clock.sleep(delayMs, ctx.signal);
  } catch {
    // Aborted while waiting: what the attempts before may have sent is carried by `last`.
    throw abortedCallError(ctx, last);
  }
}

/** A `throttled` answer of the server (a REST 429, a SOAP throttle): the client's own limiter says `quota-exhausted`. */
function isServerThrottle(error: unknown): error is MailUpError {
  return MailUpError.is(error, 'throttled');
}

/** `error` with its `sent` raised to at least `sent` (the same error when it already says as much). */
export function raiseSent(error: unknown, sent: SentState): unknown {
  if (sent === 'no' || !MailUpError.is(error) || maxSent(error.sent, sent) === error.sent) return error;
  return error.with({ sent });
}

/** `error` with `sent` exactly `sent` (the same error when it already says it). */
function withSent(error: unknown, sent: SentState): unknown {
  return MailUpError.is(error) && error.sent !== sent ? error.with({ sent }) : error;
}
