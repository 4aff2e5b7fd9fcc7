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

/**
 * An issued refresh token; `spent` once it has been rotated. A spent token is kept until `expiresAt`, so that its
 * reuse is still recognised (and revokes the family) for as long as the token could have been valid.
 */
export interface RefreshTokenRecord {
  accountId: number;
  clientId: string;
  family: string;
  spent: boolean;
  expiresAt: number;
}

/** Counters tests read through `oauth.stats`. */
export interface OAuthStats {
  passwordGrants: number;
  codeGrants: number;
  refreshes: number;
  invalidGrants: number;
  familiesRevoked: number;
}

/**
 * Everything the emulated authorization server remembers: sessions, codes and tokens are credentials of an account
 * (REST, JSONP and the CLI all present them), so they live in the domain store, not inside the OAuth module.
 */
export class OAuthGrants {
  readonly sessions = new Map<string, LogOnSession>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Revoked token families, with the time after which no refresh token of the family can still be alive. */
  readonly revokedFamilies = new Map<string, number>();
  readonly stats: OAuthStats = { passwordGrants: 0, codeGrants: 0, refreshes: 0, invalidGrants: 0, familiesRevoked: 0 };

  /** Every secret issued and still remembered (tokens, codes, sessions): what a log must never contain. */
  secrets(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys(), ...this.codes.keys(), ...this.sessions.keys()];
  }
}
