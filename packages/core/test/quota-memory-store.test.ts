import { ManualClock } from '@mailup-kit/core';
import { MemoryQuotaStore, type QuotaWindow } from '@mailup-kit/core/quota';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
import { describe, expect, it } from 'vitest';

describeQuotaStoreConformance('memory', { open: async (clock) => new MemoryQuotaStore({ clock }) });

describe('MemoryQuotaStore memory', () => {
  const T0 = Date.UTC(2026, 2, 28, 10);
  const day: QuotaWindow[] = [
    { type: 'sliding', id: '1s', limit: 5, periodMs: 1000 },
    { type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 },
  ];

  it('forgets idle keys as it is used, driven by its clock (no timer)', async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryQuotaStore({ clock });
    for (let i = 0; i < 5000; i++) await store.reserve({ key: `a${i}:rest:GET X`, windows: day, cost: 1, id: `r${i}` });
    await store.pause('p:rest:GET X', 60_000);
    expect(store.size).toBe(5001);
    await clock.advance(86_400_000); // the day window has passed but is kept one more day (clock jumps)
    for (let i = 0; i < 400; i++) await store.reserve({ key: 'live:rest:GET X', windows: day, cost: 1, id: `a${i}` });
    expect(store.size).toBe(5001); // the paused key is gone, its pause long over
    expect(await store.keys('p:')).toEqual([]);
    await clock.advance(86_400_000 + 1);
    for (let i = 0; i < 400; i++) await store.reserve({ key: 'live:rest:GET X', windows: day, cost: 1, id: `b${i}` });
    expect(store.size).toBe(1);
    expect(await store.keys('')).toEqual(['live:rest:GET X']);
    await store.close();
  });

  it('keeps a paused key until its pause has passed', async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryQuotaStore({ clock });
    await store.pause('p:rest:GET X', 3_600_000);
    await clock.advance(3_599_999);
    for (let i = 0; i < 20; i++) await store.refund({ key: `other${i}:rest:GET X`, windows: day, cost: 1, id: 'x' });
    expect(await store.keys('p:')).toEqual(['p:rest:GET X']);
    await clock.advance(1);
    for (let i = 0; i < 20; i++) await store.refund({ key: `other${i}:rest:GET X`, windows: day, cost: 1, id: 'x' });
    expect(await store.keys('p:')).toEqual([]);
    await store.close();
  });
});
