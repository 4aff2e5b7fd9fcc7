import { MailUpError } from '../errors/mailup-error.js';

/** The error every TokenStore raises when its lock could not be taken in time. */
export function tokenLockTimeout(key: string, waitMs: number): MailUpError {
  return new MailUpError({
    kind: 'transient',
    protocol: 'oauth',
    operation: 'TokenStore.lock',
    message: `timed out after ${waitMs} ms waiting for the token lock of "${key}"`,
    details: { key, waitMs },
  });
}
