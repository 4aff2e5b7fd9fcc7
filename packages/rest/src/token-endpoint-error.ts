import type { MailUpError } from '@mailup-kit/core';
import { oauthError } from '@mailup-kit/core/catalogue';
import { withAvailableAt } from './with-available-at.js';

/**
 * Maps a failed Token endpoint answer to one typed error through core's catalogue (`oauthError`):
 * `invalid_grant` ⇒ `reauthorization-required` (the refresh token or code is dead, a human must log in again),
 * `invalid_client` / `unauthorized_client` ⇒ `auth-invalid`, 429 ⇒ `throttled` (never a logout), 5xx ⇒
 * `transient`. The message carries the OAuth error code and a redacted description, never a token.
 */
export function tokenEndpointError(
  status: number,
  body: string,
  headers: Record<string, string | string[]>,
  operation: string,
  now: number,
): MailUpError {
  return withAvailableAt(oauthError(status, body, { operation, headers, now }), now);
}
