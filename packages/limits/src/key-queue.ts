import { waitOrAbort } from '@mailup-kit/core';
/** FIFO turns per key: each `enter` resolves once every earlier holder of the same key has left. */
export class KeyQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly units = new Map<string, number>();
  private readonly lengths = new Map<string, number>();

  /** Number of callers holding or waiting for a turn on `key`. */
  length(key: string): number {
    return this.lengths.get(key) ?? 0;
  }

  /** Units (message counts) held or waited for on `key`: the backlog. */
  backlog(key: string): number {
    return this.units.get(key) ?? 0;
  }

  /**
   * Waits for the turn on `key` (rejecting with the signal's reason if aborted first). The returned `leave` must
   * be called once; a caller that aborts leaves its place without delaying those behind it.
   */
  async enter(key: string, units: number, signal?: AbortSignal): Promise<() => void> {
    const waiting = this.tails.get(key);
    const previous = waiting ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(key, mine);
    this.lengths.set(key, this.length(key) + 1);
    this.units.set(key, this.backlog(key) + units);
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      const length = this.length(key) - 1;
      const backlog = this.backlog(key) - units;
      if (length <= 0) this.lengths.delete(key);
      else this.lengths.set(key, length);
      if (length <= 0) this.units.delete(key);
      else this.units.set(key, backlog);
      // Those behind us still wait for those ahead of us.
      void previous.then(() => {
        release();
        if (this.tails.get(key) === mine) this.tails.delete(key);
      });
    };
    try {
      // Nobody ahead (the usual case): no wait to race against the signal, so no listener to add and remove.
      if (waiting === undefined) signal?.throwIfAborted();
      else await waitOrAbort(previous, signal);
    } catch (error) {
      leave();
      throw error;
    }
    return leave;
  }
}
