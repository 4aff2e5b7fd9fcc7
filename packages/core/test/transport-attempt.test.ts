import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { transportAttempt } from '../src/transport/transport.js';

afterEach(() => vi.restoreAllMocks());

describe('transportAttempt (issue 17: a direct send draws no random id it never reads)', () => {
  it('draws the call id only when something reads it, once, and keeps it', () => {
    const draw = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const attempt = transportAttempt({ timeoutMs: 1_000 });
    expect(draw).not.toHaveBeenCalled(); // a draw per direct send was ~12 % of its CPU on loopback
    const id = attempt.callId;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(attempt.callId).toBe(id);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('a given id, the deadline, the relative budget and the sent fact behave as before', async () => {
    const clock = new ManualClock(1_000);
    const left: number[] = [];
    const attempt = transportAttempt({
      callId: 'given',
      attempt: 2,
      operation: 'Op',
      timeoutMs: 500,
      clock,
      onSent: () => left.push(clock.now()),
    });
    expect([attempt.callId, attempt.attempt, attempt.operation, attempt.deadline, attempt.timeoutMs]).toEqual([
      'given',
      2,
      'Op',
      1_500,
      500,
    ]);
    await clock.advance(200);
    expect(attempt.remainingMs()).toBe(300);
    expect(attempt.sent).toBe('no');
    attempt.markSent('maybe');
    attempt.markSent('maybe');
    expect(attempt.sent).toBe('maybe');
    expect(left).toEqual([1_200]); // called once
    expect(transportAttempt({ deadline: 9_000, timeoutMs: 5, clock }).timeoutMs).toBeUndefined();
    expect(transportAttempt({ clock }).remainingMs()).toBeUndefined();
  });
});
