import type { EmulatorClock } from './types.js';

interface Sleeper {
  /** Emulator time it wakes at. */
  until: number;
  timer: ReturnType<typeof setTimeout>;
  wake(): void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Real time plus a forward offset that tests move through the control API. `sleep` waits on this clock: it ends
 * when emulator time reaches its deadline, by real time passing or by `advance` (a delay fault of ten minutes is
 * released by advancing the clock ten minutes).
 */
export function createEmulatorClock(): EmulatorClock {
  let offset = 0;
  const sleepers = new Set<Sleeper>();
  const now = () => Date.now() + offset;
  const arm = (sleeper: Sleeper) => {
    clearTimeout(sleeper.timer);
    const left = sleeper.until - now();
    if (left <= 0) {
      sleeper.wake();
      return;
    }
    sleeper.timer = setTimeout(() => arm(sleeper), left);
  };
  return {
    now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const onAbort = () => {
          clearTimeout(sleeper.timer);
          sleepers.delete(sleeper);
          reject(abortReason(signal as AbortSignal));
        };
        const sleeper: Sleeper = {
          until: now() + Math.max(0, ms),
          timer: setTimeout(() => undefined, 0),
          wake() {
            clearTimeout(sleeper.timer);
            sleepers.delete(sleeper);
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.add(sleeper);
        signal?.addEventListener('abort', onAbort, { once: true });
        arm(sleeper);
      });
    },
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward by a finite number of ms');
      offset += ms;
      for (const sleeper of [...sleepers]) arm(sleeper);
    },
    get offsetMs() {
      return offset;
    },
    get sleepers() {
      return sleepers.size;
    },
  };
}
