import { type Clock, systemClock } from '../clock.js';
import { MailUpError } from '../errors/mailup-error.js';
import {
  emptyQuotaKeyState,
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

/**
 * A {@link QuotaStore} for one process: sliding logs in a Map. Each reservation runs synchronously, so it is
 * atomic over all windows of its key.
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
  private closed = false;

  constructor(options: MemoryQuotaStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  private state(key: string): QuotaKeyState {
    if (this.closed) {
      throw new MailUpError({
        kind: 'permanent',
        protocol: 'client',
        operation: 'quota',
        message: 'quota store is closed',
      });
    }
    let state = this.states.get(key);
    if (!state) {
      state = emptyQuotaKeyState();
      this.states.set(key, state);
    }
    return state;
  }

  async reserve(request: QuotaReservationRequest): Promise<QuotaReservationResult> {
    validateQuotaRequest(request);
    return reserveInState(this.state(request.key), request, this.clock.now());
  }

  async refund(request: QuotaReservationRequest): Promise<void> {
    refundInState(this.state(request.key), request);
  }

  async settle(request: QuotaReservationRequest): Promise<void> {
    settleInState(this.state(request.key), request, this.clock.now());
  }

  async pause(key: string, ms: number): Promise<number> {
    return pauseInState(this.state(key), ms, this.clock.now());
  }

  async inspect(key: string, windows: readonly QuotaWindow[]): Promise<QuotaUsage> {
    return usageOfState(key, this.states.get(key) ?? emptyQuotaKeyState(), windows, this.clock.now());
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.states.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.states.clear();
  }
}
