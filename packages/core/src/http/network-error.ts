import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { redactString } from '../redaction/redact.js';
import type { HttpRequest } from './http-message.js';

/** Network error codes that prove nothing reached the server. */
const NOTHING_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
]);

interface AxiosLikeError {
  code?: string;
  message?: string;
  name?: string;
  cause?: { code?: string };
  response?: { status?: number };
}

/** What the transport knows about its own deadline when a call failed. */
export interface NetworkErrorFacts {
  /** The exchange's deadline, ms. */
  deadlineMs?: number;
  /** True when the transport's deadline (not the caller) ended the exchange. */
  deadlineHit?: boolean;
}

/**
 * Maps a failure below HTTP (no response, or a response too big to read) to a MailUpError.
 * `bytesMayHaveLeft` false ⇒ kind `transient` (safe to repeat); true ⇒ kind `ambiguous` (the server may have
 * acted). Both carry `details.bytesMayHaveLeft`; aborts also carry `details.aborted`.
 */
export function networkError(
  error: unknown,
  protocol: Protocol,
  request: HttpRequest,
  bytesMayHaveLeft: boolean,
  facts: NetworkErrorFacts = {},
): MailUpError {
  const e = (error ?? {}) as AxiosLikeError;
  const code = e.cause?.code ?? e.code ?? 'UNKNOWN';
  const deadlineHit = facts.deadlineHit === true;
  const aborted =
    !deadlineHit && (e.code === 'ERR_CANCELED' || e.name === 'CanceledError' || request.signal?.aborted === true);
  const timedOut = deadlineHit || code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const tooLarge = /maxContentLength/.test(e.message ?? '');
  const sent = bytesMayHaveLeft && !NOTHING_SENT_CODES.has(code);
  const what = aborted
    ? 'aborted'
    : tooLarge
      ? 'response too large'
      : timedOut
        ? `timed out${facts.deadlineMs === undefined ? '' : ` (the ${facts.deadlineMs} ms deadline of the whole exchange passed)`}`
        : `failed (${code})`;
  const url = redactString(request.url);
  const cause = new Error(redactString(`${code}: ${e.message ?? String(error)}`));
  return new MailUpError({
    kind: tooLarge ? 'permanent' : sent ? 'ambiguous' : 'transient',
    protocol,
    operation: request.operation,
    message: `${request.method.toUpperCase()} ${url} ${what}${sent ? ' after the request may have reached the server' : ' before the request was sent'}`,
    retryable: !aborted && !tooLarge && !sent,
    httpStatus: e.response?.status,
    request: { method: request.method.toUpperCase(), url, callId: request.callId, attempt: request.attempt },
    details: {
      bytesMayHaveLeft: sent,
      networkCode: deadlineHit ? 'DEADLINE' : code,
      aborted,
      timedOut,
      ...(timedOut && facts.deadlineMs !== undefined ? { deadlineMs: facts.deadlineMs } : {}),
      ...(tooLarge ? { tooLarge } : {}),
    },
    cause,
  });
}
