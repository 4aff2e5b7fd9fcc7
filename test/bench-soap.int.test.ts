import { describe, expect, it } from 'vitest';
import { measure } from './bench/soap.js';

// Keeps the SOAP benchmark runnable (it is not run by CI): tiny sizes, no assertion on speed.
describe('bench/soap', () => {
  it('reports the call overhead, the decoding speed against xml2js and the fleet logins at tiny sizes', async () => {
    const figures = await measure({
      callsPerRound: 3,
      rounds: 2,
      reportBytes: 64 * 1024,
      decodeRounds: 2,
      fleetHours: 2,
      fleetStepMinutes: 30,
      fleetCallsPerStep: 1,
    });
    expect(figures.decodedSameRows).toBe(true);
    expect(figures.fleetFailures).toBe(0);
    expect(figures.fleetCalls).toBe(15); // 3 processes × 5 steps × 1 call
    // one login per key lifetime for the whole fleet, not one per process or per call
    expect(figures.sessionLogins).toBeGreaterThanOrEqual(2);
    expect(figures.sessionLogins).toBeLessThanOrEqual(3);
    for (const key of ['callOverheadRatio', 'innerXmlSpeedup', 'innerXmlMBps']) {
      expect(Number.isFinite(figures[key]) && (figures[key] as number) > 0).toBe(true);
    }
  }, 120_000);
});
