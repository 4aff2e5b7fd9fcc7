import { MailUpError } from '@mailup-kit/core';

/**
 * STAND-IN for `provablyNotSent` of `@mailup-kit/core` (issue 18, built in parallel): the one place the facade
 * reads the sent fact, so the merge swaps this body for core's export and nothing else changes.
 *
 * True when the error proves the operation was not applied: the limiter refused it before sending
 * (`quota-exhausted`), the server refused it before acting (`service-disabled`, `ip-not-allowed`,
 * `contract-not-signed`, credentials refused: `auth-invalid`, `auth-expired`, `reauthorization-required`), or the transport says
 * no byte left the machine (`details.bytesMayHaveLeft === false` on a failure that has no server answer). A
 * `validation` error caught locally never left either.
 */
export function provablyNotSent(error: unknown): boolean {
  if (!MailUpError.is(error)) return false;
  if (NOT_APPLIED.has(error.kind)) return true;
  if (error.kind === 'ambiguous' || error.bytesMayHaveLeft) return false;
  if (error.kind === 'validation') return error.httpStatus === undefined;
  return error.httpStatus === undefined && error.details?.bytesMayHaveLeft === false;
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
