import { parseJsonObject } from '../body/json-body.js';
import type { ErrorKind } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { redactString } from '../redaction/redact.js';
import type { VendorErrorContext } from './vendor-code.js';

/** The transactional email Send API's answer body (REFERENCE §7.4). */
export interface SendApiAnswer {
  Status?: string;
  Code?: string | number;
  Message?: string;
}

/**
 * The kind of a failed Send API answer by HTTP status, as data. HTTP 403 is how the Send API reports bad input
 * (retrying will keep failing); any other failure is `permanent` unless listed.
 */
export const SEND_API_STATUS_KINDS: Readonly<Record<number, ErrorKind>> = Object.freeze({
  400: 'validation',
  401: 'auth-invalid',
  403: 'validation',
  429: 'throttled',
  500: 'transient',
  502: 'transient',
  503: 'transient',
  504: 'transient',
});

/**
 * Returns the body of a successful Send API answer (`Code` `"0"`), or throws the MailUpError for any other:
 * HTTP 403 ⇒ `validation`, 401 ⇒ `auth-invalid`, 429 ⇒ `throttled`, 5xx ⇒ `transient`, anything else (including
 * HTTP 200 with `Code` ≠ "0") ⇒ `permanent`.
 */
export function sendApiResult(httpStatus: number, body: unknown, context: VendorErrorContext = {}): SendApiAnswer {
  const parsed = parseJson(body);
  const code = parsed.Code === undefined ? undefined : String(parsed.Code);
  if (httpStatus >= 200 && httpStatus < 300 && code === '0') return parsed;
  const kind = SEND_API_STATUS_KINDS[httpStatus] ?? 'permanent';
  const message = redactString(String(parsed.Message ?? '')).trim();
  throw new MailUpError({
    kind,
    protocol: 'txmail',
    operation: context.operation,
    message: `${context.operation ?? 'Send API'}: HTTP ${httpStatus} Code ${code ?? '?'}${message ? ` (${message})` : ''}`,
    vendorCode: code,
    httpStatus,
    retryAfterMs: kind === 'throttled' ? 1_000 : undefined,
    request: context.request,
    details: { status: parsed.Status, description: message },
  });
}

function parseJson(body: unknown): SendApiAnswer {
  return (parseJsonObject(body) ?? {}) as SendApiAnswer;
}
