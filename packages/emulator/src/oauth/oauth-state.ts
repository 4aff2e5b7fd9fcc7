import { randomBytes } from 'node:crypto';
import type { EmulatorState } from '../state.js';

/** A console session opened by the LogOn form. */
export interface LogOnSession {
  accountId: number;
  expiresAt: number;
}

/** A single-use authorization code bound to the client and the redirect URI it was issued for. */
export interface AuthorizationCode {
  accountId: number;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
}

/** An issued access token. */
export interface AccessTokenRecord {
  accountId: number;
  clientId: string;
  family: string;
  expiresAt: number;
}

/** An issued refresh token; `spent` once it has been rotated. */
export interface RefreshTokenRecord {
  accountId: number;
  clientId: string;
  family: string;
  spent: boolean;
}

/** Counters tests read through `oauth.stats`. */
export interface OAuthStats {
  passwordGrants: number;
  codeGrants: number;
  refreshes: number;
  invalidGrants: number;
  familiesRevoked: number;
}

/** Everything the emulated authorization server remembers (kept in `state.module('oauth')`). */
export interface OAuthTables {
  sessions: Map<string, LogOnSession>;
  codes: Map<string, AuthorizationCode>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  revokedFamilies: Set<string>;
  stats: OAuthStats;
}

/** The OAuth tables of an emulator state (created on first use). */
export function oauthTables(state: EmulatorState): OAuthTables {
  return state.module<OAuthTables>('oauth', () => ({
    sessions: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    revokedFamilies: new Set(),
    stats: { passwordGrants: 0, codeGrants: 0, refreshes: 0, invalidGrants: 0, familiesRevoked: 0 },
  }));
}

/** An opaque random token (never derived from anything guessable). */
export function opaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Revokes every access and refresh token of a family (refresh-token reuse detection). */
export function revokeFamily(tables: OAuthTables, family: string): void {
  if (tables.revokedFamilies.has(family)) return;
  tables.revokedFamilies.add(family);
  tables.stats.familiesRevoked++;
  for (const [token, record] of tables.accessTokens) if (record.family === family) tables.accessTokens.delete(token);
  for (const record of tables.refreshTokens.values()) if (record.family === family) record.spent = true;
}
