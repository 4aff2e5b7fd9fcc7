import { type Clock, systemClock } from '../clock.js';
import { MailUpError } from '../errors/mailup-error.js';
import {
  emptyQuotaKeyState,
  hintedQuotaKeyState,
  isStateExpired,
  pauseInState,
  type QuotaKeyState,
  refundInState,
  reserveInState,
  settleInState,
  usageOfState,
} from './quota-log.js';
import type { QuotaStore } from './quota-store.js';
import type { QuotaReservationRequest, QuotaReservationResult, QuotaUsage, QuotaWindow } from './quota-window.js';
import { validateQuotaRequest } from './validate-quota-request.js';

/** Options of {@link MemoryQuotaStore}. */
export interface MemoryQuotaStoreOptions {
  /** Time source (inject a `ManualClock` in tests). Default {@link systemClock}. */
  clock?: Clock;
}

/** Keys examined for eviction on each write (reserve, refund, settle, pause). */
const SWEEP_PER_CALL = 16;

/**
 * A {@link QuotaStore} for one process: sliding logs in a Map. Each reservation runs synchronously, so it is
 * atomic over all windows of its key.
 *
 * Memory stays bounded: a key is forgotten once nothing recorded in it has counted for one more whole window
 * (a clock that jumps forward by less than a window and back finds it again) and its pause has passed. Every
 * write examines up to 16 keys in turn: a sweep bounded per call, driven by the store's clock, with no timer
 * keeping the process alive. {@link MemoryQuotaStore.size} tells how many keys are held.
 *
 * @example
 * ```ts
 * const store = new MemoryQuotaStore();
 * const r = await store.reserve({ key: 'a:rest:GET Lists', id: 'c1', cost: 1,
 *   windows: [{ type: 'sliding', id: '1s', limit: 5, periodMs: 1000 }] });
 * ```
 */
export class MemoryQuotaStore implements QuotaStore {
  private readonly states = new Map<string, QuotaKeyState>();
  private readonly clock: Clock;
  private sweeper: Iterator<[string, QuotaKeyState]> | undefined;
  private closed = false;

  constructor(options: MemoryQuotaStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Number of keys currently held (a diagnostic: falls as idle keys are evicted). */
  get size(): number {
    return this.states.size;
  }

  /** Examines up to {@link SWEEP_PER_CALL} keys, resuming where the last sweep stopped, and drops expired ones. */
  private sweep(now: number): void {
    let restarted = false;
    for (let checked = 0; checked < SWEEP_PER_CALL && this.states.size > 0; ) {
      this.sweeper ??= this.states.entries();
      const next = this.sweeper.next();
      if (next.done) {
        this.sweeper = undefined;
        if (restarted) return;
        restarted = true;
        continue;
      }
      checked++;
      const [key, state] = next.value;
      if (isStateExpired(state, now)) this.states.delete(key);
    }
  }

  private state(key: string, now: number): QuotaKeyState {
    if (this.closed) {
      throw new MailUpError({
        kind: 'permanent',
        protocol: 'client',
        operation: 'quota',
        message: 'quota store is closed',
      });
    }
    this.sweep(now);
    let state = this.states.get(key);
    if (!state) {
      state = hintedQuotaKeyState();
      this.states.set(key, state);
    }
    return state;
  }

  async reserve(request: QuotaReservationRequest): Promise<QuotaReservationResult> {
    validateQuotaRequest(request);
    const now = this.clock.now();
    return reserveInState(this.state(request.key, now), request, now);
  }

  async refund(request: QuotaReservationRequest): Promise<void> {
    refundInState(this.state(request.key, this.clock.now()), request);
  }

  async settle(request: QuotaReservationRequest): Promise<void> {
    const now = this.clock.now();
    settleInState(this.state(request.key, now), request, now);
  }

  async pause(key: string, ms: number): Promise<number> {
    const now = this.clock.now();
    return pauseInState(this.state(key, now), ms, now);
  }

  async inspect(key: string, windows: readonly QuotaWindow[]): Promise<QuotaUsage> {
    return usageOfState(key, this.states.get(key) ?? emptyQuotaKeyState(), windows, this.clock.now());
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.states.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sweeper = undefined;
    this.states.clear();
  }
}
