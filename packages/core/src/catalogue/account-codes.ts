import type { VendorCode } from './vendor-code.js';

/**
 * The account/web-service codes MailUp's ASP.NET services share (REFERENCE §2.1 WSActivation and §3.7
 * WSMailUpImport list the same -1000…-1007 rows): stated once here and spread into both tables.
 */
export const SHARED_ACCOUNT_CODES: readonly VendorCode[] = Object.freeze([
  { code: -1000, meaning: 'unrecognized error', kind: 'permanent' },
  { code: -1001, meaning: 'account not valid', kind: 'auth-invalid' },
  { code: -1002, meaning: 'password not valid', kind: 'auth-invalid' },
  { code: -1003, meaning: 'suspended account', kind: 'permanent' },
  { code: -1004, meaning: 'inactive account', kind: 'permanent' },
  { code: -1005, meaning: 'expired account', kind: 'permanent' },
  { code: -1006, meaning: 'web service not enabled', kind: 'service-disabled' },
  { code: -1007, meaning: 'web service not active', kind: 'service-disabled' },
] satisfies VendorCode[]);
