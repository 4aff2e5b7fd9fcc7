import { redactString, redactValue } from '../redaction/redact.js';
import { type ErrorKind, type Protocol, RETRYABLE_KINDS } from './error-kind.js';

/** A redacted summary of the request that failed: enough to debug, never a secret. */
export interface RequestSummary {
  method?: string;
  /** URL with secret query parameters redacted. */
  url?: string;
  /** Call id given by the pipeline. */
  callId?: string;
  /** Attempt number (1-based) when the error was raised. */
  attempt?: number;
}

/** Everything {@link MailUpError} is built from. */
export interface MailUpErrorOptions {
  kind: ErrorKind;
  message: string;
  protocol: Protocol;
  /** Facade or protocol operation name, e.g. `CreateNewsletter` or `GET Console/User/Lists`. */
  operation?: string;
  /** The vendor's own code, as MailUp sent it (`"429"`, `-1011`, `"103"` …). */
  vendorCode?: string | number;
  httpStatus?: number;
  /** Overrides the default derived from the kind. */
  retryable?: boolean;
  /** The server's (or the limiter's) wait hint in milliseconds. */
  retryAfterMs?: number;
  /** Epoch ms from which the call can succeed again (quota-exhausted, throttled). */
  availableAt?: number;
  request?: RequestSummary;
  /** Extra structured facts (already redacted), e.g. `{ max: 5, actual: 10 }` for a 429. */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * The one error class of mailup-kit. Its message, request summary and details are redacted on construction
 * (secret query parameters, form fields, JSON/XML fields and headers never survive into it). Every vendor error channel (REST status + body, SOAP errorCode, Import
 * ReturnCode, frontend numeric bodies, transactional `Code`, SMS HTTP × code) is mapped into it.
 *
 * @example
 * ```ts
 * try { await client.lists() } catch (e) {
 *   if (MailUpError.is(e, 'throttled')) await sleep(e.retryAfterMs ?? 1000);
 * }
 * ```
 */
export class MailUpError extends Error {
  override readonly name = 'MailUpError';
  readonly kind: ErrorKind;
  readonly protocol: Protocol;
  readonly operation: string | undefined;
  readonly vendorCode: string | number | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly availableAt: number | undefined;
  readonly request: RequestSummary | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(options: MailUpErrorOptions) {
    // Redacted before Error captures the stack, so no secret reaches message, stack, String() or JSON.
    super(redactString(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.protocol = options.protocol;
    this.operation = options.operation;
    this.vendorCode = options.vendorCode;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(options.kind);
    this.retryAfterMs = options.retryAfterMs;
    this.availableAt = options.availableAt;
    this.request = options.request && (redactValue(options.request) as RequestSummary);
    this.details = options.details && (redactValue(options.details) as Readonly<Record<string, unknown>>);
  }

  /** True when `error` is a MailUpError (of one of `kinds`, if given). Works across package copies. */
  static is(error: unknown, ...kinds: ErrorKind[]): error is MailUpError {
    if (!(error instanceof Error) || (error as { name?: unknown }).name !== 'MailUpError') return false;
    return kinds.length === 0 || kinds.includes((error as MailUpError).kind);
  }

  /** A plain, JSON-safe object (no cause chain secrets: the cause is reduced to its name and message). */
  toJSON(): Record<string, unknown> {
    const cause =
      this.cause instanceof Error ? { name: this.cause.name, message: redactString(this.cause.message) } : undefined;
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      protocol: this.protocol,
      operation: this.operation,
      vendorCode: this.vendorCode,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      availableAt: this.availableAt,
      request: this.request,
      details: this.details,
      cause,
    };
  }
}
