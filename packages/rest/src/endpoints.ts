/** MailUp's production host for OAuth and REST. */
export const DEFAULT_MAILUP_BASE_URL = 'https://services.mailup.com';

/** Paths of the authorization server (REFERENCE §6.2). */
export const OAUTH_ENDPOINTS = {
  logOn: '/Authorization/OAuth/LogOn',
  authorization: '/Authorization/OAuth/Authorization',
  token: '/Authorization/OAuth/Token',
} as const;

/** Base path of the Console resources. */
export const CONSOLE_PATH = '/API/v1.1/Rest/ConsoleService.svc/Console';

/** `base` without a trailing slash. */
export function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}
