import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../src/credentials/index.js';
import { MailUpError, ManualClock } from '../src/index.js';
import { describeTokenStoreConformance } from '../src/testing/index.js';

describeTokenStoreConformance('MemoryTokenStore', {
  shared: false,
  backing: () => ({ open: () => new MemoryTokenStore() }),
});

describe('MemoryTokenStore on an injected clock', () => {
  it('expires a lease and times out a waiter by the injected clock, not by wall time', async () => {
    const clock = new ManualClock(1_000);
    const store = new MemoryTokenStore({ clock });
    await store.lock('k', { ttlMs: 5_000 });
    let outcome: unknown;
    const waiter = store.lock('k', { waitMs: 60_000 }).then((lock) => {
      outcome = 'acquired';
      return lock;
    });
    await clock.advance(4_999);
    expect(outcome).toBeUndefined();
    await clock.advance(1);
    const lock = await waiter;
    expect(outcome).toBe('acquired');
    await lock.release();
    await store.lock('k', { ttlMs: 60_000 });
    const timedOut = store.lock('k', { waitMs: 1_000 }).catch((e: unknown) => e);
    await clock.advance(1_000);
    expect(MailUpError.is(await timedOut, 'transient')).toBe(true);
  });

  it('hands out copies: mutating a returned record does not change the store', async () => {
    const store = new MemoryTokenStore();
    await store.compareAndSet('k', 0, { accessToken: 'a', expiresAt: 1, obtainedAt: 0, meta: { user: 'm1' } });
    const got = await store.get('k');
    (got!.record as { accessToken: string }).accessToken = 'changed';
    expect((await store.get('k'))?.record.accessToken).toBe('a');
  });

  it('aborts a waiting lock through its signal', async () => {
    const store = new MemoryTokenStore();
    await store.lock('k');
    const controller = new AbortController();
    const pending = store.lock('k', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('stop'));
    expect(String(await pending)).toMatch(/stop/);
  });

  it('refuses every call once closed', async () => {
    const store = new MemoryTokenStore();
    await store.close();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});
