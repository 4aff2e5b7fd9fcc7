import { MailUpError, type Protocol } from '@mailup-kit/core';
import { API_USE_POLICY, type PolicyRow, PolicyRowIndex } from '@mailup-kit/core/catalogue';
import type { QuotaWindow } from '@mailup-kit/core/quota';
import { CalendarDays } from './calendar-day.js';

const DAY_MS = 86_400_000;
/** Distinct operations whose resolution a table remembers before it starts over. */
const MAX_RESOLVED_OPERATIONS = 1000;
const HOUR_MS = 3_600_000;

/** How daily limits are counted. */
export type DailyWindowMode = 'sliding' | { calendar: { timeZone?: string } };

/** Configuration of a {@link PolicyTable}: the policy rows plus what the policy leaves to the account. */
export interface PolicyTableOptions {
  /** Extra or replacement rows; they win over the built-in ones (same matching rules). */
  rows?: readonly PolicyRow[];
  /** Replaces the built-in rows entirely (default: `API_USE_POLICY`). */
  baseRows?: readonly PolicyRow[];
  /** Messages per hour purchased (level of service), per protocol (`txmail`, `smtp`, `soap`). Unset: not paced. */
  levelOfService?: Partial<Record<Protocol, number>>;
  /** Daily windows: sliding 24 h (default, safe whichever way MailUp counts a day) or a calendar day. */
  daily?: DailyWindowMode;
  /** Overrides the backlog bound of level-of-service rows (default 1,000,000 messages). */
  maxBacklog?: number;
  /**
   * Fraction added to every `rate` window (default 0.01: 5/s is counted over 1,010 ms), against clock-rate and
   * ordering jitter between client and server (reservations are also re-stamped when the answer arrives).
   */
  safetyMargin?: number;
}

/** What the engine needs to limit one call. */
export interface ResolvedPolicy {
  row: PolicyRow;
  /** `protocol:operation[#variant]` (the account is prepended by the engine). */
  keySuffix: string;
  windows: QuotaWindow[];
  /** Bound on queued units for this key (level-of-service rows), undefined when the queue length bounds it. */
  maxBacklog: number | undefined;
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'limits.policy', message });
}

/**
 * The API use policy as an overridable table: finds the row of a call (by protocol, operation and input) and
 * turns its limits into store windows at a given time.
 *
 * @example
 * ```ts
 * const table = new PolicyTable({ levelOfService: { txmail: 5000 }, daily: { calendar: { timeZone: 'Europe/Rome' } } });
 * table.resolve('soap', 'CreateNewsletter', undefined, Date.now())?.windows; // [{ type: 'fixed', id: 'day', limit: 100, … }]
 * ```
 */
export class PolicyTable {
  readonly rows: readonly PolicyRow[];
  private readonly index: PolicyRowIndex;
  /** Resolutions that depend on neither input nor time, per protocol and operation (`null`: no limit). */
  private readonly resolved = new Map<Protocol, Map<string, ResolvedPolicy | null>>();
  private resolvedSize = 0;
  /** Windows of rows that have only sliding ones (they do not depend on the time), built once per row. */
  private readonly slidingWindows = new WeakMap<PolicyRow, QuotaWindow[]>();
  private readonly calendar: CalendarDays | undefined;
  private readonly levelOfService: Partial<Record<Protocol, number>>;
  private readonly maxBacklog: number | undefined;
  private readonly safetyMargin: number;

  constructor(options: PolicyTableOptions = {}) {
    this.rows = [...(options.rows ?? []), ...(options.baseRows ?? API_USE_POLICY)];
    for (const row of this.rows) {
      for (const limit of row.limits) {
        if (limit.kind !== 'level-of-service' && !(Number.isSafeInteger(limit.calls) && limit.calls > 0)) {
          throw invalid(`policy row ${row.protocol} ${row.operation}: calls must be a positive integer`);
        }
        if (limit.kind === 'rate' && !(limit.perMs > 0)) {
          throw invalid(`policy row ${row.protocol} ${row.operation}: perMs must be > 0`);
        }
      }
      if (row.match === 'pattern') {
        try {
          new RegExp(row.operation, 'i');
        } catch {
          throw invalid(`policy row ${row.protocol}: invalid pattern ${row.operation}`);
        }
      }
    }
    for (const [protocol, perHour] of Object.entries(options.levelOfService ?? {})) {
      if (!(Number.isFinite(perHour) && (perHour as number) > 0)) {
        throw invalid(`levelOfService.${protocol} must be a positive number of messages per hour`);
      }
    }
    if (options.maxBacklog !== undefined && !(Number.isSafeInteger(options.maxBacklog) && options.maxBacklog > 0)) {
      throw invalid('maxBacklog must be a positive integer');
    }
    const margin = options.safetyMargin ?? 0.01;
    if (!(Number.isFinite(margin) && margin >= 0 && margin < 1)) throw invalid('safetyMargin must be in [0, 1)');
    this.safetyMargin = margin;
    const daily = options.daily ?? 'sliding';
    this.calendar = daily === 'sliding' ? undefined : new CalendarDays(daily.calendar.timeZone ?? 'Europe/Rome');
    this.levelOfService = { ...(options.levelOfService ?? {}) };
    this.maxBacklog = options.maxBacklog;
    this.index = new PolicyRowIndex(this.rows);
  }

  /** The row governing a call, or undefined when no limit applies. */
  row(protocol: Protocol, operation: string, input?: unknown): PolicyRow | undefined {
    return this.index.find(protocol, operation, input);
  }

  /** The row of a call and its windows at `now`; undefined when the call has no numeric limit. */
  resolve(protocol: Protocol, operation: string, input: unknown, now: number): ResolvedPolicy | undefined {
    const memo = this.resolved.get(protocol)?.get(operation);
    if (memo !== undefined) return memo ?? undefined;
    const row = this.row(protocol, operation, input);
    const resolved = row ? this.resolveRow(row, protocol, operation, now) : undefined;
    // The same answer for every call of this operation when neither the input nor the time can change it: kept
    // (up to 1,000 operations), so the hot path builds no key string and no object per call.
    if (!this.index.dependsOnInput(protocol, operation) && (!row || this.slidingWindows.has(row))) {
      let byOperation = this.resolved.get(protocol);
      if (this.resolvedSize >= MAX_RESOLVED_OPERATIONS) {
        this.resolved.clear();
        this.resolvedSize = 0;
        byOperation = undefined;
      }
      if (!byOperation) {
        byOperation = new Map();
        this.resolved.set(protocol, byOperation);
      }
      byOperation.set(operation, resolved ?? null);
      this.resolvedSize++;
    }
    return resolved;
  }

  private resolveRow(row: PolicyRow, protocol: Protocol, operation: string, now: number): ResolvedPolicy | undefined {
    const windows = this.windowsOf(row, now);
    const backlog = row.maxBacklog === undefined ? undefined : (this.maxBacklog ?? row.maxBacklog);
    if (windows.length === 0 && backlog === undefined) return undefined;
    const name = row.match === 'exact' ? row.operation : operation;
    const keySuffix = `${protocol}:${name}${row.variant ? `#${row.variant}` : ''}`;
    return Object.freeze({ row, keySuffix, windows, maxBacklog: backlog });
  }

  /**
   * The store windows of `row` at `now`. Sliding windows do not depend on `now`: a row without a calendar-day
   * window gets the same (frozen) array on every call instead of a new one per reservation.
   */
  windowsOf(row: PolicyRow, now: number): QuotaWindow[] {
    const cached = this.slidingWindows.get(row);
    if (cached) return cached;
    const windows = this.buildWindows(row, now);
    if (!windows.some((w) => w.type === 'fixed')) {
      for (const w of windows) Object.freeze(w);
      this.slidingWindows.set(row, Object.freeze(windows) as QuotaWindow[]);
    }
    return windows;
  }

  private buildWindows(row: PolicyRow, now: number): QuotaWindow[] {
    const windows: QuotaWindow[] = [];
    for (const limit of row.limits) {
      if (limit.kind === 'rate') {
        const periodMs = Math.ceil(limit.perMs * (1 + this.safetyMargin));
        windows.push({ type: 'sliding', id: `${limit.perMs}ms`, limit: limit.calls, periodMs });
      } else if (limit.kind === 'daily') {
        if (this.calendar)
          windows.push({ type: 'fixed', id: 'day', limit: limit.calls, ...this.calendar.boundsAt(now) });
        else windows.push({ type: 'sliding', id: '24h', limit: limit.calls, periodMs: DAY_MS });
      } else {
        const perHour = this.levelOfService[row.protocol];
        if (perHour === undefined) continue;
        // Paced smoothly: a small burst spread over the matching fraction of an hour (5,000/h ⇒ 1 per 720 ms).
        const burst = Math.max(1, Math.round(perHour / 3600));
        windows.push({ type: 'sliding', id: 'pace', limit: burst, periodMs: Math.round((burst * HOUR_MS) / perHour) });
      }
    }
    return windows;
  }
}
