import { DEFAULT_MAILUP_BASE_URL, OAUTH_ENDPOINTS, trimBase } from './endpoints.js';
import { requireText, requireUrl } from './validate.js';

/** Parameters of {@link buildLogOnUrl}. */
export interface LogOnUrlOptions {
  clientId: string;
  /** Where MailUp sends the browser back with `?code=…`. */
  redirectUri: string;
  /** Anti-CSRF value; checked on the callback when MailUp echoes it. */
  state?: string;
  /** Default `https://services.mailup.com`. */
  baseUrl?: string;
}

/**
 * The URL of MailUp's LogOn page that starts the authorization code grant (`response_type=code`). The client
 * secret is never put in the URL (MailUp's samples do; a URL ends up in browser history and proxy logs).
 *
 * @example
 * ```ts
 * const url = buildLogOnUrl({ clientId, redirectUri: 'http://127.0.0.1:8123/callback', state: 'n0nce' });
 * ```
 */
export function buildLogOnUrl(options: LogOnUrlOptions): string {
  const op = 'buildLogOnUrl';
  const clientId = requireText(op, 'clientId', options.clientId);
  const redirect = requireUrl(op, 'redirectUri', options.redirectUri);
  const url = new URL(`${trimBase(options.baseUrl ?? DEFAULT_MAILUP_BASE_URL)}${OAUTH_ENDPOINTS.logOn}`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirect.toString());
  if (options.state !== undefined) url.searchParams.set('state', requireText(op, 'state', options.state));
  return url.toString();
}
