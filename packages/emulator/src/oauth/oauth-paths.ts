/** Paths of MailUp's authorization server (REFERENCE §6.2). */
export const OAUTH_PATHS = {
  logOn: '/Authorization/OAuth/LogOn',
  authorization: '/Authorization/OAuth/Authorization',
  token: '/Authorization/OAuth/Token',
} as const;

/** Name of the console session cookie the LogOn form sets. */
export const SESSION_COOKIE = 'MailUpSession';

/** Access tokens live one hour (`expires_in` 3600) on the emulator clock. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** Codes and sessions are short-lived. */
export const CODE_TTL_MS = 5 * 60_000;
export const SESSION_TTL_MS = 30 * 60_000;

/**
 * A refresh token's life on the emulator clock: 30 days. MailUp does not document one (INFERRED); past it the
 * token is forgotten, so a grant nobody refreshes does not stay in memory forever.
 */
export const REFRESH_TOKEN_TTL_MS = 30 * 86_400_000;

/**
 * How long an expired access token is still remembered, so that it gets MailUp's "Access token is expired" 401
 * rather than the "invalid" one: 24 hours (INFERRED; both are 401 and a client refreshes on either). After that
 * it is purged.
 */
export const EXPIRED_ACCESS_TOKEN_MEMORY_MS = 86_400_000;
