import { describe, expect, it } from 'vitest';
import { SlidingLog } from '../src/throttle/sliding-log.js';

describe('emulator SlidingLog', () => {
  it('accepts `limit` calls per period, then names when the oldest leaves the window', () => {
    const log = new SlidingLog();
    for (let i = 0; i < 5; i++) expect(log.hit('k', 5, 1000, 100 + i * 10).allowed).toBe(true);
    expect(log.hit('k', 5, 1000, 500)).toEqual({ allowed: false, count: 6, expiresInMs: 600 });
    expect(log.peek('k', 5, 1000, 1099)).toMatchObject({ allowed: false, expiresInMs: 1 });
    expect(log.peek('k', 5, 1000, 1100)).toMatchObject({ allowed: true, count: 5 });
    expect(log.hit('k', 5, 1000, 1100).allowed).toBe(true);
    expect(log.hit('other', 5, 1000, 1100).allowed).toBe(true);
  });

  it('does not count refused calls, and forgets everything on clear', () => {
    const log = new SlidingLog();
    expect(log.hit('k', 1, 30_000, 0).allowed).toBe(true);
    for (let t = 1; t < 10; t++) expect(log.hit('k', 1, 30_000, t * 1000).allowed).toBe(false);
    expect(log.hit('k', 1, 30_000, 30_000).allowed).toBe(true);
    log.clear();
    expect(log.hit('k', 1, 30_000, 30_001).allowed).toBe(true);
  });
});
