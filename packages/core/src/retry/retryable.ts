import type { ErrorKind } from '../errors/error-kind.js';

/**
 * How an operation may be repeated:
 * - `read`: no side effect; repeat on any transient failure, even when the request may have arrived.
 * - `idempotent-write`: repeating it leaves the same state (PUT, delete by id); same rules as `read`.
 * - `send`: a newsletter, SMS, transactional email or relay message; NEVER repeated once bytes may have reached
 *   the server. Repeated only when nothing left (or the server refused it for an expired token).
 */
export const RETRY_CLASSES = ['read', 'idempotent-write', 'send'] as const;

/** One of {@link RETRY_CLASSES}. */
export type RetryClass = (typeof RETRY_CLASSES)[number];

/** Kinds that are worth repeating whatever the operation: the server did not act, or said when to come back. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['auth-expired', 'throttled', 'transient']);

/**
 * THE rule for whether a failure may be repeated (every other place asks this function):
 * - `auth-expired`, `throttled`, `transient` ⇒ yes, for every retry class;
 * - `ambiguous` (the request may have been applied) ⇒ yes for a `read` or an `idempotent-write` (repeating it
 *   changes nothing), no for a `send` and no when the class is not known (a caller holding the error cannot tell
 *   whether repeating would duplicate the effect; this is `MailUpError.retryable`);
 * - everything else (`aborted`, `validation`, `permanent` …) ⇒ no.
 *
 * The retry step additionally applies the policy (`retryableKinds`, attempts, the send rule for bytes that left).
 */
export function isRetryable(kind: ErrorKind, retryClass?: RetryClass): boolean {
  if (RETRYABLE_KINDS.has(kind)) return true;
  return kind === 'ambiguous' && (retryClass === 'read' || retryClass === 'idempotent-write');
}
