import { callIdGenerator } from '../ids.js';
import { type RetryPolicy, retryClassFor } from '../retry/retry-policy.js';
import { abortedCallError } from './abort.js';
import type { Middleware } from './middleware.js';

/**
 * The built-in first middleware (`core:initialize`): gives the call an id (unless the caller gave one; ids come from this pipeline's own batched generator) and looks
 * up its retry class (unless the caller fixed one). Protocol packages add their input validation after it.
 */
export function initializeMiddleware(policy: RetryPolicy, newId: () => string = callIdGenerator()): Middleware {
  // Not async: it hands over `next()`'s own promise instead of wrapping it in one more (the stack turns a throw
  // here into a rejection).
  return (ctx, next) => {
    if (!ctx.callId) ctx.callId = newId();
    if (!ctx.items.has('retryClassFixed')) ctx.retryClass = retryClassFor(policy, ctx.operation);
    if (ctx.signal?.aborted) throw abortedCallError(ctx, ctx.signal.reason);
    return next();
  };
}
