import type { Protocol } from '../errors/error-kind.js';

/**
 * One limit of a policy row:
 * - `rate`: at most `calls` in any `perMs` span (5/s is `{ calls: 5, perMs: 1000 }`, "1 call every 30 seconds"
 *   is `{ calls: 1, perMs: 30_000 }`).
 * - `daily`: at most `calls` per day (sliding 24 h or a calendar day, chosen by the engine's configuration).
 * - `level-of-service`: paced to the messages per hour the account purchased (configured, not in the policy).
 */
export type PolicyLimit =
  | { kind: 'rate'; calls: number; perMs: number }
  | { kind: 'daily'; calls: number }
  | { kind: 'level-of-service' };

/** How a row's `operation` is matched against a call's operation name. */
export type PolicyMatch = 'exact' | 'pattern' | 'default';

/** A condition on the call's input, e.g. SendSingleNewsletter's `type` (compared case-insensitively). */
export interface PolicyCondition {
  field: string;
  equals: string;
}

/**
 * One row of MailUp's API use policy, as data. Rows are keyed by (protocol, operation); the account is added
 * by the engine. A row with no limits means "no numeric limit" (the frontend pages).
 */
export interface PolicyRow {
  protocol: Protocol;
  /** Operation name (`exact`), a case-insensitive regular expression source (`pattern`), or `*` (`default`). */
  operation: string;
  match: PolicyMatch;
  /** Only applies when the call's input satisfies this condition. */
  when?: PolicyCondition;
  /** Suffix of the quota key for input-dependent rows, so each variant is counted on its own (`HTML`, `ID`). */
  variant?: string;
  limits: readonly PolicyLimit[];
  /** Largest backlog of queued units before calls are refused (level-of-service rows). */
  maxBacklog?: number;
  /** Where the row comes from (the policy's own words). */
  source: string;
}
