import { MailUpError, redactString } from '@mailup-kit/core';
import { retryAfterMs } from './token-endpoint-error.js';

interface RestErrorBody {
  ErrorCode?: unknown;
  ErrorDescription?: unknown;
  ErrorName?: unknown;
}

function kindFor(status: number, description: string): MailUpError['kind'] {
  if (status === 401) return 'auth-expired';
  if (status === 403 && /contract not signed/i.test(description)) return 'contract-not-signed';
  if (status === 429 || (status === 403 && /too_many_requests|too many requests/i.test(description)))
    return 'throttled';
  if (status === 403) return 'auth-invalid';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400) return 'validation';
  if (status >= 500) return 'transient';
  return 'permanent';
}

/**
 * Maps a failed REST resource answer (status + `{ErrorCode, ErrorDescription, ErrorName, ErrorStack}`) to one
 * typed error: 401 ⇒ `auth-expired` (the auth step refreshes once and the retry loop repeats once), 403 contract
 * ⇒ `contract-not-signed`, 429 (both wordings) ⇒ `throttled` with the server's wait and `{max, actual}`.
 */
export function restResourceError(
  status: number,
  body: string,
  headers: Record<string, string | string[]>,
  operation: string,
  now: number,
): MailUpError {
  let parsed: RestErrorBody = {};
  try {
    parsed = JSON.parse(body) as RestErrorBody;
  } catch {
    // not JSON
  }
  const description = typeof parsed.ErrorDescription === 'string' ? parsed.ErrorDescription : '';
  const kind = kindFor(status, description);
  const details: Record<string, unknown> = {};
  const max = /Max:\s*(\d+)/i.exec(description);
  const actual = /actual:\s*(\d+)/i.exec(description);
  if (max) details.max = Number(max[1]);
  if (actual) details.actual = Number(actual[1]);
  const wait = kind === 'throttled' ? (retryAfterMs(headers, description, now) ?? 1000) : undefined;
  return new MailUpError({
    kind,
    protocol: 'rest',
    operation,
    httpStatus: status,
    vendorCode: typeof parsed.ErrorCode === 'string' ? parsed.ErrorCode : String(status),
    message: `${operation}: HTTP ${status}${description ? ` ${redactString(description).slice(0, 300)}` : ''}`,
    retryAfterMs: wait,
    availableAt: wait === undefined ? undefined : now + wait,
    details: Object.keys(details).length ? details : undefined,
  });
}
