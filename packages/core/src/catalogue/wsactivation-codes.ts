import type { MailUpError } from '../errors/mailup-error.js';
import { SHARED_ACCOUNT_CODES } from './account-codes.js';
import { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './vendor-code.js';

/** WSActivation.aspx `ReturnCode` values (REFERENCE §2.1). */
export const WSACTIVATION_RETURN_CODES: readonly VendorCode[] = Object.freeze([
  { code: 0, meaning: 'success' },
  { code: -2, meaning: 'ws name missing', kind: 'validation' },
  { code: -4, meaning: 'user name missing', kind: 'validation' },
  { code: -8, meaning: 'password missing', kind: 'validation' },
  { code: -16, meaning: 'nl url missing', kind: 'validation' },
  ...SHARED_ACCOUNT_CODES,
  { code: -1008, meaning: 'web service already active', kind: 'conflict' },
  { code: -1009, meaning: 'web service activation error', kind: 'permanent' },
  { code: -1010, meaning: 'IP registration error', kind: 'permanent' },
] satisfies VendorCode[]);

/** The additive "missing parameter" flags of WSActivation, by query parameter name. */
export const WSACTIVATION_MISSING_FLAGS: Readonly<Record<'ws_name' | 'usr' | 'pwd' | 'nl_url', number>> = Object.freeze(
  {
    ws_name: 2,
    usr: 4,
    pwd: 8,
    nl_url: 16,
  },
);

/**
 * The parameters a WSActivation code says are missing: `-6` ⇒ `['ws_name', 'usr']`. Empty for any code that
 * is not a combination of the flags.
 */
export function decodeWsActivationMissing(code: number): Array<keyof typeof WSACTIVATION_MISSING_FLAGS> {
  const bits = -code;
  if (!Number.isInteger(bits) || bits <= 0 || bits > 30 || bits & 1) return [];
  return (Object.entries(WSACTIVATION_MISSING_FLAGS) as Array<[keyof typeof WSACTIVATION_MISSING_FLAGS, number]>)
    .filter(([, flag]) => (bits & flag) !== 0)
    .map(([name]) => name);
}

/** The error for a WSActivation `ReturnCode`, or `undefined` on success. Flag combinations become `validation`. */
export function wsActivationError(code: number, context: VendorErrorContext = {}): MailUpError | undefined {
  if (code === 0) return undefined;
  const missing = decodeWsActivationMissing(code);
  const row =
    findCode(WSACTIVATION_RETURN_CODES, code) ??
    (missing.length > 0 ? { code, meaning: `missing: ${missing.join(', ')}`, kind: 'validation' as const } : undefined);
  return vendorCodeError('frontend', 'WSActivation', code, row, context, missing.length > 0 ? { missing } : {});
}
