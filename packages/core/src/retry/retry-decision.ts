import { MailUpError, maxSent, provablyNotSent, type SentState } from '../errors/mailup-error.js';
import { boundedWaitHint, fullJitterDelay } from './backoff.js';
import type { RetryPolicy } from './retry-policy.js';
import { isRetryable, type RetryClass } from './retryable.js';

/** Everything the retry decision looks at. */
export interface RetryDecisionInput {
  error: unknown;
  retryClass: RetryClass;
  /** Attempts made so far, not counting the ones repeated after `auth-expired`. */
  attempts: number;
  /** Attempts already repeated after `auth-expired`. */
  authRetries: number;
  /** Sends already repeated after a documented refusal (`throttled` with `details.notApplied`). Default 0. */
  refusedSendRetries?: number;
  /** What the pipeline observed of the failed attempt (the transport's marks, a response). */
  sent: SentState;
  aborted: boolean;
  policy: RetryPolicy;
  random: () => number;
}

/** Why a failure is not retried. */
export type NoRetryReason =
  | 'not-a-mailup-error'
  | 'aborted'
  | 'kind-not-retryable'
  | 'send-may-have-been-sent'
  | 'attempts-exhausted'
  | 'auth-retry-used'
  | 'wait-hint-too-long';

/** The outcome: retry after `delayMs`, or give up and surface `error`. */
export type RetryDecision =
  /** `refusedSend`: a send repeated after a documented refusal (the retry step counts these). */
  | { retry: true; delayMs: number; auth: boolean; refusedSend?: true }
  | { retry: false; reason: NoRetryReason; error: unknown };

/**
 * Pure retry decision (the retry middleware adds the budget and the sleeping). A `send` that is not
 * {@link provablyNotSent} (by the error and by what the pipeline observed) is never repeated (except for the kinds in `sendRetryableAfterBytes`, where the server provably did not act, and
 * up to `maxRefusedSendRetries` times after a `throttled` answer the vendor documents as a refusal —
 * `details.notApplied` —, after the wait it named); a transient failure of such a send surfaces as kind
 * `ambiguous`, carrying what is known.
 */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { error, policy } = input;
  if (!MailUpError.is(error)) return { retry: false, reason: 'not-a-mailup-error', error };
  if (input.aborted || error.kind === 'aborted' || error.details?.aborted === true)
    return { retry: false, reason: 'aborted', error };
  const notSent = input.sent === 'no' && provablyNotSent(error);
  if (!policy.retryableKinds.includes(error.kind)) return { retry: false, reason: 'kind-not-retryable', error };
  let refusedSend = false;
  if (input.retryClass === 'send' && !notSent && !policy.sendRetryableAfterBytes.includes(error.kind)) {
    const refused = error.kind === 'throttled' && error.details?.notApplied === true;
    if (!refused || (input.refusedSendRetries ?? 0) >= (policy.maxRefusedSendRetries ?? 0)) {
      return { retry: false, reason: 'send-may-have-been-sent', error: asAmbiguous(error) };
    }
    refusedSend = true;
  }
  if (!isRetryable(error.kind, input.retryClass)) return { retry: false, reason: 'kind-not-retryable', error };
  if (error.kind === 'auth-expired') {
    if (input.authRetries >= policy.maxAuthRetries) return { retry: false, reason: 'auth-retry-used', error };
    return { retry: true, delayMs: 0, auth: true };
  }
  if (input.attempts >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted', error };
  if (error.retryAfterMs !== undefined) {
    const wait = boundedWaitHint(error.retryAfterMs, policy.waitHint.minMs, policy.waitHint.maxMs);
    if (wait === undefined) return { retry: false, reason: 'wait-hint-too-long', error };
    return { retry: true, delayMs: wait, auth: false, ...(refusedSend ? { refusedSend: true as const } : {}) };
  }
  const delayMs = fullJitterDelay(input.attempts, policy.baseDelayMs, policy.capDelayMs, input.random);
  return { retry: true, delayMs, auth: false, ...(refusedSend ? { refusedSend: true as const } : {}) };
}

/** A send's failure once it may have been sent, as kind `ambiguous` (unchanged if it already is, or `throttled`). */
export function asAmbiguous(error: MailUpError): MailUpError {
  if (error.kind === 'ambiguous' || error.kind === 'throttled') return error;
  return error.with({
    kind: 'ambiguous',
    message: `not retried: the request may have reached the server and been acted on (${error.message})`,
    sent: maxSent(error.sent, 'maybe'),
    details: { ...error.details, originalKind: error.kind },
    cause: error,
  });
}
