import { describe, expect, it } from 'vitest';
import { measure } from './bench/frontend.js';

// Keeps the frontend/JSONP benchmark runnable (it is not run by CI): tiny sizes, no assertion on speed.
describe('bench/frontend', () => {
  it('serves every subscribe through the emulator and reports finite positive ratios', async () => {
    const figures = await measure({ callsPerRound: 5, rounds: 2, jsonpBytes: 20_000, parseRounds: 3 });
    expect(figures.allServedByEmulator).toBe(true);
    for (const key of ['subscribeOverheadRatio', 'jsonpParseRatio', 'jsonpParseMBps'] as const) {
      expect(figures[key]).toBeGreaterThan(0);
      expect(Number.isFinite(figures[key])).toBe(true);
    }
  });
});
