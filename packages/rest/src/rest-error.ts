import type { MailUpError } from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import { withAvailableAt } from './with-available-at.js';

/**
 * Maps a failed REST resource answer (status + `{ErrorCode, ErrorDescription, ErrorName, ErrorStack}`) to one
 * typed error through core's catalogue (`restError`): 401 ⇒ `auth-expired` (the auth step refreshes once and the
 * retry loop repeats once), 403 contract ⇒ `contract-not-signed`, 429 (both wordings) ⇒ `throttled` with the
 * server's wait, `availableAt` and `{max, actual}`.
 */
export function restResourceError(
  status: number,
  body: string,
  headers: Record<string, string | string[]>,
  operation: string,
  now: number,
): MailUpError {
  return withAvailableAt(restError(status, body, { operation, headers, now }), now);
}
