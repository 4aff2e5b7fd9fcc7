import { bodyText, parseJsonObject } from '../body/json-body.js';
import type { ErrorKind } from '../errors/error-kind.js';
import { MailUpError, type RequestSummary } from '../errors/mailup-error.js';
import { redactString } from '../redaction/redact.js';
import { DEFAULT_THROTTLE_WAIT_MS, parseThrottleMessage } from './throttle-message.js';

/** MailUp's REST error body (REFERENCE §6.3). */
export interface RestErrorBody {
  ErrorCode?: string | null;
  ErrorDescription?: string | null;
  ErrorName?: string | null;
  ErrorStack?: string | null;
}

/** The kind of a REST status when no description rule matches. */
export const REST_STATUS_KINDS: Readonly<Record<number, ErrorKind>> = Object.freeze({
  400: 'validation',
  401: 'auth-expired',
  403: 'permanent',
  404: 'not-found',
  405: 'validation',
  409: 'conflict',
  412: 'conflict',
  413: 'validation',
  415: 'validation',
  429: 'throttled',
  500: 'transient',
  502: 'transient',
  503: 'transient',
  504: 'transient',
});

/** A description rule: for `status`, a description matching `pattern` means `kind`. First match wins. */
export interface RestDescriptionRule {
  readonly status: number;
  readonly pattern: RegExp;
  readonly kind: ErrorKind;
  readonly meaning: string;
}

/** The REST description rules, as data. */
export const REST_DESCRIPTION_RULES: readonly RestDescriptionRule[] = Object.freeze([
  {
    status: 403,
    pattern: /contract not signed/i,
    kind: 'contract-not-signed',
    meaning: 'terms of service not accepted',
  },
  {
    status: 403,
    pattern: /too_many_requests|too many requests|quota is exhausted/i,
    kind: 'throttled',
    meaning: 'throttled (pre-2018 403)',
  },
  { status: 403, pattern: /missing if-match/i, kind: 'validation', meaning: 'If-Match header required' },
  { status: 412, pattern: /must be: System\.Guid/i, kind: 'validation', meaning: 'If-Match is not a GUID' },
  { status: 412, pattern: /invalid \[listGuid\]/i, kind: 'conflict', meaning: 'If-Match GUID does not match the list' },
]);

/** Options of {@link restError}. */
export interface RestErrorOptions {
  operation?: string;
  request?: RequestSummary;
  /** Response headers (a `retry-after` header wins over the description's wait). */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** Protocol named in the error; default `rest` (the OAuth client passes `oauth`). */
  protocol?: 'rest' | 'oauth' | 'jsonp';
  /** Epoch ms used to turn an HTTP-date `retry-after` into a wait; default `Date.now()`. */
  now?: number;
}

/** Parses a REST error body; tolerates non-JSON and partial bodies (the text becomes the description). */
export function parseRestErrorBody(body: unknown): RestErrorBody {
  const parsed = parseJsonObject(body);
  if (parsed) return parsed as RestErrorBody;
  const trimmed = bodyText(body).trim();
  return trimmed ? { ErrorDescription: trimmed.slice(0, 300) } : {};
}

/** The kind for a REST status and description (rules first, then the status table, then the status class). */
export function restErrorKind(status: number, description: string): ErrorKind {
  const rule = REST_DESCRIPTION_RULES.find((r) => r.status === status && r.pattern.test(description));
  if (rule) return rule.kind;
  return REST_STATUS_KINDS[status] ?? (status >= 500 ? 'transient' : 'permanent');
}

/**
 * Maps a REST (or WCF JSONP, or token endpoint with a REST body) error response to a MailUpError. 429 bodies in
 * both wordings are parsed into `retryAfterMs` (1 000 ms when the older wording gives none) and
 * `details.max` / `details.actual`.
 *
 * @example
 * ```ts
 * if (res.status >= 400) throw restError(res.status, res.body, { operation: 'GET Console/User/Lists' });
 * ```
 */
export function restError(status: number, body: unknown, options: RestErrorOptions = {}): MailUpError {
  const parsed = parseRestErrorBody(body);
  const description = redactString(String(parsed.ErrorDescription ?? '')).trim();
  const kind = restErrorKind(status, description);
  const details: Record<string, unknown> = { description, errorName: parsed.ErrorName ?? undefined };
  let retryAfterMs: number | undefined;
  if (kind === 'throttled') {
    const facts = parseThrottleMessage(description);
    if (facts) {
      details.max = facts.max;
      details.actual = facts.actual;
      if (facts.config !== undefined) details.throttlingConfig = facts.config;
      if (facts.periodMs !== undefined) details.periodMs = facts.periodMs;
    }
    retryAfterMs =
      retryAfterHeader(options.headers, options.now ?? Date.now()) ?? facts?.expiresInMs ?? DEFAULT_THROTTLE_WAIT_MS;
    // MailUp's documented throttling answer refuses the call before it is applied ("Access to MailUp resources may
    // fail if the client exceeds the expected rate limit", an "Authorization error (too_many_requests)"): a send
    // may be repeated after it (see the retry step's `maxRefusedSendRetries`).
    details.notApplied = true;
  }
  const operation = options.operation;
  return new MailUpError({
    kind,
    protocol: options.protocol ?? 'rest',
    operation,
    message: `${operation ? `${operation}: ` : ''}HTTP ${status}${description ? ` ${description}` : ''}`,
    vendorCode: parsed.ErrorCode ?? String(status),
    httpStatus: status,
    retryAfterMs,
    request: options.request,
    details,
  });
}

function retryAfterHeader(headers: RestErrorOptions['headers'], now: number): number | undefined {
  const raw = headers?.['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
