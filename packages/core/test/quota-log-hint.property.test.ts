import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyQuotaKeyState,
  hintedQuotaKeyState,
  type QuotaKeyState,
  refundInState,
  reserveInState,
  settleInState,
  usageOfState,
} from '../src/quota/quota-log.js';
import type { QuotaReservationRequest, QuotaWindow } from '../src/quota/quota-window.js';

/**
 * The in-process cost hint (a symbol-keyed upper bound on the cost of any recorded reservation) lets the memory
 * store skip adding up a busy log. A state that went through JSON (the file store, another process) has no hint and
 * is scanned in full. Both must take exactly the same decisions: this drives one hinted state and one state
 * round-tripped through JSON before every step with the same random operations, and compares every answer.
 */
const windowSets: QuotaWindow[][] = [
  [{ type: 'sliding', id: '1s', limit: 5, periodMs: 1000 }],
  [{ type: 'sliding', id: 'rate', limit: 1e9, periodMs: 1000 }],
  [
    { type: 'sliding', id: '1s', limit: 3, periodMs: 1000 },
    { type: 'sliding', id: '24h', limit: 12, periodMs: 86_400_000 },
  ],
  [{ type: 'sliding', id: 'pace', limit: 7, periodMs: 300 }],
];

type Step =
  | { op: 'reserve'; cost: number }
  | { op: 'settle'; back: number }
  | { op: 'refund'; back: number }
  | { op: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('reserve' as const), cost: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('settle' as const), back: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refund' as const), back: fc.nat(5) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      // mostly small steps; now and then a jump of about a day, forward or back
      ms: fc.oneof(fc.integer({ min: -50, max: 700 }), fc.constantFrom(-90_000_000, 90_000_000, -1500, 2500)),
    }),
  },
);

describe('quota log: the cost hint never changes a decision', () => {
  it('a hinted state and a JSON round-tripped (unhinted) one answer every step alike', () => {
    fc.assert(
      fc.property(fc.nat(windowSets.length - 1), fc.array(step, { minLength: 1, maxLength: 120 }), (set, steps) => {
        const windows = windowSets[set] as QuotaWindow[];
        const hinted = hintedQuotaKeyState();
        let plain: QuotaKeyState = emptyQuotaKeyState();
        const granted: QuotaReservationRequest[] = [];
        let now = Date.UTC(2026, 10, 22, 12);
        let seq = 0;
        for (const s of steps) {
          plain = JSON.parse(JSON.stringify(plain)) as QuotaKeyState;
          if (s.op === 'advance') now += s.ms;
          else if (s.op === 'reserve') {
            const request = { key: 'k', windows, cost: s.cost, id: `r${seq++}` };
            const a = reserveInState(hinted, request, now);
            const b = reserveInState(plain, request, now);
            expect(a).toEqual(b);
            if (a.ok) granted.push(request);
          } else {
            const request = granted[granted.length - 1 - s.back];
            if (!request) continue;
            if (s.op === 'settle') expect(settleInState(hinted, request, now)).toBe(settleInState(plain, request, now));
            else expect(refundInState(hinted, request)).toBe(refundInState(plain, request));
          }
          expect(usageOfState('k', hinted, windows, now)).toEqual(usageOfState('k', plain, windows, now));
          expect(JSON.parse(JSON.stringify(hinted))).toEqual(JSON.parse(JSON.stringify(plain)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the hint is never serialized: a state written to a file carries only its entries, pause and expiry', () => {
    const state = hintedQuotaKeyState();
    reserveInState(state, { key: 'k', windows: windowSets[0] as QuotaWindow[], cost: 3, id: 'a' }, 1000);
    expect(Object.keys(JSON.parse(JSON.stringify(state))).sort()).toEqual(['expiresAt', 'windows']);
  });

  it('a state filled directly (as the Redis store builds one for inspect) carries no hint and is counted in full', () => {
    const state = emptyQuotaKeyState();
    const windows = windowSets[0] as QuotaWindow[];
    state.windows['1s'] = [
      [1000, 3, 'a'],
      [1000, 2, 'b'],
    ];
    expect(usageOfState('k', state, windows, 1000)).toMatchObject({ remaining: 0, nextAllowedAt: 2000 });
    expect(reserveInState(state, { key: 'k', windows, cost: 1, id: 'c' }, 1000)).toMatchObject({ ok: false });
  });

  it('a busy key under a very high limit is pruned in place, not copied on every reservation', () => {
    const state = hintedQuotaKeyState();
    const rate = windowSets[1] as QuotaWindow[];
    const t0 = Date.UTC(2026, 10, 22);
    for (let i = 0; i < 5000; i++) reserveInState(state, { key: 'k', windows: rate, cost: 1, id: `r${i}` }, t0 + i);
    const log = state.windows.rate;
    for (let i = 5000; i < 6000; i++) reserveInState(state, { key: 'k', windows: rate, cost: 1, id: `r${i}` }, t0 + i);
    // The same array, trimmed at its head: the old code replaced it by a copy of up to 2,000 entries per call.
    expect(state.windows.rate).toBe(log);
    expect(log?.length).toBeLessThanOrEqual(2_001);
  });

  it('a log past 8,192 entries is trimmed in batches (V8 moves a large array on every head removal)', () => {
    const state = hintedQuotaKeyState();
    const rate = windowSets[1] as QuotaWindow[];
    const t0 = Date.UTC(2026, 10, 22);
    let longest = 0;
    // 10 reservations per ms for 6 s: two windows hold 20,000 entries.
    for (let i = 0; i < 60_000; i++) {
      const at = t0 + Math.floor(i / 10);
      expect(reserveInState(state, { key: 'k', windows: rate, cost: 1, id: `r${i}` }, at).ok).toBe(true);
      longest = Math.max(longest, state.windows.rate?.length ?? 0);
    }
    expect(longest).toBeGreaterThan(20_000);
    expect(longest).toBeLessThanOrEqual(Math.ceil((20_010 * 4) / 3));
    expect(usageOfState('k', state, rate, t0 + 5999).windows[0]?.used).toBe(10_000);
  });
});
