import { describe, expect, it } from 'vitest';
import { measure } from './bench/emulator.js';

// Keeps the emulator benchmark runnable (it is not run by CI): small sizes, no assertion on speed.
describe('bench/emulator', () => {
  it('serves every request through the emulator and reports finite positive ratios', async () => {
    const figures = await measure({ requestsPerRound: 20, rounds: 3, pagesPerRound: 5, journalRounds: 3 });
    expect(figures.allServedByEmulator).toBe(true);
    expect(figures.requestsPerSide).toBe(60);
    for (const key of [
      'emulatorOverBaselineMedian',
      'emulatorOverBaselineBest',
      'pageOf10kOverPageOf100',
      'journalOverheadRatio',
    ]) {
      expect(figures[key]).toBeGreaterThan(0);
      expect(Number.isFinite(figures[key])).toBe(true);
    }
  });
});
