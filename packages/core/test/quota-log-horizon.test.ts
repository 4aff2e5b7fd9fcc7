import { describe, expect, it } from 'vitest';
import { emptyQuotaKeyState, reserveInState } from '../src/quota/quota-log.js';
import type { QuotaWindow } from '../src/quota/quota-window.js';

const noCeiling: QuotaWindow = { type: 'sliding', id: 'rate', limit: 1e9, periodMs: 1000 };
const day: QuotaWindow = { type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 };

describe('the quota log keeps what later decisions need, and no more', () => {
  it('a row whose limit is never filled keeps only about two windows of entries (it kept every entry forever)', () => {
    const state = emptyQuotaKeyState();
    const t0 = Date.UTC(2026, 10, 22);
    for (let i = 0; i < 20_000; i++) {
      const result = reserveInState(state, { key: 'k', windows: [noCeiling], cost: 1, id: `r${i}` }, t0 + i);
      expect(result.ok).toBe(true);
    }
    // 20 s of calls at 1 per ms: one window counts, one more is kept for a clock that goes back.
    expect(state.windows.rate?.length).toBeLessThanOrEqual(2_001);
  });

  it('still keeps a spent day through a jump of 30 h forward and back (issue 7, item 6)', () => {
    const state = emptyQuotaKeyState();
    const t0 = Date.UTC(2026, 10, 22, 8);
    for (let i = 0; i < 100; i++) {
      expect(reserveInState(state, { key: 'k', windows: [day], cost: 1, id: `d${i}` }, t0 + i).ok).toBe(true);
    }
    const later = t0 + 30 * 3_600_000;
    expect(reserveInState(state, { key: 'k', windows: [day], cost: 1, id: 'later' }, later).ok).toBe(true);
    expect(reserveInState(state, { key: 'k', windows: [day], cost: 1, id: 'back' }, t0 + 1_000).ok).toBe(false);
  });
});
