/**
 * Every failure of every MailUp protocol maps to exactly one of these kinds.
 *
 * - `auth-expired`: the token / access key expired; a refresh (or new login) fixes it.
 * - `auth-invalid`: credentials or token rejected.
 * - `reauthorization-required`: the refresh token is dead (`invalid_grant`); a human must log in again.
 * - `contract-not-signed`: the user must accept the terms of service in the console.
 * - `ip-not-allowed`: the caller's IP is not registered (or is denied) for the service.
 * - `service-disabled`: the web service (FrontEnd, MailUpImport, SMTP+ user …) is switched off.
 * - `throttled`: the server refused the call for its rate; `retryAfterMs` says when to try again.
 * - `quota-exhausted`: the client's own limiter refused the call; nothing was sent.
 * - `validation`: bad input (caught locally or by the server); retrying will not help.
 * - `not-found`, `conflict`: the resource is absent / already exists or changed.
 * - `transient`: a temporary failure (5xx, reset before sending, timeout on a read).
 * - `ambiguous`: the request may or may not have been applied (a send whose bytes may have left).
 * - `aborted`: the caller aborted the call through its `AbortSignal`; never retried. `MailUpError.sent` says
 *   whether the server may have acted before the abort.
 * - `permanent`: any other failure that will not go away by retrying.
 */
export const ERROR_KINDS = [
  'auth-expired',
  'auth-invalid',
  'reauthorization-required',
  'contract-not-signed',
  'ip-not-allowed',
  'service-disabled',
  'throttled',
  'quota-exhausted',
  'validation',
  'not-found',
  'conflict',
  'transient',
  'ambiguous',
  'aborted',
  'permanent',
] as const;

/** One of {@link ERROR_KINDS}. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The members of the MailUp API family, as named in errors, logs, limits and the emulator. */
export const PROTOCOLS = [
  'rest',
  'oauth',
  'soap',
  'import',
  'frontend',
  'jsonp',
  'txmail',
  'txsms',
  'smtp',
  'client',
] as const;

/** One of {@link PROTOCOLS}. */
export type Protocol = (typeof PROTOCOLS)[number];

export { RETRYABLE_KINDS } from '../retry/retryable.js';
