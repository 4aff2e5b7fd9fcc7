import { MailUpError } from '@mailup-kit/core';
import { CalendarDays } from '@mailup-kit/limits';
import { describe, expect, it } from 'vitest';

const HOUR = 3_600_000;

describe('CalendarDays', () => {
  const rome = new CalendarDays();

  it('defaults to Europe/Rome: a winter day starts at 23:00 UTC the day before', () => {
    expect(rome.timeZone).toBe('Europe/Rome');
    expect(rome.boundsAt(Date.UTC(2026, 0, 15, 12))).toEqual({
      start: Date.UTC(2026, 0, 14, 23),
      end: Date.UTC(2026, 0, 15, 23),
    });
  });

  it('switches day exactly at local midnight', () => {
    const midnight = Date.UTC(2026, 6, 14, 22); // 2026-07-15 00:00 CEST
    expect(rome.boundsAt(midnight - 1).end).toBe(midnight);
    expect(rome.boundsAt(midnight).start).toBe(midnight);
    expect(rome.boundsAt(midnight).end - midnight).toBe(24 * HOUR);
  });

  it('has a 23-hour day when DST starts and a 25-hour day when it ends', () => {
    const spring = rome.boundsAt(Date.UTC(2026, 2, 29, 12)); // last Sunday of March 2026
    expect(spring).toEqual({ start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const autumn = rome.boundsAt(Date.UTC(2026, 9, 25, 12)); // last Sunday of October 2026
    expect(autumn).toEqual({ start: Date.UTC(2026, 9, 24, 22), end: Date.UTC(2026, 9, 25, 23) });
    expect(autumn.end - autumn.start).toBe(25 * HOUR);
  });

  it('handles other zones and month/year ends', () => {
    const utc = new CalendarDays('UTC');
    expect(utc.boundsAt(Date.UTC(2026, 11, 31, 23, 59))).toEqual({
      start: Date.UTC(2026, 11, 31),
      end: Date.UTC(2027, 0, 1),
    });
    const ny = new CalendarDays('America/New_York');
    expect(ny.boundsAt(Date.UTC(2026, 2, 8, 12)).end - ny.boundsAt(Date.UTC(2026, 2, 8, 12)).start).toBe(23 * HOUR);
  });

  it('rejects an unknown time zone with a validation error', () => {
    let error: unknown;
    try {
      new CalendarDays('Mars/Olympus');
    } catch (e) {
      error = e;
    }
    expect(MailUpError.is(error, 'validation')).toBe(true);
  });
});
