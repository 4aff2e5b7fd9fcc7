/** What a MailUp 429 description says about the limit. */
export interface ThrottleFacts {
  /** Allowed calls per second. */
  max: number;
  /** Calls counted in the window. */
  actual: number;
  /** Milliseconds until the throttling condition ends (newer wording only). */
  expiresInMs?: number;
  /** The `throttling config` number (newer wording only). */
  config?: number;
}

/** The wait assumed when MailUp's 429 does not say how long (the older wording). */
export const DEFAULT_THROTTLE_WAIT_MS = 1_000;

const OLDER = /Max:\s*(\d+)\s*calls per second\s*,\s*actual:\s*(\d+)/i;
const NEWER =
  /Max:\s*(\d+)\s*calls\/second\s*,\s*actual:\s*(\d+)\s*calls\/second\s*,\s*throttling condition expires in:\s*(\d+)\s*ms(?:\s*,\s*throttling config:\s*(\d+))?/i;

/**
 * Parses both wordings of MailUp's throttling description:
 * `Too many requests. Max:5 calls per second , actual:10.` and
 * `The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.`
 */
export function parseThrottleMessage(description: string): ThrottleFacts | undefined {
  const newer = NEWER.exec(description);
  if (newer) {
    return {
      max: Number(newer[1]),
      actual: Number(newer[2]),
      expiresInMs: Number(newer[3]),
      ...(newer[4] === undefined ? {} : { config: Number(newer[4]) }),
    };
  }
  const older = OLDER.exec(description);
  if (older) return { max: Number(older[1]), actual: Number(older[2]) };
  return undefined;
}
