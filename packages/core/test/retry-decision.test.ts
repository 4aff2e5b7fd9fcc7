import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../src/errors/error-kind.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { decideRetry, type RetryDecisionInput } from '../src/retry/retry-decision.js';
import { DEFAULT_RETRY_POLICY, type RetryClass, retryPolicy } from '../src/retry/retry-policy.js';

function err(kind: ErrorKind, extra: Partial<ConstructorParameters<typeof MailUpError>[0]> = {}): MailUpError {
  return new MailUpError({ kind, protocol: 'rest', operation: 'Op', message: `${kind} happened`, ...extra });
}

function decide(over: Partial<RetryDecisionInput>) {
  return decideRetry({
    error: err('transient'),
    retryClass: 'read',
    attempts: 1,
    authRetries: 0,
    sent: 'no',
    aborted: false,
    policy: DEFAULT_RETRY_POLICY,
    random: () => 0.5,
    ...over,
  });
}

// [class, kind, may have been sent, retried?]
const table: Array<[RetryClass, ErrorKind, boolean, boolean]> = [];
for (const retryClass of ['read', 'idempotent-write', 'send'] as const) {
  for (const bytes of [false, true]) {
    table.push([retryClass, 'transient', bytes, retryClass !== 'send' || !bytes]);
    table.push([retryClass, 'throttled', bytes, retryClass !== 'send' || !bytes]);
    // `ambiguous` itself says the request may have been applied: a send is never repeated, whatever the flag.
    table.push([retryClass, 'ambiguous', bytes, retryClass !== 'send']);
    table.push([retryClass, 'auth-expired', bytes, true]);
    for (const kind of ['validation', 'permanent', 'not-found', 'auth-invalid', 'quota-exhausted'] as const) {
      table.push([retryClass, kind, bytes, false]);
    }
  }
}

describe('decideRetry', () => {
  it.each(table)('%s / %s / maybe sent=%s ⇒ retry %s', (retryClass, kind, bytes, expected) => {
    const sent = bytes ? 'maybe' : 'no';
    const decision = decide({ retryClass, error: err(kind, { sent }), sent });
    expect(decision.retry).toBe(expected);
  });

  it("reads the error's own sent too", () => {
    const error = err('transient', { sent: 'maybe' });
    expect(decide({ retryClass: 'send', error }).retry).toBe(false);
    expect(decide({ retryClass: 'read', error }).retry).toBe(true);
  });

  it('a send that failed transiently after its bytes left surfaces as ambiguous, with what is known', () => {
    const original = err('transient', { httpStatus: 500, vendorCode: 'E1', details: { body: 'x' } });
    const decision = decide({ retryClass: 'send', error: original, sent: 'maybe' });
    expect(decision).toMatchObject({ retry: false, reason: 'send-may-have-been-sent' });
    if (decision.retry) throw new Error('unreachable');
    expect(decision.error).toMatchObject({
      kind: 'ambiguous',
      httpStatus: 500,
      vendorCode: 'E1',
      retryable: false,
      sent: 'yes',
      details: { body: 'x', originalKind: 'transient' },
    });
    expect((decision.error as MailUpError).cause).toBe(original);
  });

  it('a throttled send keeps its kind and hint (the server did not act)', () => {
    const error = err('throttled', { retryAfterMs: 500 });
    const decision = decide({ retryClass: 'send', error, sent: 'maybe' });
    expect(decision).toMatchObject({ retry: false, error });
  });

  it('auth-expired repeats once, immediately, even past maxAttempts', () => {
    expect(decide({ error: err('auth-expired'), attempts: 3, retryClass: 'send', sent: 'maybe' })).toEqual({
      retry: true,
      delayMs: 0,
      auth: true,
    });
    expect(decide({ error: err('auth-expired'), authRetries: 1 })).toMatchObject({
      retry: false,
      reason: 'auth-retry-used',
    });
  });

  it('stops after maxAttempts, on abort, for non-MailUp errors and for kinds the policy does not retry', () => {
    expect(decide({ attempts: 3 })).toMatchObject({ retry: false, reason: 'attempts-exhausted' });
    expect(decide({ aborted: true })).toMatchObject({ retry: false, reason: 'aborted' });
    expect(decide({ error: err('ambiguous', { details: { aborted: true } }) })).toMatchObject({ reason: 'aborted' });
    expect(decide({ error: new TypeError('bug') })).toMatchObject({ retry: false, reason: 'not-a-mailup-error' });
    expect(decide({ error: err('transient'), policy: retryPolicy({ retryableKinds: ['throttled'] }) })).toMatchObject({
      reason: 'kind-not-retryable',
    });
    expect(decide({ error: err('permanent') })).toMatchObject({ reason: 'kind-not-retryable' });
  });

  it('full jitter for attempt n, server hint within bounds, too-long hint gives up', () => {
    expect(decide({ attempts: 2, random: () => 0.5 })).toEqual({ retry: true, delayMs: 100, auth: false });
    expect(decide({ error: err('throttled', { retryAfterMs: 291 }) })).toEqual({
      retry: true,
      delayMs: 291,
      auth: false,
    });
    const policy = { ...DEFAULT_RETRY_POLICY, waitHint: { minMs: 1_000, maxMs: 2_000 } };
    expect(decide({ policy, error: err('throttled', { retryAfterMs: 10 }) })).toMatchObject({ delayMs: 1_000 });
    expect(decide({ policy, error: err('throttled', { retryAfterMs: 2_001 }) })).toMatchObject({
      retry: false,
      reason: 'wait-hint-too-long',
    });
  });

  it('policy data decides: sendRetryableAfterBytes can admit throttled sends', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, sendRetryableAfterBytes: ['auth-expired', 'throttled'] as const };
    const error = err('throttled', { retryAfterMs: 100 });
    expect(decide({ policy, retryClass: 'send', error, sent: 'maybe' })).toMatchObject({
      retry: true,
      delayMs: 100,
    });
  });
});
