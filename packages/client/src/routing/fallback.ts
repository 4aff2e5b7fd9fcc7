import { MailUpError } from '@mailup-kit/core';
import type { Equivalence, OperationKind } from '../catalogue/binding.js';
import { provablyNotApplied } from './not-applied.js';

/** Everything the fallback decision looks at (no I/O, no clock: a pure function of these). */
export interface FallbackInput {
  /** The failure of the attempt that just ended (after that transport's own retries). */
  readonly error: unknown;
  /** The facade operation's kind. */
  readonly kind: OperationKind;
  /** The next candidate's equivalence, or undefined when no eligible candidate is left. */
  readonly next: Equivalence | undefined;
  /** Whether the call's options let a `partial` candidate serve it. */
  readonly allowPartial: boolean;
  /** True when the caller aborted the call. */
  readonly aborted?: boolean;
}

/** Why the facade moves on to the next candidate. */
export type MoveReason =
  /** The limiter refused the call before sending (`quota-exhausted`). */
  | 'quota-exhausted'
  /** The server said the service is off for this account / this machine (`service-disabled`, `ip-not-allowed`, `contract-not-signed`). */
  | 'switched-off'
  /** The server refused the credentials before acting (`auth-invalid`, `auth-expired` after the renewal, `reauthorization-required`). */
  | 'credentials-refused'
  /** A read or idempotent write failed transiently after its own retries. */
  | 'transient'
  /** A write or send failed before any byte left the machine. */
  | 'never-left';

/** Why the facade surfaces the error instead of moving on. */
export type StayReason =
  | 'not-a-mailup-error'
  | 'aborted'
  /** A write or send whose bytes may have reached the server: trying elsewhere could apply it twice. */
  | 'bytes-may-have-left'
  /** The error says the input or the resource is the problem (validation, not-found, conflict, permanent …). */
  | 'not-movable'
  | 'no-candidate-left'
  /** The next candidate means something else (`partial`) and the call did not allow it. */
  | 'partial-not-allowed';

/** The outcome: move on (and why), or surface the error (and why). */
export type FallbackDecision =
  | { readonly move: true; readonly reason: MoveReason }
  | { readonly move: false; readonly reason: StayReason };

const SWITCHED_OFF = new Set(['service-disabled', 'ip-not-allowed', 'contract-not-signed']);
// `auth-expired` surfacing here means the client's own renewal was spent and the server still refused the key.
const CREDENTIALS = new Set(['auth-invalid', 'auth-expired', 'reauthorization-required']);

/**
 * The facade's one fallback rule (DESIGN.md "The facade"), unit-tested like the retry decision. Move on only
 * when the error proves nothing was applied ({@link provablyNotApplied}: our own `quota-exhausted`, a switched-off
 * service, credentials refused before acting, bytes that never left), and — for reads and idempotent writes only —
 * also on a `transient` error after that transport's own retries. Never after a write or send whose bytes may
 * have left. Only to a candidate of the same meaning (`partial` only when the call allows it).
 */
export function decideFallback(input: FallbackInput): FallbackDecision {
  const { error } = input;
  if (!MailUpError.is(error)) return { move: false, reason: 'not-a-mailup-error' };
  if (input.aborted || error.kind === 'aborted') return { move: false, reason: 'aborted' };
  const reason = moveReason(error, input.kind);
  if (typeof reason !== 'string' || !isMove(reason)) return { move: false, reason: reason as StayReason };
  if (input.next === undefined) return { move: false, reason: 'no-candidate-left' };
  if (input.next.kind === 'partial' && !input.allowPartial) return { move: false, reason: 'partial-not-allowed' };
  return { move: true, reason };
}

function isMove(reason: MoveReason | StayReason): reason is MoveReason {
  return (
    reason === 'quota-exhausted' ||
    reason === 'switched-off' ||
    reason === 'credentials-refused' ||
    reason === 'transient' ||
    reason === 'never-left'
  );
}

function moveReason(error: MailUpError, kind: OperationKind): MoveReason | StayReason {
  const repeatable = kind === 'read' || kind === 'idempotent-write';
  if (error.kind === 'quota-exhausted') return 'quota-exhausted';
  if (SWITCHED_OFF.has(error.kind)) return 'switched-off';
  if (CREDENTIALS.has(error.kind)) return 'credentials-refused';
  if (error.kind === 'transient' || error.kind === 'ambiguous') {
    if (repeatable) return 'transient';
    return provablyNotApplied(error) ? 'never-left' : 'bytes-may-have-left';
  }
  return 'not-movable';
}
