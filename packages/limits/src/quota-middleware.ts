import { type ClientPlugin, provablyNotSent } from '@mailup-kit/core';
import { type CallContext, definePlugin, emitCallEvent, type Middleware } from '@mailup-kit/core/pipeline';
import type { LimitedCall, Limiter } from './limiter.js';

/** Options of {@link quotaMiddleware}. */
export interface QuotaMiddlewareOptions {
  /** Account of the calls (default: the limiter's). */
  account?: string | number;
  /** Units a call consumes (e.g. the recipients of a batch); default 1. */
  cost?: (ctx: CallContext) => number;
  /** The operation name used for the policy lookup; default the row's policy key, `ctx.operation.policy`. */
  operation?: (ctx: CallContext) => string;
}

/**
 * The pipeline's `quota` step: reserves on every attempt (a retry is a vendor call too), re-stamps the
 * reservation when the answer arrives (the server counted the call on arrival), refunds only when the
 * attempt provably never left the machine (no exchange started, or core's `provablyNotSent` of the error with
 * `ctx.sent` still `'no'`), and
 * turns a `throttled` answer into a pause of the key for every user of the store. A store that
 * fails after the vendor answered never changes the call's outcome (see {@link Limiter.settle}).
 *
 * @example
 * ```ts
 * pipeline.stack.add(quotaMiddleware(limiter), { step: 'quota', name: 'limits:quota' });
 * ```
 */
export function quotaMiddleware(limiter: Limiter, options: QuotaMiddlewareOptions = {}): Middleware {
  return async (ctx, next) => {
    const call: LimitedCall = {
      protocol: ctx.protocol,
      operation: options.operation?.(ctx) ?? ctx.operation.policy,
      input: ctx.input,
      ...(options.account === undefined ? {} : { account: options.account }),
      ...(options.cost ? { cost: options.cost(ctx) } : {}),
    };
    const ticket = await limiter.acquire(
      call,
      ctx.observer
        ? {
            signal: ctx.signal,
            onWait: (wait) =>
              emitCallEvent(ctx, { type: 'throttled', source: 'client', waitMs: wait.waitMs, policy: wait.key }),
          }
        : { signal: ctx.signal },
    );
    const exchanges = ctx.exchanges;
    let result: unknown;
    try {
      result = await next();
    } catch (error) {
      // Refunded when no exchange started (an auth step that failed) or the exchange provably sent nothing.
      const never = ctx.exchanges === exchanges || (ctx.sent === 'no' && provablyNotSent(error));
      await limiter.afterFailure(call, ticket, error, never);
      throw error;
    }
    // The vendor answered: a store failing to re-stamp is reported aside, never turned into the call's error.
    await limiter.settle(call, ticket);
    return result;
  };
}

/** Name of the plugin (and of its middleware in the `quota` step). */
export const QUOTA_PLUGIN = 'limits:quota';

/**
 * The quota step as a named client plugin: every call of a client configured with it reserves against the policy
 * rows of its (protocol, operation) before each attempt (see {@link quotaMiddleware}). Protocol clients apply it
 * by default when their configuration has a `limiter`; pass it in `plugins` to use it with other options.
 *
 * @example
 * ```ts
 * import { Limiter, quotaPlugin } from '@mailup-kit/limits';
 *
 * const limiter = new Limiter({ account: 51234 });
 * const plugin = quotaPlugin(limiter); // { name: 'limits:quota', middleware: [{ step: 'quota', … }] }
 * ```
 */
export function quotaPlugin(limiter: Limiter, options: QuotaMiddlewareOptions = {}): ClientPlugin {
  return definePlugin(QUOTA_PLUGIN, [
    { step: 'quota', name: QUOTA_PLUGIN, middleware: quotaMiddleware(limiter, options) },
  ]);
}
