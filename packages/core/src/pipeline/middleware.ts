import type { CallContext } from './call-context.js';
import type { OperationRow } from './operation.js';

/**
 * One piece of the pipeline: do something, call `next()` to continue with the following middleware (and get its
 * result), do something with the result or error, return. Must not call `next()` concurrently; the retry step
 * calls it once per attempt. `In` is the call's input type and `Op` its operation row (see {@link CallContext}).
 *
 * @example
 * ```ts
 * const timing: Middleware = async (ctx, next) => {
 *   const started = ctx.clock.now();
 *   try { return await next() } finally { ctx.logger.debug({ ms: ctx.clock.now() - started }, ctx.operation.id) }
 * };
 * ```
 */
export type Middleware<In = unknown, Op extends OperationRow = OperationRow> = (
  ctx: CallContext<In, Op>,
  next: () => Promise<unknown>,
) => Promise<unknown>;
