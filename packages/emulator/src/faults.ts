/** What a fault does to a matching request. */
export type FaultAction =
  /** Answer with this status (and optional body) instead of the handler. */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Destroy the socket before the handler runs: the change is not applied. */
  | { type: 'reset-before' }
  /** Run the handler (the change is applied), then destroy the socket instead of answering. */
  | { type: 'reset-after' }
  /** Delay the answer by this many ms. */
  | { type: 'delay'; ms: number };

/** A fault rule: matches by method and path prefix (case-insensitive), for `times` requests (default 1). */
export interface FaultRule {
  method?: string;
  /** Path prefix, e.g. `/Authorization/OAuth/Token`. */
  path?: string;
  action: FaultAction;
  times?: number;
}

/** The active fault rules; each match uses up one of its `times`. */
export class FaultTable {
  private rules: Array<FaultRule & { left: number }> = [];

  add(rule: FaultRule): void {
    const left = rule.times ?? 1;
    if (!Number.isInteger(left) || left < 1) throw new RangeError('fault times must be a positive integer');
    this.rules.push({ ...rule, left });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Takes the first rule matching the request, if any. */
  take(method: string, path: string): FaultAction | undefined {
    const lowerPath = path.toLowerCase();
    const index = this.rules.findIndex(
      (r) =>
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        (!r.path || lowerPath.startsWith(r.path.toLowerCase())),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.left--;
    if (rule.left === 0) this.rules.splice(index, 1);
    return rule.action;
  }
}
