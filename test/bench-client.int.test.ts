import { describe, expect, it } from 'vitest';
import { measure } from './bench/client.js';

// Keeps `pnpm bench client` runnable (it is not run by CI): small sizes, no assertion on speed — but the fallback
// figure is a count, and it must be 0 at any size.
describe('bench/client', () => {
  it('measures the facade overhead and never sends a message twice across transports', async () => {
    const figures = await measure({ rounds: 3, getsPerRound: 10, sends: 25, plans: 200 });
    expect(figures.facadeOverheadRatio).toBeGreaterThan(0);
    expect(Number.isFinite(figures.facadeOverheadRatio)).toBe(true);
    expect(figures.fallbackSends).toBe(25);
    expect(figures.fallbackDuplicateSends).toBe(0);
    // 5 sends of each kind: the 401s fell back, the ambiguous ones (reset, drop after DATA, 503) were surfaced
    expect(figures.fallbackTaken).toBe(5);
    expect(figures.fallbackAmbiguousSurfaced).toBe(15);
    expect(figures.fallbackOtherErrors).toBe(0);
    expect(figures.fallbackOutboxMessages).toBe(20);
    // plan() was measured on an operation whose three candidates were all eligible (the figure itself is not asserted)
    expect(figures.planCandidates).toBe(3);
    expect(figures.planEligible).toBe(3);
    expect(Number.isFinite(figures.planMicros)).toBe(true);
  });
});
