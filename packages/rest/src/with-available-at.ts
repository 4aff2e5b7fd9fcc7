import { MailUpError } from '@mailup-kit/core';

/** The same error with `availableAt` = now + its wait, when it has a wait and no `availableAt` yet. */
export function withAvailableAt(error: MailUpError, now: number): MailUpError {
  if (error.retryAfterMs === undefined || error.availableAt !== undefined) return error;
  return new MailUpError({
    kind: error.kind,
    protocol: error.protocol,
    operation: error.operation,
    message: error.message,
    vendorCode: error.vendorCode,
    httpStatus: error.httpStatus,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    availableAt: now + error.retryAfterMs,
    request: error.request,
    details: error.details,
    cause: error.cause,
  });
}
