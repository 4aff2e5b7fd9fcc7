import { randomBytes } from 'node:crypto';
import type { OAuthGrants } from '../store/oauth-grants.js';
import { EXPIRED_ACCESS_TOKEN_MEMORY_MS, REFRESH_TOKEN_TTL_MS } from './oauth-paths.js';

/** An opaque random token (never derived from anything guessable). */
export function opaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Revokes every access and refresh token of a family (refresh-token reuse detection). */
export function revokeFamily(tables: OAuthGrants, family: string, now: number): void {
  if (tables.revokedFamilies.has(family)) return;
  tables.revokedFamilies.set(family, now + REFRESH_TOKEN_TTL_MS);
  tables.stats.familiesRevoked++;
  for (const [token, record] of tables.accessTokens) if (record.family === family) tables.accessTokens.delete(token);
  for (const record of tables.refreshTokens.values()) if (record.family === family) record.spent = true;
}

/** How many rows of the OAuth tables, by table (control action `oauth.tables`). */
export interface OAuthTableSizes {
  sessions: number;
  codes: number;
  accessTokens: number;
  refreshTokens: number;
  revokedFamilies: number;
}

/** Rows one request may purge per table: the lazy sweep never stalls the request that triggers it. */
export const SWEEP_BUDGET = 256;

/**
 * Removes expired rows from the front of one table, at most `budget`. Rows are inserted with a fixed life on a
 * clock that only moves forward, so insertion order is expiry order and the sweep stops at the first live row.
 * A row the sweep has not reached yet is still refused on access, because every lookup checks `expiresAt`.
 */
function sweep<V>(table: Map<string, V>, expiresAt: (value: V) => number, now: number, budget: number): number {
  let removed = 0;
  for (const [key, value] of table) {
    if (removed >= budget || expiresAt(value) > now) break;
    table.delete(key);
    removed++;
  }
  return removed;
}

/**
 * Purges access tokens expired for more than {@link EXPIRED_ACCESS_TOKEN_MEMORY_MS}, refresh tokens past their
 * life, expired authorization codes and LogOn sessions, and revoked families whose tokens can no longer be alive,
 * at most `budget` rows per table. Called lazily by every OAuth
 * route and the bearer gate, so no timer keeps the process alive.
 */
export function purgeExpired(tables: OAuthGrants, now: number, budget = SWEEP_BUDGET): OAuthTableSizes {
  return {
    sessions: sweep(tables.sessions, (s) => s.expiresAt, now, budget),
    codes: sweep(tables.codes, (c) => c.expiresAt, now, budget),
    accessTokens: sweep(tables.accessTokens, (t) => t.expiresAt + EXPIRED_ACCESS_TOKEN_MEMORY_MS, now, budget),
    refreshTokens: sweep(tables.refreshTokens, (t) => t.expiresAt, now, budget),
    revokedFamilies: sweep(tables.revokedFamilies, (until) => until, now, budget),
  };
}

/** Row counts of the OAuth tables. */
export function tableSizes(tables: OAuthGrants): OAuthTableSizes {
  return {
    sessions: tables.sessions.size,
    codes: tables.codes.size,
    accessTokens: tables.accessTokens.size,
    refreshTokens: tables.refreshTokens.size,
    revokedFamilies: tables.revokedFamilies.size,
  };
}
