import type { Protocol } from './error-kind.js';
import { MailUpError, type RequestSummary, type SentState } from './mailup-error.js';

/** What {@link abortedError} is built from. */
export interface AbortedErrorOptions {
  protocol: Protocol;
  operation?: string;
  /** Whether the request reached the server before the abort (`'maybe'`: the server may have acted). */
  sent: SentState;
  /** The signal's `reason` (a DOMException, an Error or any value the caller passed to `abort()`). */
  reason?: unknown;
  /** What was going on, e.g. `POST https://…/token`; defaults to the operation. */
  what?: string;
  request?: RequestSummary;
  /** Extra details kept alongside `aborted`. */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * The error of a call the caller aborted (through its `AbortSignal`): kind `aborted`, never retryable, with
 * `sent` (whether the server may have acted) and `details.aborted: true`. Every layer that
 * observes an abort (transport, pipeline, retry sleep) reports it with this, never with a bare `AbortError`.
 */
export function abortedError(options: AbortedErrorOptions): MailUpError {
  const what = options.what ?? options.operation ?? 'call';
  return new MailUpError({
    kind: 'aborted',
    protocol: options.protocol,
    operation: options.operation,
    message: `${what} aborted by the caller ${
      options.sent === 'no' ? 'before the request was sent' : 'after the request may have reached the server'
    }`,
    sent: options.sent,
    request: options.request,
    details: {
      ...options.details,
      aborted: true,
      abortReason: describeReason(options.reason),
    },
    cause: options.cause ?? (options.reason instanceof Error ? options.reason : undefined),
  });
}

function describeReason(reason: unknown): string {
  if (reason === undefined) return 'AbortError';
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return String(reason).slice(0, 200);
}
