import { ManualClock } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { describe, expect, it } from 'vitest';
import { TokenManager } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

describe('TokenManager.hasFreshToken: "present" from memory alone', () => {
  it('is true exactly while a saved access token is fresh in memory (no store read), and never renews', async () => {
    const clock = new ManualClock(T0);
    const store = new MemoryTokenStore({ clock });
    let reads = 0;
    const get = store.get.bind(store);
    store.get = (key) => {
      reads++;
      return get(key);
    };
    let refreshes = 0;
    const refresh = async () => {
      refreshes++;
      throw new Error('not called');
    };
    const manager = new TokenManager({ store, key: 'k', refresh, clock, refreshAheadMs: 60_000 });
    expect(manager.hasFreshToken()).toBe(false); // nothing in memory: ask status()
    expect((await manager.status()).state).toBe('absent');
    await manager.save({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, receivedAt: T0, serverDate: T0 });
    reads = 0;
    expect(manager.hasFreshToken()).toBe(true);
    expect(reads).toBe(0);
    expect((await manager.status()).state).toBe('valid'); // status() answers as it did (and reads the store)
    expect(reads).toBe(1);
    await clock.advance(3_600_000 - 60_000); // inside the renew-ahead window: not fresh any more
    expect(manager.hasFreshToken()).toBe(false);
    expect((await manager.status()).state).toBe('expiring');
    expect(refreshes).toBe(0);
  });
});
