import type {
  QuotaReservationRequest,
  QuotaReservationResult,
  QuotaUsage,
  QuotaWindow,
  QuotaWindowUsage,
} from './quota-window.js';

/** One recorded reservation in a window: `[epoch ms, cost, reservation id]`. */
export type QuotaEntry = [at: number, cost: number, id: string];

/** The recorded state of one key: entries per window id (oldest first) and the pause end. */
export interface QuotaKeyState {
  windows: Record<string, QuotaEntry[]>;
  pausedUntil?: number;
}

/** Creates an empty key state. */
export function emptyQuotaKeyState(): QuotaKeyState {
  return { windows: {} };
}

function countsFrom(window: QuotaWindow, now: number): number {
  return window.type === 'sliding' ? now - window.periodMs : window.start - 1;
}

/** Drops entries that no longer count in `window` at `now` (and every entry of a fixed window before its start). */
function prune(entries: QuotaEntry[], window: QuotaWindow, now: number): QuotaEntry[] {
  const floor = countsFrom(window, now);
  let drop = 0;
  while (drop < entries.length && (entries[drop] as QuotaEntry)[0] <= floor) drop++;
  return drop === 0 ? entries : entries.slice(drop);
}

function used(entries: readonly QuotaEntry[]): number {
  let sum = 0;
  for (const entry of entries) sum += entry[1];
  return sum;
}

/** Earliest time at which `cost` more units fit in `window`, given its live `entries`. */
function freeAt(entries: readonly QuotaEntry[], window: QuotaWindow, cost: number, now: number): number {
  if (cost > window.limit) return Number.POSITIVE_INFINITY;
  const excess = used(entries) + cost - window.limit;
  if (excess <= 0) return now;
  if (window.type === 'fixed') return window.end;
  let freed = 0;
  for (const [at, entryCost] of entries) {
    freed += entryCost;
    if (freed >= excess) return at + window.periodMs;
  }
  return now + window.periodMs;
}

/**
 * The reservation algorithm shared by the memory and file stores (the Redis store runs the same logic in Lua):
 * prune, refuse while paused, check every window, and record in all of them only if all accept. Mutates `state`.
 */
export function reserveInState(
  state: QuotaKeyState,
  request: QuotaReservationRequest,
  now: number,
): QuotaReservationResult {
  for (const window of request.windows) {
    state.windows[window.id] = prune(state.windows[window.id] ?? [], window, now);
  }
  if (state.pausedUntil !== undefined && state.pausedUntil > now) {
    return { ok: false, now, retryAt: state.pausedUntil, blockedBy: 'pause' };
  }
  let retryAt = now;
  let blockedBy: string | undefined;
  for (const window of request.windows) {
    const at = freeAt(state.windows[window.id] as QuotaEntry[], window, request.cost, now);
    if (at > retryAt) {
      retryAt = at;
      blockedBy = window.id;
    }
  }
  if (blockedBy !== undefined) return { ok: false, now, retryAt, blockedBy };
  for (const window of request.windows)
    (state.windows[window.id] as QuotaEntry[]).push([now, request.cost, request.id]);
  return { ok: true, id: request.id, now };
}

/** Removes reservation `request.id` from every window of `state`. Returns true if anything was removed. */
export function refundInState(state: QuotaKeyState, request: QuotaReservationRequest): boolean {
  let removed = false;
  for (const window of request.windows) {
    const entries = state.windows[window.id];
    if (!entries) continue;
    const kept = entries.filter((entry) => entry[2] !== request.id);
    if (kept.length !== entries.length) removed = true;
    state.windows[window.id] = kept;
  }
  return removed;
}

/**
 * Moves reservation `request.id` to `now` in every window (never earlier): called when the call's answer arrived,
 * because the server counted it on arrival, somewhere between the reservation and now. Returns true if found.
 */
export function settleInState(state: QuotaKeyState, request: QuotaReservationRequest, now: number): boolean {
  let found = false;
  for (const window of request.windows) {
    const entries = state.windows[window.id];
    const index = entries?.findIndex((entry) => entry[2] === request.id) ?? -1;
    if (!entries || index < 0) continue;
    found = true;
    const entry = entries[index] as QuotaEntry;
    if (entry[0] >= now) continue;
    entries.splice(index, 1);
    let at = entries.length;
    while (at > 0 && (entries[at - 1] as QuotaEntry)[0] > now) at--;
    entries.splice(at, 0, [now, entry[1], entry[2]]);
  }
  return found;
}

/** Extends the pause of `state` to `now + ms` (never shortens it). Returns the pause end. */
export function pauseInState(state: QuotaKeyState, ms: number, now: number): number {
  const until = now + Math.max(0, ms);
  state.pausedUntil = Math.max(state.pausedUntil ?? 0, until);
  return state.pausedUntil;
}

/** Usage of `state` over `windows` at `now` (pure: does not mutate `state`). */
export function usageOfState(
  key: string,
  state: QuotaKeyState,
  windows: readonly QuotaWindow[],
  now: number,
): QuotaUsage {
  const paused = state.pausedUntil !== undefined && state.pausedUntil > now ? state.pausedUntil : undefined;
  const perWindow: QuotaWindowUsage[] = windows.map((window) => {
    const entries = prune(state.windows[window.id] ?? [], window, now);
    const inUse = used(entries);
    return {
      id: window.id,
      limit: window.limit,
      used: inUse,
      remaining: Math.max(0, window.limit - inUse),
      nextAllowedAt: freeAt(entries, window, 1, now),
    };
  });
  const remaining = paused ? 0 : Math.min(Number.POSITIVE_INFINITY, ...perWindow.map((w) => w.remaining));
  const nextAllowedAt = Math.max(now, paused ?? now, ...perWindow.map((w) => w.nextAllowedAt));
  return {
    key,
    now,
    ...(paused === undefined ? {} : { pausedUntil: paused }),
    windows: perWindow,
    remaining,
    nextAllowedAt,
  };
}

/** True when `state` holds nothing that still matters at `now` (a store may forget the key). */
export function isStateIdle(state: QuotaKeyState, now: number, maxRetentionMs: number): boolean {
  if (state.pausedUntil !== undefined && state.pausedUntil > now) return false;
  for (const entries of Object.values(state.windows)) {
    const last = entries[entries.length - 1];
    if (last && last[0] > now - maxRetentionMs) return false;
  }
  return true;
}
