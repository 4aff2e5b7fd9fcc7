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
  /** The window the limit counts over, ms (`calls/second` 1 000, `calls/30 seconds` 30 000; newer wording only). */
  periodMs?: number;
}

/** The wait assumed when MailUp's 429 does not say how long (the older wording). */
export const DEFAULT_THROTTLE_WAIT_MS = 1_000;

const OLDER = /Max:\s*(\d+)\s*calls per second\s*,\s*actual:\s*(\d+)/i;
const PERIOD = '(second|\\d+\\s*seconds|minute|hour|day)';
const NEWER = new RegExp(
  `Max:\\s*(\\d+)\\s*calls\\/${PERIOD}\\s*,\\s*actual:\\s*(\\d+)\\s*calls\\/${PERIOD}\\s*,\\s*throttling condition expires in:\\s*(\\d+)\\s*ms(?:\\s*,\\s*throttling config:\\s*(\\d+))?`,
  'i',
);

function periodMs(text: string): number {
  const unit = text.toLowerCase();
  const n = /^(\d+)/.exec(unit);
  if (n) return Number(n[1]) * 1000;
  return unit === 'minute' ? 60_000 : unit === 'hour' ? 3_600_000 : unit === 'day' ? 86_400_000 : 1000;
}

/**
 * Parses both wordings of MailUp's throttling description:
 * `Too many requests. Max:5 calls per second , actual:10.`,
 * `…Max: 1 calls/30 seconds, actual: 2 calls/30 seconds, throttling condition expires in: 29000 ms…` and
 * `The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.`
 */
export function parseThrottleMessage(description: string): ThrottleFacts | undefined {
  const newer = NEWER.exec(description);
  if (newer) {
    return {
      max: Number(newer[1]),
      actual: Number(newer[3]),
      expiresInMs: Number(newer[5]),
      periodMs: periodMs(String(newer[2])),
      ...(newer[6] === undefined ? {} : { config: Number(newer[6]) }),
    };
  }
  const older = OLDER.exec(description);
  if (older) return { max: Number(older[1]), actual: Number(older[2]) };
  return undefined;
}
