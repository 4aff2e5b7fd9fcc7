import { ManualClock } from '../../src/clock.js';

/** A ManualClock that records every sleep, and a driver that wakes each sleeper in turn until `promise` settles. */
export class RecordingClock extends ManualClock {
  readonly sleeps: number[] = [];
  private readonly wakeAt: number[] = [];

  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.wakeAt.push(this.now() + ms);
    return super.sleep(ms, signal);
  }

  /** Settles `promise`, advancing time to each pending sleeper's wake-up as needed. */
  async drive<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    watched.catch(() => {});
    for (let guard = 0; guard < 10_000 && !settled; guard++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      if (this.pending > 0) {
        const next = Math.min(...this.wakeAt.filter((t) => t > this.now()));
        await this.advance(Number.isFinite(next) ? next - this.now() : 0);
      }
    }
    return watched;
  }
}
