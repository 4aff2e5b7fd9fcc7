import { MailUpError, provablyNotSent as neverLeft } from '@mailup-kit/core';

/**
 * Whether `error` proves the operation was not applied, so another protocol may carry it: core's
 * `provablyNotSent` (`err.sent === 'no'`: the limiter refused it, a local validation, a connection refused before
 * any byte left), or the server refused it before acting (`service-disabled`, `ip-not-allowed`,
 * `contract-not-signed`, credentials refused: `auth-invalid`, `auth-expired`, `reauthorization-required`).
 *
 * Wider than core's test on purpose: a refusal the server answered DID reach it (`sent: 'yes'`), so the limiter
 * must not refund it (the vendor may have counted it against its rate), yet nothing was applied, so moving to
 * another transport cannot apply it twice.
 */
export function provablyNotApplied(error: unknown): boolean {
  if (!MailUpError.is(error)) return false;
  return neverLeft(error) || NOT_APPLIED.has(error.kind);
}

const NOT_APPLIED: ReadonlySet<string> = new Set([
  'quota-exhausted',
  'service-disabled',
  'ip-not-allowed',
  'contract-not-signed',
  'auth-invalid',
  'auth-expired',
  'reauthorization-required',
]);
