import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';

describe('the emulator clock', () => {
  it('runs with real time plus an offset that only moves forward', async () => {
    const emulator = await startEmulator();
    try {
      const before = Date.now();
      emulator.clock.advance(3_600_000);
      expect(emulator.clock.offsetMs).toBe(3_600_000);
      expect(emulator.clock.now()).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(() => emulator.clock.advance(-1)).toThrow(RangeError);
      expect(() => emulator.clock.advance(Number.NaN)).toThrow(RangeError);
      expect(() => emulator.clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
      expect(emulator.clock.offsetMs).toBe(3_600_000);
    } finally {
      await emulator.close();
    }
  });
});
