import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../src/errors/error-kind.js';
import { MailUpError, provablyNotSent } from '../src/errors/mailup-error.js';
import { decideRetry } from '../src/retry/retry-decision.js';
import { DEFAULT_RETRY_POLICY, RETRY_CLASSES } from '../src/retry/retry-policy.js';
import { isRetryable, RETRYABLE_KINDS } from '../src/retry/retryable.js';

const base = () =>
  new MailUpError({
    kind: 'throttled',
    protocol: 'rest',
    operation: 'GET Console/User/Lists',
    message: 'slow down',
    vendorCode: '429',
    httpStatus: 429,
    retryAfterMs: 291,
    request: { method: 'GET', url: 'https://services.mailup.com/x', callId: 'c1', attempt: 2 },
    details: { max: 5, actual: 9 },
    cause: new Error('underlying'),
  });

describe('MailUpError.with(): one way to add a fact to an error', () => {
  it('keeps every field and the cause, applies the overrides, returns a new error', () => {
    const original = base();
    const copy = original.with({ availableAt: 5_000 });
    expect(copy).not.toBe(original);
    expect(copy.toJSON()).toEqual({ ...original.toJSON(), availableAt: 5_000 });
    expect((copy.cause as Error).message).toBe('underlying');
    expect(copy.stack).toMatch(/MailUpError: slow down/);
  });

  it('redacts what the overrides bring, like the constructor', () => {
    const copy = base().with({ message: 'failed with access_token=s3cr3tT0k3n', details: { password: 'pw-s3cr3t' } });
    expect(inspect(copy, { depth: Number.POSITIVE_INFINITY })).not.toMatch(/s3cr3tT0k3n|pw-s3cr3t/);
  });
});

describe("MailUpError.sent: 'no' | 'maybe' | 'yes', one field (no details copy)", () => {
  it('an explicit value is the field, shown by toJSON and util.inspect, never copied into details', () => {
    const error = new MailUpError({ kind: 'transient', protocol: 'rest', message: 'x', sent: 'maybe' });
    expect(error.sent).toBe('maybe');
    expect(error.details).toBeUndefined();
    expect(error.toJSON()).toMatchObject({ sent: 'maybe' });
    expect(inspect(error)).toContain("sent: 'maybe'");
    expect(Object.keys(error)).not.toContain('bytesMayHaveLeft');
  });

  it("defaults: an answer (httpStatus) ⇒ 'yes', a local refusal ⇒ 'no', anything unknown ⇒ 'maybe'; with() keeps it", () => {
    expect(new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'x' }).sent).toBe('maybe');
    expect(new MailUpError({ kind: 'transient', protocol: 'rest', message: 'x', httpStatus: 503 }).sent).toBe('yes');
    expect(new MailUpError({ kind: 'transient', protocol: 'rest', message: 'x' }).sent).toBe('maybe');
    expect(new MailUpError({ kind: 'validation', protocol: 'rest', message: 'x' }).sent).toBe('no');
    expect(new MailUpError({ kind: 'quota-exhausted', protocol: 'rest', message: 'x' }).sent).toBe('no');
    const notLeft = new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'x', sent: 'no' });
    expect(notLeft.with({ message: 'y' }).sent).toBe('no');
  });

  it('provablyNotSent is true only for a MailUpError that says no', () => {
    const of = (sent: 'no' | 'maybe' | 'yes') =>
      new MailUpError({ kind: 'transient', protocol: 'rest', message: 'x', sent });
    expect(provablyNotSent(of('no'))).toBe(true);
    expect(provablyNotSent(of('maybe'))).toBe(false);
    expect(provablyNotSent(of('yes'))).toBe(false);
    expect(provablyNotSent(new Error('x'))).toBe(false);
    expect(provablyNotSent(undefined)).toBe(false);
  });
});

describe('retryable is derived in one place: isRetryable(kind, retryClass)', () => {
  it('RETRYABLE_KINDS, MailUpError.retryable and the retry decision agree for every kind and class', () => {
    for (const kind of ERROR_KINDS) {
      const error = new MailUpError({ kind, protocol: 'rest', message: kind, sent: 'no' });
      expect(error.retryable, kind).toBe(RETRYABLE_KINDS.has(kind));
      expect(error.retryable, kind).toBe(isRetryable(kind));
      for (const retryClass of RETRY_CLASSES) {
        const decision = decideRetry({
          error,
          retryClass,
          attempts: 1,
          authRetries: 0,
          sent: 'no',
          aborted: false,
          policy: DEFAULT_RETRY_POLICY,
          random: () => 0,
        });
        expect(decision.retry, `${kind} / ${retryClass}`).toBe(isRetryable(kind, retryClass));
      }
    }
  });

  it('an ambiguous read is repeated by the retry step, an ambiguous send never, and the caller is told not to', () => {
    expect(isRetryable('ambiguous', 'read')).toBe(true);
    expect(isRetryable('ambiguous', 'idempotent-write')).toBe(true);
    expect(isRetryable('ambiguous', 'send')).toBe(false);
    expect(new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'lost' }).retryable).toBe(false);
  });
});
