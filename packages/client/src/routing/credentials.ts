import type { Via } from '../catalogue/binding.js';
import type { Members } from '../config/members.js';

/** A credential holder that can say its state without renewing (issue 18's `status()`), when it has one. */
interface WithStatus {
  status(): unknown;
}

function hasStatus(holder: unknown): holder is WithStatus {
  return typeof (holder as Partial<WithStatus> | undefined)?.status === 'function';
}

/**
 * Why `via`'s credentials are missing, or undefined when they are present — never a renewal, never a vendor call:
 * REST reads its token store (an access token, or a refresh token to renew it with); SOAP, WSMailUpImport and the
 * Send API / relay hold a configured user and password; the frontend pages need none.
 */
export async function missingCredentials(members: Members, via: Via): Promise<string | undefined> {
  if (via !== 'rest') return undefined;
  const tokens = members.tokens;
  const store = members.tokenStore;
  if (!tokens || !store) return 'no OAuth client configured';
  if (hasStatus(tokens)) {
    const status = (await tokens.status()) as { state?: string; present?: boolean } | undefined;
    if (status?.present === false || status?.state === 'absent') return 'no OAuth tokens: log in first';
    if (status?.state === 'reauthorization-required') return 'the refresh token is dead: log in again';
    return undefined;
  }
  const stored = await store.get(tokens.key);
  if (!stored || stored.record.accessToken === '') return 'no OAuth tokens in the store: log in first';
  const { record } = stored;
  if (record.refreshToken === undefined && record.expiresAt <= members.clock.now()) {
    return 'the access token expired and there is no refresh token: log in again';
  }
  return undefined;
}
