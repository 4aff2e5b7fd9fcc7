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
