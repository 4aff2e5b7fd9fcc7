import { MailUpError } from '@mailup-kit/core';

/** Start (inclusive) and end (exclusive) of a calendar day, epoch ms. */
export interface DayBounds {
  start: number;
  end: number;
}

/**
 * Calendar days in one IANA time zone (default `Europe/Rome`), computed with `Intl.DateTimeFormat` so that days
 * of 23 and 25 hours (DST changes) have their real length.
 *
 * @example
 * ```ts
 * new CalendarDays('Europe/Rome').boundsAt(Date.UTC(2026, 2, 29, 12)); // 2026-03-29, a 23-hour day
 * ```
 */
export class CalendarDays {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone = 'Europe/Rome') {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'client',
        operation: 'limits.calendarDay',
        message: `unknown time zone ${JSON.stringify(timeZone)}`,
        cause,
      });
    }
  }

  /** The calendar day containing `epochMs` in this time zone. */
  boundsAt(epochMs: number): DayBounds {
    const { year, month, day } = this.localParts(epochMs);
    return { start: this.localMidnight(year, month, day), end: this.localMidnight(year, month, day + 1) };
  }

  private localParts(epochMs: number): { year: number; month: number; day: number; offsetMs: number } {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(epochMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    return { year, month, day, offsetMs: asUtc - Math.floor(epochMs / 1000) * 1000 };
  }

  /** Epoch ms of 00:00 local time on (year, month, day); `day` may overflow into the next month. */
  private localMidnight(year: number, month: number, day: number): number {
    const wall = Date.UTC(year, month - 1, day);
    let guess = wall - this.localParts(wall).offsetMs;
    guess = wall - this.localParts(guess).offsetMs;
    return guess;
  }
}
