/**
 * One window a reservation is checked against. Every window of a key is checked at once (all or none).
 *
 * - `sliding`: at most `limit` units in any `periodMs` span (a sliding log: no boundary bursts). A minimum
 *   interval of 1 call per 30 s is `{ type: 'sliding', limit: 1, periodMs: 30_000 }`.
 * - `fixed`: at most `limit` units between `start` (inclusive) and `end` (exclusive), epoch ms — a calendar day
 *   in a time zone, computed by the caller for the current time.
 */
export type QuotaWindow = SlidingQuotaWindow | FixedQuotaWindow;

/** A sliding-log window: at most `limit` units in any span of `periodMs`. */
export interface SlidingQuotaWindow {
  type: 'sliding';
  /** Stable name of the window within its key, e.g. `1s`, `30s`, `24h`. */
  id: string;
  limit: number;
  periodMs: number;
}

/** A fixed window `[start, end)` (a calendar day); units recorded before `start` no longer count. */
export interface FixedQuotaWindow {
  type: 'fixed';
  /** Stable name of the window within its key, e.g. `day`. */
  id: string;
  limit: number;
  start: number;
  end: number;
}

/** What a store is asked to reserve. */
export interface QuotaReservationRequest {
  /** The policy key, e.g. `51234:rest:GET Console/User/Lists`. */
  key: string;
  windows: readonly QuotaWindow[];
  /** Units this call consumes (1 for a call, N for a batch of messages). */
  cost: number;
  /** Unique id of this reservation (used to refund it). */
  id: string;
}

/** The answer to a reservation. `now` is the store's own time (Redis TIME for the Redis store). */
export type QuotaReservationResult =
  | { ok: true; id: string; now: number }
  | {
      ok: false;
      now: number;
      /** Earliest epoch ms (store time) at which the same reservation can succeed; `Infinity` if never. */
      retryAt: number;
      /** The window id that refused, or `pause` when the key is paused by server feedback. */
      blockedBy: string;
    };

/** Usage of one window of a key. */
export interface QuotaWindowUsage {
  id: string;
  limit: number;
  used: number;
  remaining: number;
  /** Epoch ms at which one more unit fits in this window (`now` when it fits already). */
  nextAllowedAt: number;
}

/** Usage of a key across its windows. */
export interface QuotaUsage {
  key: string;
  now: number;
  /** Epoch ms until which server feedback paused the key (absent when not paused). */
  pausedUntil?: number;
  windows: QuotaWindowUsage[];
  /** Units still available now across every window (the smallest remaining; 0 while paused). */
  remaining: number;
  /** Epoch ms at which one more unit can be reserved. */
  nextAllowedAt: number;
}
