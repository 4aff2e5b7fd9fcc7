import { MailUpError } from '@mailup-kit/core';
import type { TokenStore } from '@mailup-kit/core/credentials';
import { OAuthClient, type ReauthorizationRequiredEvent, TokenManager } from '@mailup-kit/rest';
import { expect } from 'vitest';
import type { TestTokenServer } from './token-server.js';

/**
 * Two processes (two managers, two OAuth clients, two store instances on one backing) ask for a token at expiry
 * while the Token endpoint trickles its answer for 6 s, far past the 3 s lock lease. The refresh's deadline must
 * end the call inside the lease: one Token call, never a second one with the same refresh token.
 */
export async function twoProcessesAtExpiry(server: TestTokenServer, open: () => TokenStore) {
  const lockTtlMs = 3_000;
  const members = [0, 1].map(() => {
    const oauth = new OAuthClient({ clientId: 'c', clientSecret: 's', baseUrl: server.baseUrl });
    const store = open();
    const reauth: ReauthorizationRequiredEvent[] = [];
    const tokens = new TokenManager({
      store,
      key: 'acct',
      lockTtlMs,
      refreshTimeoutMs: 1_000,
      refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
    });
    tokens.events.on('reauthorization-required', (e) => reauth.push(e));
    return { oauth, store, tokens, reauth };
  });
  const [first, second] = members as [(typeof members)[0], (typeof members)[0]];
  try {
    // Issued an hour ago: expired now.
    await first.tokens.save({
      accessToken: 'a0',
      refreshToken: 'r0',
      expiresIn: 3600,
      receivedAt: Date.now() - 3_600_000,
    });
    const started = Date.now();
    const outcomes = await Promise.all(members.map((m) => m.tokens.getAccessToken().catch((e: unknown) => e)));
    const elapsed = Date.now() - started;
    expect(server.refreshes).toEqual(['r0']);
    expect(server.invalidGrants).toBe(0);
    for (const outcome of outcomes) expect(MailUpError.is(outcome, 'reauthorization-required')).toBe(true);
    expect([...first.reauth, ...second.reauth]).toEqual([expect.objectContaining({ reason: 'lost-response' })]);
    expect(elapsed).toBeLessThan(lockTtlMs);
    expect((await first.store.get('acct'))?.record.refreshToken).toBeUndefined();
  } finally {
    for (const m of members) {
      m.tokens.close();
      m.oauth.close();
      await m.store.close();
    }
  }
}
