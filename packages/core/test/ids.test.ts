import { describe, expect, it } from 'vitest';
import { callIdGenerator, newCallId } from '../src/ids.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('call ids', () => {
  it('newCallId gives version-4 UUIDs', () => {
    for (let i = 0; i < 100; i++) expect(newCallId()).toMatch(V4);
  });

  it('a generator keeps giving distinct version-4 ids across several refills of its pool', () => {
    const next = callIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 256 * 3 + 7; i++) {
      const id = next();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(256 * 3 + 7);
  });

  it('two generators do not share a pool (no module-level state)', () => {
    const a = callIdGenerator();
    const b = callIdGenerator();
    expect(a()).not.toBe(b());
  });
});
