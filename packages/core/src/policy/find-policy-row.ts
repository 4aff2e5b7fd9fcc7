import type { Protocol } from '../errors/error-kind.js';
import type { PolicyRow } from './policy-row.js';

function readField(input: unknown, field: string): unknown {
  if (input === null || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  if (field in record) return record[field];
  const wanted = field.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : record[key];
}

function conditionHolds(row: PolicyRow, input: unknown): boolean {
  if (!row.when) return true;
  const value = readField(input, row.when.field);
  return typeof value === 'string' && value.toLowerCase() === row.when.equals.toLowerCase();
}

/**
 * The row of `rows` that governs one call: exact operation rows first (whose condition, if any, holds for
 * `input`), then pattern rows, then the protocol's default row. Undefined when no row applies (no limit).
 *
 * @example
 * ```ts
 * findPolicyRow(API_USE_POLICY, 'soap', 'SendSingleNewsletter', { type: 'ID' })?.variant; // 'ID'
 * ```
 */
export function findPolicyRow(
  rows: readonly PolicyRow[],
  protocol: Protocol,
  operation: string,
  input?: unknown,
): PolicyRow | undefined {
  return firstHolding(
    candidateRows(rows, protocol, operation, (row) => new RegExp(row.operation, 'i')),
    input,
  );
}

/**
 * The rows that may govern `operation` whatever the input, in the order {@link findPolicyRow} tries them: exact
 * name matches, then pattern matches, then the protocol's defaults (each in table order).
 */
function candidateRows(
  rows: readonly PolicyRow[],
  protocol: Protocol,
  operation: string,
  patternOf: (row: PolicyRow) => RegExp,
): PolicyRow[] {
  const wanted = operation.toLowerCase();
  const exact: PolicyRow[] = [];
  const pattern: PolicyRow[] = [];
  const fallback: PolicyRow[] = [];
  for (const row of rows) {
    if (row.protocol !== protocol) continue;
    if (row.match === 'exact') {
      if (row.operation.toLowerCase() === wanted) exact.push(row);
    } else if (row.match === 'pattern') {
      if (patternOf(row).test(operation)) pattern.push(row);
    } else fallback.push(row);
  }
  return [...exact, ...pattern, ...fallback];
}

function firstHolding(candidates: readonly PolicyRow[], input: unknown): PolicyRow | undefined {
  for (const row of candidates) if (conditionHolds(row, input)) return row;
  return undefined;
}

/** Distinct (protocol, operation) pairs a {@link PolicyRowIndex} remembers before it starts over. */
const MAX_INDEXED_OPERATIONS = 1000;

/**
 * {@link findPolicyRow} over a fixed table, for the hot path: patterns are compiled once, and the candidate rows
 * of each (protocol, operation) are worked out once (up to 1 000 distinct operations, then the memo starts over),
 * so a call costs one map lookup plus the input conditions of its candidates.
 *
 * @example
 * ```ts
 * const index = new PolicyRowIndex(API_USE_POLICY);
 * index.find('soap', 'SendSingleNewsletter', { type: 'ID' })?.variant; // 'ID'
 * ```
 */
export class PolicyRowIndex {
  private readonly rows: readonly PolicyRow[];
  private readonly patterns = new Map<PolicyRow, RegExp>();
  /** Per protocol, per operation name (the caller's own strings: their hashes are cached, no key is built). */
  private readonly memo = new Map<Protocol, Map<string, PolicyRow[]>>();
  private memoSize = 0;

  constructor(rows: readonly PolicyRow[]) {
    this.rows = rows;
    for (const row of rows) if (row.match === 'pattern') this.patterns.set(row, new RegExp(row.operation, 'i'));
  }

  /** The row governing one call (see {@link findPolicyRow}), or undefined when none applies. */
  find(protocol: Protocol, operation: string, input?: unknown): PolicyRow | undefined {
    return firstHolding(this.candidates(protocol, operation), input);
  }

  /** True when the row of (protocol, operation) may depend on the call's input (a candidate has a condition). */
  dependsOnInput(protocol: Protocol, operation: string): boolean {
    return this.candidates(protocol, operation).some((row) => row.when !== undefined);
  }

  private candidates(protocol: Protocol, operation: string): PolicyRow[] {
    let byOperation = this.memo.get(protocol);
    let candidates = byOperation?.get(operation);
    if (!candidates) {
      candidates = candidateRows(this.rows, protocol, operation, (row) => this.patterns.get(row) as RegExp);
      if (this.memoSize >= MAX_INDEXED_OPERATIONS) {
        this.memo.clear();
        this.memoSize = 0;
        byOperation = undefined;
      }
      if (!byOperation) {
        byOperation = new Map();
        this.memo.set(protocol, byOperation);
      }
      byOperation.set(operation, candidates);
      this.memoSize++;
    }
    return candidates;
  }
}
