import { abortedError } from '../errors/aborted-error.js';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { NOTHING_SENT_CODES } from '../errors/nothing-sent.js';
import type { HttpRequest } from '../http/http-message.js';
import { redactString } from '../redaction/redact.js';
import type { TransportAttempt } from '../transport/transport.js';

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
  /** The attempt that failed: its signal, operation, call id and number go into the error. */
  attempt?: TransportAttempt;
  /** True when the response was over the transport's size cap. */
  tooLarge?: boolean;
}

/**
 * Maps a failure below HTTP (no response, or a response too big to read) to a MailUpError.
 * `maybeSent` false (or a code that proves nothing was written) ⇒ kind `transient`, `sent: 'no'` (safe to repeat);
 * true ⇒ kind `ambiguous`, `sent: 'maybe'` (the server may have acted); a response over the size cap ⇒ kind
 * `permanent`, `sent: 'yes'` (the server answered). A caller's abort is kind `aborted` (with `details.aborted` and
 * `sent`); the transport's own deadline is a timeout (`details.timedOut`, `details.deadlineMs`).
 */
export function networkError(
  error: unknown,
  protocol: Protocol,
  request: HttpRequest,
  maybeSent: boolean,
  facts: NetworkErrorFacts = {},
): MailUpError {
  const e = (error ?? {}) as AxiosLikeError;
  const attempt = facts.attempt;
  const operation = attempt?.operation;
  const code = String(e.cause?.code ?? e.code ?? 'UNKNOWN');
  const deadlineHit = facts.deadlineHit === true;
  const aborted =
    !deadlineHit && (e.code === 'ERR_CANCELED' || e.name === 'CanceledError' || attempt?.signal?.aborted === true);
  const timedOut = deadlineHit || code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const tooLarge = facts.tooLarge === true || /maxContentLength/.test(e.message ?? '');
  const sent = maybeSent && !NOTHING_SENT_CODES.has(code);
  const what = tooLarge
    ? 'response too large'
    : timedOut
      ? `timed out${facts.deadlineMs === undefined ? '' : ` (the ${facts.deadlineMs} ms deadline of the whole exchange passed)`}`
      : code.startsWith('ERR_PROXY')
        ? `failed: ${redactString(e.message ?? code)}`
        : `failed (${code})`;
  const url = redactString(request.url);
  const summary = { method: request.method.toUpperCase(), url, callId: attempt?.callId, attempt: attempt?.attempt };
  if (aborted) {
    // The caller's abort: kind `aborted`, whatever the socket was doing (bytes may have left only if they could).
    return abortedError({
      protocol,
      operation,
      sent: sent ? 'maybe' : 'no',
      reason: attempt?.signal?.reason,
      what: `${request.method.toUpperCase()} ${url}`,
      request: summary,
    });
  }
  const cause = new Error(redactString(`${code}: ${e.message ?? String(error)}`));
  return new MailUpError({
    kind: tooLarge ? 'permanent' : sent ? 'ambiguous' : 'transient',
    protocol,
    operation,
    message: `${request.method.toUpperCase()} ${url} ${what}${sent ? ' after the request may have reached the server' : ' before the request was sent'}`,
    httpStatus: e.response?.status,
    sent: tooLarge ? 'yes' : sent ? 'maybe' : 'no',
    request: summary,
    details: {
      networkCode: deadlineHit ? 'DEADLINE' : code,
      aborted: false,
      timedOut,
      ...(timedOut && facts.deadlineMs !== undefined ? { deadlineMs: facts.deadlineMs } : {}),
      ...(tooLarge ? { tooLarge } : {}),
    },
    cause,
  });
}
