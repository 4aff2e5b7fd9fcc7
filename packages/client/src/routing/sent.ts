import { MailUpError, provablyNotSent as neverLeft } from '@mailup-kit/core';

/**
 * Whether `error` proves the operation was not applied, so another protocol may carry it: core's
 * `provablyNotSent` (`err.sent === 'no'`: the limiter refused it, a local validation, a connection refused before
 * any byte left), or the server refused it before acting (`service-disabled`, `ip-not-allowed`,
 * `contract-not-signed`, credentials refused: `auth-invalid`, `auth-expired`, `reauthorization-required`).
 */
export function provablyNotSent(error: unknown): boolean {
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
