import { MailUpError } from '@mailup-kit/core';

/**
 * True when a failure provably happened before any byte left the machine (the transport's error says
 * `details.bytesMayHaveLeft === false`): the only case in which a reservation is refunded.
 */
export function neverLeft(error: unknown): boolean {
  if (!MailUpError.is(error)) return false;
  return error.details?.bytesMayHaveLeft === false;
}
