import type { Via } from '../catalogue/binding.js';
import type { Members } from '../config/members.js';

/**
 * Why `via`'s credentials are missing, or undefined when they are present — never a renewal, never a vendor call:
 * REST asks its token manager's `status()` (an access token, or a refresh token to renew it with); SOAP,
 * WSMailUpImport and the Send API / relay hold a configured user and password; the frontend pages need none.
 */
export async function missingCredentials(members: Members, via: Via): Promise<string | undefined> {
  if (via !== 'rest') return undefined;
  const tokens = members.tokens;
  if (!tokens) return 'no OAuth client configured';
  if (tokens.hasFreshToken()) return undefined;
  const status = await tokens.status();
  if (status.state === 'absent') return 'no OAuth tokens: log in first';
  if (status.state === 'reauthorization-required') return 'the refresh token is dead: log in again';
  if (status.state === 'expired' && !status.renewable) {
    return 'the access token expired and there is no refresh token: log in again';
  }
  return undefined;
}

/**
 * True when `via`'s credentials are known present from memory alone (no store read): a transport that needs no
 * credential check, or REST holding a fresh access token — exactly when the call itself is served that token
 * without I/O (`status()` would answer `valid`). False means "ask {@link missingCredentials}", not "missing".
 */
export function credentialsKnownPresent(members: Members, via: Via): boolean {
  if (via !== 'rest') return true;
  return members.tokens?.hasFreshToken() === true;
}
