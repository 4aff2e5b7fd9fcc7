import type { QuotaReservationRequest, QuotaReservationResult, QuotaUsage, QuotaWindow } from './quota-window.js';

/**
 * Where reservations against the API use policy are recorded. A store makes each reservation atomic over every
 * window of its key (all windows record it, or none does) and shares pauses (server feedback) between every user
 * of the same store. Implementations: `MemoryQuotaStore` (core), `FileQuotaStore` (`@mailup-kit/limits`),
 * `RedisQuotaStore` (`@mailup-kit/redis`). Every implementation must pass `describeQuotaStoreConformance`
 * from `@mailup-kit/core/testing`.
 */
export interface QuotaStore {
  /** Reserves `cost` units against every window of `key` at once, or refuses without recording anything. */
  reserve(request: QuotaReservationRequest): Promise<QuotaReservationResult>;
  /** Removes a reservation from every window (only for calls that provably never left the machine). */
  refund(request: QuotaReservationRequest): Promise<void>;
  /**
   * Re-stamps a reservation at the store's now in every window (never earlier), once the call's answer arrived:
   * the server counted the call on arrival, which may be later than the reservation (connection set-up, queues).
   * Counting from the answer guarantees the client never sees more calls in a window than the server does.
   */
  settle(request: QuotaReservationRequest): Promise<void>;
  /** Pauses `key` for `ms` from the store's now (never shortens an existing pause). Returns the pause end. */
  pause(key: string, ms: number): Promise<number>;
  /** Current usage of `key` over `windows` (records nothing). */
  inspect(key: string, windows: readonly QuotaWindow[]): Promise<QuotaUsage>;
  /** Keys recorded under `prefix` (optional: lets `mailup quota` list operations used by other processes). */
  keys?(prefix: string): Promise<string[]>;
  /** Releases connections, timers and files. */
  close(): Promise<void>;
}
