import type { MailUpError } from '../errors/mailup-error.js';
import { SHARED_ACCOUNT_CODES } from './account-codes.js';
import { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './vendor-code.js';

/**
 * `errorCode` values inside the string results of MailUpSend / MailUpManage / MailUpReport (REFERENCE §3.2). MailUp
 * documents only `0` = OK and a free-text `errorDescription` (§13 item 8: the table is NOT FOUND); the rows below
 * reuse the account / IP / contract numbering the Import service documents (§3.7) and add the session and argument
 * codes the emulator answers with (INFERRED, documented in the emulator README). An unknown non-zero code is a
 * `permanent` error that keeps the server's description.
 */
export const SOAP_ERROR_CODES: readonly VendorCode[] = Object.freeze([
  { code: 0, meaning: 'success' },
  ...SHARED_ACCOUNT_CODES,
  { code: -1011, meaning: 'IP not registered', kind: 'ip-not-allowed' },
  { code: -1012, meaning: 'IP registered but flagged "deny access"', kind: 'ip-not-allowed' },
  { code: -1013, meaning: 'missing authentication data', kind: 'validation' },
  { code: -1014, meaning: 'contract not signed', kind: 'contract-not-signed' },
  { code: -1100, meaning: 'access key expired (60 minutes from login)', kind: 'auth-expired' },
  { code: -1101, meaning: 'access key not valid (unknown or logged out)', kind: 'auth-expired' },
  { code: -1200, meaning: 'a parameter is missing or not valid', kind: 'validation' },
  { code: -1201, meaning: 'the list, group, message or sending does not exist', kind: 'not-found' },
  { code: -1202, meaning: 'the object already exists', kind: 'conflict' },
] satisfies VendorCode[]);

/**
 * The error for a non-zero SOAP `errorCode` (undefined for `0`), carrying the server's `errorDescription`.
 *
 * @example
 * ```ts
 * soapResultError(-1100, 'expired', { operation: 'GetLists' })?.kind; // 'auth-expired'
 * ```
 */
export function soapResultError(
  code: number,
  description: string,
  context: VendorErrorContext = {},
): MailUpError | undefined {
  if (code === 0) return undefined;
  return vendorCodeError('soap', 'MailUpSOAP', code, findCode(SOAP_ERROR_CODES, code), context, {
    errorDescription: description.slice(0, 500),
  });
}
