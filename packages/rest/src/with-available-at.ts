import type { MailUpError } from '@mailup-kit/core';

/** The same error with `availableAt` = now + its wait, when it has a wait and no `availableAt` yet. */
export function withAvailableAt(error: MailUpError, now: number): MailUpError {
  if (error.retryAfterMs === undefined || error.availableAt !== undefined) return error;
  return error.with({ availableAt: now + error.retryAfterMs });
}
