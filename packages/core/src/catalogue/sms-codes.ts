import { parseJsonObject } from '../body/json-body.js';
import type { ErrorKind } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { redactString } from '../redaction/redact.js';
import type { VendorErrorContext } from './vendor-code.js';

/** One row of the transactional SMS table: HTTP status × application `Code` (REFERENCE §8.2). */
export interface SmsCode {
  readonly httpStatus: number;
  readonly code: number;
  readonly meaning: string;
  /** Absent ⇒ the message was sent. */
  readonly kind?: ErrorKind;
}

/** The transactional SMS API's codes. 301 = sent and charged, statistics wrong: a success with a warning. */
export const SMS_CODES: readonly SmsCode[] = Object.freeze([
  { httpStatus: 200, code: 0, meaning: 'OK' },
  { httpStatus: 400, code: 100, meaning: 'no request found', kind: 'validation' },
  { httpStatus: 400, code: 101, meaning: 'missing or empty parameters', kind: 'validation' },
  { httpStatus: 400, code: 102, meaning: 'ListGUID not valid for account/list', kind: 'validation' },
  { httpStatus: 400, code: 103, meaning: 'ListSecret not valid for account/list', kind: 'auth-invalid' },
  { httpStatus: 400, code: 104, meaning: 'SMS sender name empty for the list', kind: 'validation' },
  { httpStatus: 400, code: 105, meaning: 'number or prefix missing', kind: 'validation' },
  { httpStatus: 400, code: 106, meaning: 'recipient invalid', kind: 'validation' },
  { httpStatus: 400, code: 107, meaning: 'content too long', kind: 'validation' },
  { httpStatus: 403, code: 201, meaning: 'listID not valid for account/list', kind: 'validation' },
  { httpStatus: 403, code: 202, meaning: 'ListGUID bad format', kind: 'validation' },
  { httpStatus: 403, code: 203, meaning: 'ListSecret bad format', kind: 'validation' },
  { httpStatus: 403, code: 204, meaning: 'cannot send SMS to a USA recipient', kind: 'permanent' },
  { httpStatus: 403, code: 205, meaning: 'sending denied: no credits', kind: 'permanent' },
  { httpStatus: 403, code: 206, meaning: 'number is opted-out for the list', kind: 'permanent' },
  { httpStatus: 403, code: 207, meaning: 'sender not certified', kind: 'permanent' },
  { httpStatus: 403, code: 250, meaning: 'access denied', kind: 'auth-invalid' },
  { httpStatus: 500, code: 300, meaning: 'generic failure', kind: 'transient' },
  { httpStatus: 500, code: 301, meaning: 'sent and charged, but statistics are wrong (DeliveryId 0)' },
  { httpStatus: 200, code: 301, meaning: 'sent and charged, but statistics are wrong (DeliveryId 0)' },
  { httpStatus: 500, code: 302, meaning: 'error delivering to the recipient', kind: 'permanent' },
] satisfies SmsCode[]);

/** The SMS API's answer body. */
export interface SmsAnswer {
  Code?: string | number;
  Description?: string;
  State?: string;
  Data?: unknown;
}

/** A successful SMS answer, with `warning` set for code 301. */
export interface SmsOutcome {
  code: number;
  body: SmsAnswer;
  warning?: string;
}

/**
 * Maps an SMS API answer (HTTP status + JSON body) to the outcome or a MailUpError. A code is looked up with its
 * HTTP status first, then alone; an unknown pair falls back on the status (401 auth-invalid — wrong console
 * credentials on ListSecret management —, 429 throttled, other 4xx validation, 5xx transient, other permanent).
 */
export function smsResult(httpStatus: number, body: unknown, context: VendorErrorContext = {}): SmsOutcome {
  const parsed = parseJson(body);
  const code = Number(parsed.Code ?? (httpStatus === 200 ? 0 : Number.NaN));
  const row =
    SMS_CODES.find((r) => r.httpStatus === httpStatus && r.code === code) ?? SMS_CODES.find((r) => r.code === code);
  if (row && !row.kind && httpStatus < 400) {
    return { code, body: parsed, ...(code === 0 ? {} : { warning: row.meaning }) };
  }
  if (row && !row.kind) return { code, body: parsed, warning: row.meaning };
  const kind: ErrorKind =
    row?.kind ??
    (httpStatus === 401
      ? 'auth-invalid'
      : httpStatus === 429
        ? 'throttled'
        : httpStatus >= 500
          ? 'transient'
          : httpStatus >= 400
            ? 'validation'
            : 'permanent');
  const description = redactString(String(parsed.Description ?? '')).trim();
  return fail(kind, httpStatus, code, row?.meaning ?? (description || 'unknown code'), description, context);
}

function fail(
  kind: ErrorKind,
  httpStatus: number,
  code: number,
  meaning: string,
  description: string,
  context: VendorErrorContext,
): never {
  throw new MailUpError({
    kind,
    protocol: 'txsms',
    operation: context.operation,
    message: `${context.operation ?? 'SMS API'}: HTTP ${httpStatus} code ${Number.isNaN(code) ? '?' : code} (${meaning})`,
    vendorCode: Number.isNaN(code) ? undefined : code,
    httpStatus,
    retryAfterMs: kind === 'throttled' ? 1_000 : undefined,
    request: context.request,
    details: { meaning, description },
  });
}

function parseJson(body: unknown): SmsAnswer {
  return (parseJsonObject(body) ?? {}) as SmsAnswer;
}
