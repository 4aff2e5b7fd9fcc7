/**
 * OAuth token lifecycle figures:
 * - `cachedTokenOverheadUs`: median cost of `TokenManager.getAccessToken()` for a fresh token in a memory store,
 *   next to `baselineMapLookupUs` (an async function returning a bare Map lookup, the floor of any async getter),
 *   measured in interleaved rounds in the same run; `overheadRatio` = cached / baseline. Target: < 5 µs.
 * - `refreshesPerExpiry`: Token endpoint refreshes counted by the emulator per forced expiry while 50 concurrent
 *   callers hit a REST resource (must be 1).
 */
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { startEmulator } from '@mailup-kit/emulator';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { runIfMain } from './_standalone.js';
import { median } from './_stats.js';

const CALLS_PER_ROUND = 20_000;
const ROUNDS = 25;
const CALLERS = 50;
const EXPIRIES = 5;

async function timePerCall(fn: () => Promise<string>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CALLS_PER_ROUND; i++) await fn();
  return ((performance.now() - started) * 1000) / CALLS_PER_ROUND;
}

async function cachedTokenFigures() {
  const store = new MemoryTokenStore();
  const manager = new TokenManager({
    store,
    key: 'bench',
    refresh: () => Promise.reject(new Error('no refresh expected')),
  });
  await manager.save({
    accessToken: 'bench-access',
    refreshToken: 'bench-refresh',
    expiresIn: 3600,
    receivedAt: Date.now(),
  });
  const map = new Map([['bench', 'bench-access']]);
  const bareLookup = async () => map.get('bench') as string;
  const cached = () => manager.getAccessToken();
  // warm-up (JIT) for both
  await timePerCall(cached);
  await timePerCall(bareLookup);
  const manager_us: number[] = [];
  const baseline_us: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    manager_us.push(await timePerCall(cached));
    baseline_us.push(await timePerCall(bareLookup));
  }
  await store.close();
  const cachedUs = median(manager_us);
  const baselineUs = median(baseline_us);
  return { cachedUs, baselineUs };
}

async function refreshFigures() {
  const emulator = await startEmulator();
  try {
    await emulator.control.action('throttle.enabled', { enabled: false });
    const a = emulator.store.seeded;
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: emulator.urls.http,
    });
    const store = new MemoryTokenStore();
    const tokens = new TokenManager({ store, key: 'bench', refresh: (rt, s) => oauth.refresh(rt, s) });
    await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
    const rest = new RestClient({ tokens, baseUrl: emulator.urls.http });
    const perExpiry: number[] = [];
    let failures = 0;
    for (let i = 0; i < EXPIRIES; i++) {
      const before = ((await emulator.control.action('oauth.stats')) as { refreshes: number }).refreshes;
      await emulator.control.action('oauth.expireTokens');
      const outcomes = await Promise.allSettled(Array.from({ length: CALLERS }, () => rest.authenticationInfo()));
      failures += outcomes.filter((o) => o.status === 'rejected').length;
      perExpiry.push(((await emulator.control.action('oauth.stats')) as { refreshes: number }).refreshes - before);
    }
    rest.close();
    oauth.close();
    return { perExpiry, failures };
  } finally {
    await emulator.close();
  }
}

export default async function run(): Promise<Record<string, number | string | boolean>> {
  const { cachedUs, baselineUs } = await cachedTokenFigures();
  const { perExpiry, failures } = await refreshFigures();
  return {
    cachedTokenOverheadUs: Number(cachedUs.toFixed(4)),
    baselineMapLookupUs: Number(baselineUs.toFixed(4)),
    overheadRatio: Number((cachedUs / baselineUs).toFixed(3)),
    cachedTokenTargetUs: 5,
    cachedTokenMeetsTarget: cachedUs < 5,
    refreshesPerExpiry: Math.max(...perExpiry),
    refreshesPerExpiryAll: perExpiry.join(','),
    concurrentCallers: CALLERS,
    expiries: EXPIRIES,
    failedCalls: failures,
  };
}

runIfMain(import.meta.url, run);
