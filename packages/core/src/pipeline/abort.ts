import { abortedError } from '../errors/aborted-error.js';
import { MailUpError, maxSent } from '../errors/mailup-error.js';
import type { CallContext } from './call-context.js';

/**
 * The error a call surfaces once its caller aborted: `error` itself when it already is kind `aborted`, otherwise a
 * kind `aborted` MailUpError (`sent` the stronger of the context's and the error's) with `error` as its cause. Any
 * middleware that rejected with the bare `signal.reason` (a DOMException `AbortError`) is covered by this.
 */
export function abortedCallError(ctx: CallContext, error: unknown): MailUpError {
  if (MailUpError.is(error, 'aborted')) return error;
  return abortedError({
    protocol: ctx.protocol,
    operation: ctx.operation.id,
    sent: MailUpError.is(error) ? maxSent(ctx.sent, error.sent) : ctx.sent,
    reason: ctx.signal?.reason,
    request: MailUpError.is(error) ? error.request : undefined,
    details: MailUpError.is(error) ? { abortedAfter: error.message } : undefined,
    cause: error === ctx.signal?.reason ? undefined : error,
  });
}
