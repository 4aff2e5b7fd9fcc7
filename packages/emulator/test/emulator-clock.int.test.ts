import { describe, expect, it, vi } from 'vitest';
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

describe('delay faults wait on the emulator clock', () => {
  it('a 10-minute delay (before or after the change) is released by advancing the clock 10 minutes', async () => {
    const emulator = await startEmulator();
    try {
      for (const phase of ['before-apply', 'after-apply'] as const) {
        emulator.control.addFault({
          protocol: 'soap',
          operation: 'GetLists',
          action: { type: 'delay', ms: 600_000 },
          phase,
        });
        let settled = false;
        const answer = fetch(`${emulator.urls.http}/MailupSend.asmx`, {
          method: 'POST',
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            soapaction: '"http://services.mailupnet.it/WS/GetLists"',
          },
          body:
            '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
            '<GetLists xmlns="http://services.mailupnet.it/WS"><accessKey>none</accessKey></GetLists></soap:Body></soap:Envelope>',
        }).then((res) => {
          settled = true;
          return res;
        });
        // the request is in, parked on the fault (no real 10 minutes will pass in this test)
        await vi.waitFor(() => expect(emulator.clock.sleepers).toBe(1), { timeout: 10_000, interval: 10 });
        expect(settled, phase).toBe(false);
        emulator.clock.advance(600_000);
        expect((await answer).status, phase).toBe(200);
      }
    } finally {
      await emulator.close();
    }
  });
});
