import { waitOrAbort } from '@mailup-kit/core/pipeline';

/** One key's queue: the promise the next comer waits for, and how many callers and units hold or wait. */
interface Lane {
  tail: Promise<void>;
  length: number;
  units: number;
}

/** FIFO turns per key: each `enter` resolves once every earlier holder of the same key has left. */
export class KeyQueue {
  private readonly lanes = new Map<string, Lane>();

  /** Number of callers holding or waiting for a turn on `key`. */
  length(key: string): number {
    return this.lanes.get(key)?.length ?? 0;
  }

  /** Units (message counts) held or waited for on `key`: the backlog. */
  backlog(key: string): number {
    return this.lanes.get(key)?.units ?? 0;
  }

  /**
   * Waits for the turn on `key` (rejecting with the signal's reason if aborted first). The returned `leave` must
   * be called once; a caller that aborts leaves its place without delaying those behind it.
   */
  async enter(key: string, units: number, signal?: AbortSignal): Promise<() => void> {
    let lane = this.lanes.get(key);
    const previous = lane?.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    if (lane) {
      lane.tail = mine;
      lane.length++;
      lane.units += units;
    } else {
      lane = { tail: mine, length: 1, units };
      this.lanes.set(key, lane);
    }
    const held = lane;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      held.length--;
      held.units -= units;
      if (held.length <= 0 && this.lanes.get(key) === held) this.lanes.delete(key);
      // Those behind us still wait for those ahead of us.
      if (previous === undefined) release();
      else void previous.then(release);
    };
    try {
      // Nobody ahead (the usual case): no wait to race against the signal, so no listener to add and remove.
      if (previous === undefined) signal?.throwIfAborted();
      else await waitOrAbort(previous, signal);
    } catch (error) {
      leave();
      throw error;
    }
    return leave;
  }
}
