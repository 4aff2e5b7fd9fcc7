import { MailUpError } from '@mailup-kit/core';
import { invalid } from './validate.js';

/** What the callback of the authorization code grant carried. */
export interface AuthorizationCallback {
  code: string;
  /** The state MailUp echoed, if it did (its LogOn does not always). */
  state?: string;
}

/**
 * Reads `code` (and `state`) from the redirect MailUp sent the browser to. When the server echoes a state it must
 * equal `expectedState` (else `validation`: a forged or crossed callback); an `error` parameter becomes
 * `auth-invalid`.
 *
 * @example
 * ```ts
 * const { code } = parseAuthorizationCallback(req.url, 'n0nce');
 * ```
 */
export function parseAuthorizationCallback(callbackUrl: string | URL, expectedState?: string): AuthorizationCallback {
  const op = 'parseAuthorizationCallback';
  let url: URL;
  try {
    url = new URL(String(callbackUrl), 'http://callback.invalid');
  } catch {
    throw invalid(op, 'callback URL is not a URL');
  }
  const error = url.searchParams.get('error');
  if (error !== null) {
    throw new MailUpError({
      kind: 'auth-invalid',
      protocol: 'oauth',
      operation: op,
      vendorCode: error.slice(0, 64),
      message: `authorization was refused: ${error.slice(0, 64)}`,
    });
  }
  const code = url.searchParams.get('code');
  if (!code) throw invalid(op, 'callback carries no code');
  const state = url.searchParams.get('state');
  if (state !== null && expectedState !== undefined && state !== expectedState) {
    throw invalid(op, 'callback state does not match the state sent (possible CSRF); no code was exchanged');
  }
  return state === null ? { code } : { code, state };
}
