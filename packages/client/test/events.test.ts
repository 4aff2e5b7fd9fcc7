import { silentLogger } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { FacadeEvents } from '../src/events.js';

describe('FacadeEvents.wants: who listens, counted', () => {
  it('follows subscribe, unsubscribe, "*" and clear (an unsubscribe after clear drops nothing)', () => {
    const events = new FacadeEvents(silentLogger);
    expect(events.wants('request')).toBe(false);
    const fn = () => undefined;
    const off = events.on('request', fn);
    events.on('request', fn); // the same listener twice is one listener
    expect(events.wants('request')).toBe(true);
    expect(events.wants('response')).toBe(false);
    off();
    expect(events.wants('request')).toBe(false);
    off();
    const all = events.on('*', fn);
    expect(events.wants('fallback')).toBe(true);
    events.clear();
    expect(events.wants('fallback')).toBe(false);
    all();
    events.on('response', fn);
    expect(events.wants('response')).toBe(true);
  });
});
