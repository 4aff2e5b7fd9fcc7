import type {
  QuotaReservationRequest,
  QuotaReservationResult,
  QuotaUsage,
  QuotaWindow,
  QuotaWindowUsage,
} from './quota-window.js';

/**
 * The longest pause any store records (24 h: the longest window of the policy). A larger or infinite request is
 * cut to this; a negative or NaN one pauses nothing. The `Limiter` applies its own, much smaller ceiling first.
 */
export const MAX_QUOTA_PAUSE_MS = 86_400_000;

/** One recorded reservation in a window: `[epoch ms, cost, reservation id]`. */
export type QuotaEntry = [at: number, cost: number, id: string];

/**
 * The recorded state of one key: entries per window id (oldest first), the pause end, and `expiresAt`, the time
 * after which the key holds nothing that still counts (a store may then forget it).
 */
export interface QuotaKeyState {
  windows: Record<string, QuotaEntry[]>;
  pausedUntil?: number;
  expiresAt?: number;
}

/**
 * In-process hint: the largest cost any reservation recorded in a state since the state was created empty by
 * {@link hintedQuotaKeyState}. Symbol-keyed, so it is never serialized: a state read from a file (or written by
 * another process) has none, never gets one (it may hold entries of any cost) and is scanned in full, as before.
 * It only ever grows, so it stays an upper bound whatever is refunded or pruned.
 */
const MAX_COST: unique symbol = Symbol('mailup-kit.quota.maxCost');

type HintedState = QuotaKeyState & { [MAX_COST]?: number };

/** Creates an empty key state (without the cost hint: a caller may fill its windows directly). */
export function emptyQuotaKeyState(): QuotaKeyState {
  return { windows: {} };
}

/**
 * Creates an empty key state carrying the in-process cost hint (see `MAX_COST`), for a store whose states are only
 * ever changed through this module's functions (the memory store). A state filled any other way must not carry it.
 */
export function hintedQuotaKeyState(): QuotaKeyState {
  const state: HintedState = { windows: {} };
  state[MAX_COST] = 0;
  return state;
}

/**
 * A pause request made safe to record: NaN and negative waits pause nothing, anything longer than
 * {@link MAX_QUOTA_PAUSE_MS} (Infinity included) is cut to it. Every store applies it before it records a pause.
 */
export function clampQuotaPauseMs(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(MAX_QUOTA_PAUSE_MS, Math.ceil(ms));
}

function countsFrom(window: QuotaWindow, now: number): number {
  return window.type === 'sliding' ? now - window.periodMs : window.start - 1;
}

/** Index of the first entry of `entries` (sorted by time) that counts in `window` at `now`. */
function firstCounting(entries: readonly QuotaEntry[], window: QuotaWindow, now: number): number {
  // Binary search: a busy key under a high limit holds many entries, and this runs on every reservation.
  return firstAfter(entries, countsFrom(window, now));
}

/**
 * Drops, in place, the entries that no longer count in `window` at `now` — except the newest entries that together
 * fill the window's limit, which are kept whatever the clock says. A clock that jumps forward prunes a spent day;
 * when it comes back, those kept entries still count (they are in the window again), so the day stays spent.
 * Keeping them is enough for every later decision to equal the one the full log would give. They are kept for one
 * more window length only (the horizon for which the stores also keep an idle key): without that bound, a row whose
 * limit is never filled (a "no ceiling" row of 1e9 calls/s) kept every entry forever and scanned them all on each
 * call. Returns the index of the first counting entry of the pruned log.
 *
 * Cost per call: two binary searches, the fill walk (at most `limit` steps, and none when `state`'s cost hint proves
 * the horizon cannot fill the limit) and a left trim of the dropped entries (O(1) amortized, see
 * `LEFT_TRIM_MAX_ENTRIES`) — never a copy of the whole log, which made a busy key under a high limit cost
 * O(entries) per reservation.
 */
function prune(state: QuotaKeyState, entries: QuotaEntry[], window: QuotaWindow, now: number): number {
  const first = firstCounting(entries, window, now);
  if (first === 0) return 0; // every entry still counts: nothing to drop, no need to add up the newest
  const horizon = firstAfter(entries, horizonFloor(window, now));
  let kept = entries.length;
  if (!boundedBelow(state, entries.length - horizon, window.limit)) {
    let filled = 0;
    while (kept > horizon && filled < window.limit) {
      kept--;
      filled += (entries[kept] as QuotaEntry)[1];
    }
  } else kept = horizon; // the entries since the horizon cannot fill the limit: the walk would stop there
  const drop = Math.min(Math.max(kept, horizon), first);
  if (drop === 0) return first;
  if (entries.length > LEFT_TRIM_MAX_ENTRIES && drop * 4 < entries.length) return first; // trimmed in a batch later
  if (drop > 64) entries.splice(0, drop);
  else for (let i = 0; i < drop; i++) entries.shift();
  return first - drop;
}

/**
 * Up to about this many entries, V8 removes an array's head in O(1) (it moves the array's start); past it the
 * array lives in the large-object space and every head removal moves all of it. A longer log (a busy key under a
 * very high limit) is therefore trimmed in batches of at least a quarter of its length: O(1) per call, amortized.
 * The entries waiting for the batch are older than anything that counts; only a clock going back could see them
 * again, and then they count — the conservative side.
 */
const LEFT_TRIM_MAX_ENTRIES = 8192;

/** True when `count` entries of `state` provably cost less than `limit` together (without adding them up). */
function boundedBelow(state: QuotaKeyState, count: number, limit: number): boolean {
  const max = (state as HintedState)[MAX_COST];
  return max !== undefined && count * max < limit;
}

function noteCost(state: QuotaKeyState, cost: number): void {
  const hinted = state as HintedState;
  const max = hinted[MAX_COST];
  if (max !== undefined && cost > max) hinted[MAX_COST] = cost;
}

/** Entries at or before this time are dropped even when they would help fill the limit: one more window back. */
function horizonFloor(window: QuotaWindow, now: number): number {
  return window.type === 'sliding' ? now - 2 * window.periodMs : window.start - 1 - (window.end - window.start);
}

/** Index of the first entry recorded after `floor` (entries are sorted by time). */
function firstAfter(entries: readonly QuotaEntry[], floor: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((entries[mid] as QuotaEntry)[0] <= floor) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of reservation `id` in `entries`, searched from the newest end (a call settles soon after reserving). */
function lastIndexOfId(entries: readonly QuotaEntry[], id: string): number {
  for (let i = entries.length - 1; i >= 0; i--) if ((entries[i] as QuotaEntry)[2] === id) return i;
  return -1;
}

/** Inserts `entry` keeping `entries` sorted by time (a clock that went back stamps before later entries). */
function insertSorted(entries: QuotaEntry[], entry: QuotaEntry): void {
  let at = entries.length;
  while (at > 0 && (entries[at - 1] as QuotaEntry)[0] > entry[0]) at--;
  entries.splice(at, 0, entry);
}

/**
 * Moves `state.expiresAt` past the time an entry recorded at `at` stops counting in `window`, plus one more
 * window length: a clock that jumps forward by less than a window and comes back finds the key still there.
 */
function extendExpiry(state: QuotaKeyState, window: QuotaWindow, at: number): void {
  const until =
    window.type === 'sliding' ? at + 2 * window.periodMs : Math.max(window.end, at) + (window.end - window.start);
  state.expiresAt = Math.max(state.expiresAt ?? until, until);
}

function used(state: QuotaKeyState, entries: readonly QuotaEntry[], start: number): number {
  // Costs are positive integers: when the cost hint proves every entry costs 1, the sum is the count (an inspection
  // of a busy key under a high limit no longer adds up its whole log).
  const max = (state as HintedState)[MAX_COST];
  if (max !== undefined && max <= 1) return entries.length - start;
  let sum = 0;
  for (let i = start; i < entries.length; i++) sum += (entries[i] as QuotaEntry)[1];
  return sum;
}

/**
 * Earliest time at which `cost` more units fit in `window`, given its log and the index of its first counting
 * entry. Without adding anything up when `state`'s cost hint proves the counting entries leave room.
 */
function freeAt(
  state: QuotaKeyState,
  entries: readonly QuotaEntry[],
  start: number,
  window: QuotaWindow,
  cost: number,
  now: number,
): number {
  if (cost > window.limit) return Number.POSITIVE_INFINITY;
  if (boundedBelow(state, entries.length - start, window.limit - cost + 1)) return now;
  const excess = used(state, entries, start) + cost - window.limit;
  if (excess <= 0) return now;
  if (window.type === 'fixed') return window.end;
  let freed = 0;
  for (let i = start; i < entries.length; i++) {
    const [at, entryCost] = entries[i] as QuotaEntry;
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
  const starts: number[] = [];
  for (const window of request.windows) {
    let entries = state.windows[window.id];
    if (!entries) {
      entries = [];
      state.windows[window.id] = entries;
    }
    starts.push(prune(state, entries, window, now));
  }
  if (state.pausedUntil !== undefined && state.pausedUntil > now) {
    return { ok: false, now, retryAt: state.pausedUntil, blockedBy: 'pause' };
  }
  let retryAt = now;
  let blockedBy: string | undefined;
  for (let i = 0; i < request.windows.length; i++) {
    const window = request.windows[i] as QuotaWindow;
    const entries = state.windows[window.id] as QuotaEntry[];
    const at = freeAt(state, entries, starts[i] as number, window, request.cost, now);
    if (at > retryAt) {
      retryAt = at;
      blockedBy = window.id;
    }
  }
  if (blockedBy !== undefined) return { ok: false, now, retryAt, blockedBy };
  for (const window of request.windows) {
    insertSorted(state.windows[window.id] as QuotaEntry[], [now, request.cost, request.id]);
    extendExpiry(state, window, now);
  }
  noteCost(state, request.cost);
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
    const index = entries ? lastIndexOfId(entries, request.id) : -1;
    if (!entries || index < 0) continue;
    found = true;
    const entry = entries[index] as QuotaEntry;
    if (entry[0] >= now) continue;
    entries.splice(index, 1);
    insertSorted(entries, [now, entry[1], entry[2]]);
    extendExpiry(state, window, now);
  }
  return found;
}

/**
 * Extends the pause of `state` to `now + ms` (never shortens it), with `ms` made safe by
 * {@link clampQuotaPauseMs}. Returns the pause end.
 */
export function pauseInState(state: QuotaKeyState, ms: number, now: number): number {
  const until = now + clampQuotaPauseMs(ms);
  state.pausedUntil = Math.max(state.pausedUntil ?? 0, until);
  state.expiresAt = Math.max(state.expiresAt ?? 0, state.pausedUntil);
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
    const entries = state.windows[window.id] ?? [];
    const start = firstCounting(entries, window, now);
    const inUse = used(state, entries, start);
    return {
      id: window.id,
      limit: window.limit,
      used: inUse,
      remaining: Math.max(0, window.limit - inUse),
      nextAllowedAt: freeAt(state, entries, start, window, 1, now),
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

/**
 * True when nothing recorded in `state` has counted for a whole window and its pause has passed (`now` has
 * reached `expiresAt`, kept by every reserve, settle and pause): the memory store forgets such a key. A state written
 * before `expiresAt` existed falls back to {@link isStateIdle} with a day's retention.
 */
export function isStateExpired(state: QuotaKeyState, now: number): boolean {
  if (state.expiresAt === undefined) return isStateIdle(state, now, MAX_QUOTA_PAUSE_MS);
  return now >= state.expiresAt && !(state.pausedUntil !== undefined && state.pausedUntil > now);
}
