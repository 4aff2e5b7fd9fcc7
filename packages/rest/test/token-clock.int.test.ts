import { type Clock, systemClock } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient, TokenManager } from '../src/index.js';

const HOUR = 3_600_000;

describe('the learned clock skew is measured on the manager clock, whatever clock stamps the Token answer', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('a manager on a moved clock and an OAuthClient on the system clock: one refresh per expiry, not one per call', async () => {
    const a = emu.store.seeded;
    // The manager runs on the emulator's (moved) clock; the OAuthClient was built without one (the system clock):
    // the fleet worker's first version. The skew it learned was the clock difference, so a token refreshed a
    // moment ago looked expired to the process that refreshed it, and it refreshed again.
    let offsetMs = 0;
    const clock: Clock = { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: emu.urls.http,
    });
    const manager = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'clock',
      clock,
      refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
    });
    try {
      await manager.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
      const refreshes = async () => ((await emu.control.action('oauth.stats')) as { refreshes: number }).refreshes;
      for (let expiry = 1; expiry <= 2; expiry++) {
        await emu.control.action('clock.advance', { ms: HOUR + 1_000 });
        offsetMs = ((await emu.control.action('clock.get', {})) as { offsetMs: number }).offsetMs;
        for (let call = 0; call < 3; call++) await manager.getAccessToken();
        expect({ expiry, refreshes: await refreshes(), state: (await manager.status()).state }).toEqual({
          expiry,
          refreshes: expiry,
          state: 'valid',
        });
        // the skew is what the server's Date header says against the manager's clock: under a second here
        expect(Math.abs(manager.serverNow() - clock.now())).toBeLessThan(2_000);
      }
    } finally {
      manager.close();
      oauth.close();
    }
  });
});
