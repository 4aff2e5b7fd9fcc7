import type { ErrorKind } from '../errors/error-kind.js';
import type { RetryClass } from './retryable.js';

export { RETRY_CLASSES, type RetryClass } from './retryable.js';

/** Retry policy as data. Every client gets {@link DEFAULT_RETRY_POLICY} merged with its own overrides. */
export interface RetryPolicy {
  /** Attempts in total, the first included (the one extra attempt after an `auth-expired` is not counted). */
  maxAttempts: number;
  /** Full-jitter backoff: attempt n waits a uniform random time in [0, min(capMs, baseMs · 2^(n-1))]. */
  baseDelayMs: number;
  capDelayMs: number;
  /** Bounds for the server's wait hint (`retryAfterMs`): below min waits min; above max gives up. */
  waitHint: { minMs: number; maxMs: number };
  /** Retry class per operation name (protocol operation or facade name). */
  classes: Readonly<Record<string, RetryClass>>;
  /** Class of an operation absent from `classes`. `send` (the safe choice) by default. */
  defaultClass: RetryClass;
  /** Error kinds worth another attempt. */
  retryableKinds: readonly ErrorKind[];
  /**
   * Kinds for which a `send` may be repeated although its bytes left: the server answered and provably did
   * not act (401 → `auth-expired`). Default `['auth-expired']`.
   */
  sendRetryableAfterBytes: readonly ErrorKind[];
  /** Extra attempts after `auth-expired` (the auth step has refreshed the token). Default 1. */
  maxAuthRetries: number;
  /**
   * How many times a `send` whose bytes left is repeated after a `throttled` answer that the vendor documents as
   * a refusal (`details.notApplied === true`: MailUp's REST 429, in either wording), after the wait the server
   * named (within `waitHint`). Default 1. Throttling answers not documented as refusals (SOAP faults, the Send
   * API's and the SMS API's 429) are never repeated for a send unless `sendRetryableAfterBytes` lists `throttled`.
   */
  maxRefusedSendRetries: number;
}

/**
 * The defaults: 3 attempts, 100 ms base, 5 s cap, server hints honoured between 0 and 30 s, a send refused by a
 * documented throttling answer repeated once.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 100,
  capDelayMs: 5_000,
  waitHint: Object.freeze({ minMs: 0, maxMs: 30_000 }),
  classes: Object.freeze({}),
  defaultClass: 'send',
  retryableKinds: Object.freeze(['transient', 'throttled', 'ambiguous', 'auth-expired'] as const),
  sendRetryableAfterBytes: Object.freeze(['auth-expired'] as const),
  maxAuthRetries: 1,
  maxRefusedSendRetries: 1,
});

/**
 * The default policy with `overrides` applied (`classes` are merged, not replaced).
 *
 * @example
 * ```ts
 * const policy = retryPolicy({ maxAttempts: 5, classes: { GetLists: 'read', SendSMS: 'send' } });
 * ```
 */
export function retryPolicy(
  overrides: Partial<RetryPolicy> = {},
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  return {
    ...base,
    ...overrides,
    waitHint: { ...base.waitHint, ...overrides.waitHint },
    classes: { ...base.classes, ...overrides.classes },
  };
}

/** The retry class of `operation` under `policy`. */
export function retryClassFor(policy: RetryPolicy, operation: string): RetryClass {
  return policy.classes[operation] ?? policy.defaultClass;
}
