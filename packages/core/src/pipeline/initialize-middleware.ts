import { callIdGenerator } from '../ids.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { abortedCallError } from './abort.js';
import { CallState } from './call-state.js';
import type { Middleware } from './middleware.js';

/**
 * The built-in first middleware (`core:initialize`): gives the call an id (unless the caller gave one; ids come
 * from this pipeline's own batched generator; a pipeline's own context draws it when something first reads it) and
 * takes its retry class from `ctx.operation` — or from the policy's `classes`, by the row's id or name, when the
 * policy overrides it. Protocol packages add their input
 * validation after it.
 */
export function initializeMiddleware(policy: RetryPolicy, newId: () => string = callIdGenerator()): Middleware {
  const classes = policy.classes;
  const overrides = Object.keys(classes).length > 0;
  // Not async: it hands over `next()`'s own promise instead of wrapping it in one more (the stack turns a throw
  // here into a rejection).
  return (ctx, next) => {
    // A pipeline's own context draws its id when something first reads it; any other context gets one here.
    if (!(ctx instanceof CallState) && !ctx.callId) ctx.callId = newId();
    const op = ctx.operation;
    ctx.retryClass = (overrides && (classes[op.id] ?? classes[op.name])) || op.retryClass;
    if (ctx.signal?.aborted) throw abortedCallError(ctx, ctx.signal.reason);
    return next();
  };
}
