import { MailUpError } from '../errors/mailup-error.js';
import type { HttpRequest, HttpSender } from '../http/http-message.js';
import type { Middleware } from './middleware.js';

/**
 * The transport step for HTTP members: sends `ctx.request` (an {@link HttpRequest}) with the call's signal, id and
 * attempt, flags `ctx.bytesMayHaveLeft` as soon as the transport reports it, and stores the raw response in
 * `ctx.response` for the deserialize step.
 */
export function transportMiddleware(sender: HttpSender): Middleware {
  return async (ctx, next) => {
    const request = ctx.request as HttpRequest | undefined;
    if (!request || typeof request !== 'object' || typeof request.url !== 'string') {
      throw new MailUpError({
        kind: 'validation',
        protocol: ctx.protocol,
        operation: ctx.operation,
        message: `${ctx.operation}: nothing to send (the serialize step set no HttpRequest)`,
      });
    }
    ctx.response = await sender.send({
      ...request,
      signal: ctx.signal ?? request.signal,
      timeoutMs: request.timeoutMs ?? ctx.timeoutMs,
      operation: request.operation ?? ctx.operation,
      callId: ctx.callId,
      attempt: ctx.attempt,
      onBytesMayHaveLeft: () => {
        ctx.bytesMayHaveLeft = true;
        request.onBytesMayHaveLeft?.();
      },
    });
    return next();
  };
}
