import { describe, expect, it } from 'vitest';
import { OAuthGrants } from '../src/index.js';
import { purgeExpired, tableSizes } from '../src/oauth/oauth-state.js';

describe('purgeExpired', () => {
  function filled(count: number, expiresAt: (i: number) => number) {
    const tables = new OAuthGrants();
    for (let i = 0; i < count; i++) {
      tables.sessions.set(`s${i}`, { accountId: 1, expiresAt: expiresAt(i) });
      tables.codes.set(`c${i}`, { accountId: 1, clientId: 'c', redirectUri: 'http://x/', expiresAt: expiresAt(i) });
    }
    return tables;
  }

  it('removes at most the budget per table and call, oldest first', () => {
    const tables = filled(1000, () => 10);
    expect(purgeExpired(tables, 11, 256)).toMatchObject({ sessions: 256, codes: 256 });
    expect(tableSizes(tables)).toMatchObject({ sessions: 744, codes: 744 });
    expect(tables.sessions.has('s255')).toBe(false);
    expect(tables.sessions.has('s256')).toBe(true);
  });

  it('stops at the first live row and costs nothing when nothing has expired', () => {
    const tables = filled(100, (i) => i);
    expect(purgeExpired(tables, 40, 1000)).toMatchObject({ sessions: 41, codes: 41 });
    expect(purgeExpired(tables, 40, 1000)).toMatchObject({ sessions: 0, codes: 0 });
    expect(tableSizes(tables)).toMatchObject({ sessions: 59, codes: 59 });
  });
});
