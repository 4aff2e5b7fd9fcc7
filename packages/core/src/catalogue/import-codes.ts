import type { MailUpError } from '../errors/mailup-error.js';
import { SHARED_ACCOUNT_CODES } from './account-codes.js';
import { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './vendor-code.js';

/**
 * WSMailUpImport `ReturnCode` values (REFERENCE §3.7). ReturnCode ≥ 0 is success (or an id); these are the errors.
 */
export const IMPORT_RETURN_CODES: readonly VendorCode[] = Object.freeze([
  // authentication
  ...SHARED_ACCOUNT_CODES,
  { code: -1011, meaning: 'IP not registered', kind: 'ip-not-allowed' },
  { code: -1012, meaning: 'IP registered but flagged "deny access"', kind: 'ip-not-allowed' },
  { code: -1013, meaning: 'missing authentication data', kind: 'validation' },
  { code: -1014, meaning: 'contract not signed', kind: 'contract-not-signed' },
  // list verification
  { code: -100, meaning: 'list verification: unrecognized error', kind: 'permanent' },
  { code: -101, meaning: 'list verification failed (idList / listGUID mismatch)', kind: 'validation' },
  { code: -102, meaning: 'list GUID format not valid', kind: 'validation' },
  // CreateGroup
  { code: -300, meaning: 'CreateGroup: unrecognized error', kind: 'permanent' },
  { code: -301, meaning: 'CreateGroup: list not specified', kind: 'validation' },
  { code: -302, meaning: 'CreateGroup: group name missing', kind: 'validation' },
  { code: -303, meaning: 'CreateGroup: group already exists', kind: 'conflict' },
  // NewImportProcess / StartImportProcesses
  { code: -400, meaning: 'import: unrecognized error', kind: 'permanent' },
  { code: -401, meaning: 'import: xmlDoc empty', kind: 'validation' },
  { code: -402, meaning: 'import: xml to csv conversion failed', kind: 'validation' },
  { code: -403, meaning: 'import: create process failed', kind: 'permanent' },
  { code: -410, meaning: 'import: cannot create the confirmation email', kind: 'permanent' },
  { code: -450, meaning: 'import: lists ids and GUIDs counts differ', kind: 'validation' },
  // GetProcessDetails
  { code: -500, meaning: 'process details: unrecognized error', kind: 'permanent' },
  { code: -501, meaning: 'process details: idProcess not found', kind: 'not-found' },
  // StartProcess / StartImportProcesses
  { code: -600, meaning: 'start: unrecognized error', kind: 'permanent' },
  { code: -601, meaning: 'start: a process is already running for the list', kind: 'conflict' },
  { code: -602, meaning: 'start: a process is running for a different list', kind: 'conflict' },
  { code: -603, meaning: 'start: error checking the process status', kind: 'transient' },
  { code: -604, meaning: 'start: error starting the job', kind: 'permanent' },
] satisfies VendorCode[]);

/** The error for an Import `ReturnCode`, or `undefined` when the code is a success (≥ 0). */
export function importReturnCodeError(code: number, context: VendorErrorContext = {}): MailUpError | undefined {
  if (code >= 0) return undefined;
  return vendorCodeError('import', 'WSMailUpImport', code, findCode(IMPORT_RETURN_CODES, code), context);
}
