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
  const mine = rows.filter((row) => row.protocol === protocol);
  const wanted = operation.toLowerCase();
  const exact = mine.find(
    (row) => row.match === 'exact' && row.operation.toLowerCase() === wanted && conditionHolds(row, input),
  );
  if (exact) return exact;
  const pattern = mine.find(
    (row) => row.match === 'pattern' && new RegExp(row.operation, 'i').test(operation) && conditionHolds(row, input),
  );
  if (pattern) return pattern;
  return mine.find((row) => row.match === 'default' && conditionHolds(row, input));
}
