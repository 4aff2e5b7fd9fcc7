import { type ClientPlugin, definePlugin, MailUpError, operationOf } from '@mailup-kit/core';
import type { LimitedCall, Limiter, QuotaMiddlewareOptions } from '@mailup-kit/limits';

/** Name of the plugin (and of its middleware in the `quota` step). */
export const SMTP_PACING_PLUGIN = 'smtp:pacing';

/**
 * The relay's quota step: before each attempt it reserves one message against the limiter's `smtp` row (the
 * level of service, shared by every worker of the limiter's store; a backlog past the policy's bound is refused
 * with `quota-exhausted`). A delivered message's reservation is re-stamped when the relay's answer arrives: the
 * relay counted the message somewhere between its release and that answer, so every later reservation sees it in
 * the window of its arrival, and no window of the relay's clock ever holds more than the pace allows — even when a
 * message was slow to arrive (a cold connection's STARTTLS and AUTH, a congested network: keeping the release
 * time let the next burst go one window after the release, on top of the late one). The cost is one SMTP
 * transaction per pace window. A message that provably never left is refunded; a throttled answer pauses the key
 * for every worker.
 */
export function smtpPacingPlugin(limiter: Limiter, options: QuotaMiddlewareOptions = {}): ClientPlugin {
  return definePlugin(SMTP_PACING_PLUGIN, [
    {
      step: 'quota',
      name: SMTP_PACING_PLUGIN,
      middleware: async (ctx, next) => {
        const call: LimitedCall = {
          protocol: ctx.protocol,
          operation: options.operation?.(ctx) ?? operationOf(ctx)?.policy ?? ctx.operation,
          input: ctx.input,
          ...(options.account === undefined ? {} : { account: options.account }),
          ...(options.cost ? { cost: options.cost(ctx) } : {}),
        };
        const ticket = await limiter.acquire(call, { signal: ctx.signal });
        let result: unknown;
        try {
          result = await next();
        } catch (error) {
          const left = ctx.bytesMayHaveLeft || (MailUpError.is(error) && error.bytesMayHaveLeft);
          if (!left && MailUpError.is(error) && error.kind !== 'throttled') await ticket.refund();
          else await ticket.settle(); // the relay may have counted it: in the window of now, like a delivered one
          await limiter.feedback(call, error);
          throw error;
        }
        await ticket.settle();
        return result;
      },
    },
  ]);
}
