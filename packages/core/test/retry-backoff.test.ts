import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedWaitHint, fullJitterDelay, seededRandom } from '../src/retry/backoff.js';
import { RetryBudget } from '../src/retry/retry-budget.js';
import { DEFAULT_RETRY_POLICY, retryClassFor, retryPolicy } from '../src/retry/retry-policy.js';

describe('full-jitter backoff', () => {
  it('stays within [0, min(cap, base·2^(n-1))) for every retry and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (retry, base, cap, r) => {
          const delay = fullJitterDelay(retry, base, cap, () => r);
          const ceiling = Math.min(cap, base * 2 ** (retry - 1));
          return delay >= 0 && delay < ceiling + 1e-9 && Number.isInteger(delay);
        },
      ),
    );
  });

  it('spreads over the whole window with a seeded random (not a fixed delay)', () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 1_000 }, () => fullJitterDelay(3, 100, 5_000, random));
    expect(Math.min(...delays)).toBeLessThan(40);
    expect(Math.max(...delays)).toBeGreaterThan(360);
    expect(Math.max(...delays)).toBeLessThan(400);
    expect(new Set(delays).size).toBeGreaterThan(200);
  });

  it('seededRandom is reproducible and in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });

  it('caps at capMs', () => {
    expect(fullJitterDelay(30, 100, 5_000, () => 0.9999)).toBe(4_999);
  });
});

describe('wait hint bounds', () => {
  it.each([
    [291, 0, 30_000, 291],
    [10, 100, 30_000, 100],
    [30_000, 0, 30_000, 30_000],
    [30_001, 0, 30_000, undefined],
    [0.2, 0, 10, 1],
    [Number.NaN, 0, 10, undefined],
  ])('hint %d in [%d, %d] ⇒ %s', (hint, min, max, expected) => {
    expect(boundedWaitHint(hint, min, max)).toBe(expected);
  });
});

describe('RetryBudget', () => {
  it('retries consume, an empty bucket refuses without taking, successes refill up to capacity', () => {
    const budget = new RetryBudget({ capacity: 10, retryCost: 5, successRefill: 1 });
    expect(budget.tryConsume()).toBe(true);
    expect(budget.tryConsume()).toBe(true);
    expect(budget.available).toBe(0);
    expect(budget.tryConsume()).toBe(false);
    expect(budget.available).toBe(0);
    for (let i = 0; i < 4; i++) budget.recordSuccess();
    expect(budget.tryConsume()).toBe(false);
    budget.recordSuccess();
    expect(budget.tryConsume()).toBe(true);
    for (let i = 0; i < 50; i++) budget.recordSuccess();
    expect(budget.available).toBe(10);
  });
});

describe('retry policy data', () => {
  it('merges overrides and looks classes up with a safe default', () => {
    const policy = retryPolicy({ classes: { GetLists: 'read' }, waitHint: { minMs: 50, maxMs: 1_000 } });
    const merged = retryPolicy({ classes: { DeleteList: 'idempotent-write' } }, policy);
    expect(retryClassFor(merged, 'GetLists')).toBe('read');
    expect(retryClassFor(merged, 'DeleteList')).toBe('idempotent-write');
    expect(retryClassFor(merged, 'Unknown')).toBe('send');
    expect(merged.waitHint).toEqual({ minMs: 50, maxMs: 1_000 });
    expect(DEFAULT_RETRY_POLICY.classes).toEqual({});
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });
});
