import type { EmulatorProblem } from '../types.js';

type Throttled = Extract<EmulatorProblem, { kind: 'throttled' }>;

function per(periodMs: number): string {
  if (periodMs === 1000) return 'second';
  if (periodMs === 86_400_000) return 'day';
  return `${Math.round(periodMs / 1000)} seconds`;
}

/** `Max: 5 calls/second, actual: 9 calls/second`: the part of MailUp's 429 wording every protocol shares. */
export function quotaText(e: Throttled): string {
  return `Max: ${e.limit} calls/${per(e.periodMs)}, actual: ${e.actual} calls/${per(e.periodMs)}`;
}
