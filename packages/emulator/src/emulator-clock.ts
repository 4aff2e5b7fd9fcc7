import { systemClock } from '@mailup-kit/core';
import type { EmulatorClock } from './types.js';

/** Real time plus a forward offset that tests move through the control API. */
export function createEmulatorClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward by a finite number of ms');
      offset += ms;
    },
    get offsetMs() {
      return offset;
    },
  };
}
