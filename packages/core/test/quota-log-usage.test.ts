import { describe, expect, it } from 'vitest';
import { hintedQuotaKeyState, type QuotaKeyState, reserveInState, usageOfState } from '../src/quota/quota-log.js';
import type { QuotaWindow } from '../src/quota/quota-window.js';

/** Counts how many entries of a window's log are read (index reads through a Proxy over the real array). */
function countingReads(state: QuotaKeyState, windowId: string): { reads: () => number } {
  let reads = 0;
  const entries = state.windows[windowId] as unknown[];
  state.windows[windowId] = new Proxy(entries, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver);
    },
  }) as never;
  return { reads: () => reads };
}

describe('quota log: an inspection does not add up a busy log', () => {
  const day: QuotaWindow = { type: 'sliding', id: '24h', limit: 1e9, periodMs: 86_400_000 };
  const fill = (costOf: (i: number) => number) => {
    const state = hintedQuotaKeyState();
    const now = Date.UTC(2026, 11, 7, 12);
    for (let i = 0; i < 10_000; i++) {
      reserveInState(state, { key: 'k', id: `c${i}`, cost: costOf(i), windows: [day] }, now + i);
    }
    return { state, now: now + 10_000 };
  };

  it('every reservation cost 1 (the hint proves it): usage is the count, a binary search reads the log', () => {
    const { state, now } = fill(() => 1);
    const counter = countingReads(state, '24h');
    const usage = usageOfState('k', state, [day], now);
    expect(usage.windows[0]?.used).toBe(10_000);
    expect(usage.remaining).toBe(1e9 - 10_000);
    // was 10,000+ (every counting entry added up on every inspection: the facade's budget look on each call)
    expect(counter.reads()).toBeLessThan(100);
  });

  it('a log with costs above 1 is still added up, and answers the same sum', () => {
    const { state, now } = fill((i) => (i % 10 === 0 ? 3 : 1));
    const counter = countingReads(state, '24h');
    const usage = usageOfState('k', state, [day], now);
    expect(usage.windows[0]?.used).toBe(9_000 + 3_000);
    expect(counter.reads()).toBeGreaterThanOrEqual(10_000);
  });
});
