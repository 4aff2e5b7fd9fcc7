import { MailUpError } from '@mailup-kit/core';

/** A `validation` MailUpError of the frontend client: nothing was sent. Never echoes the value. */
export function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'frontend', operation, message });
}

/** Longest value accepted in one parameter (MailUp documents none; a field longer than this is a mistake). */
export const MAX_VALUE_LENGTH = 4000;
/** True when `value` holds a control character (CR, LF, NUL, TAB …, DEL). */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
const EMAIL = /^[^\s@;,<>"'()]{1,64}@[^\s@;,<>"'()]{1,253}\.[A-Za-z]{2,63}$/;
const MOBILE = /^(?:\+|00)?\d{6,20}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELD_CODE = /^campo([1-9]\d?)$/i;

/** A text value: a string without control characters (CR, LF, NUL …), at most {@link MAX_VALUE_LENGTH} long. */
export function text(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(operation, `${name} must be a string`);
  if (hasControl(value)) throw invalid(operation, `${name} must not contain CR, LF or other control characters`);
  if (value.length > MAX_VALUE_LENGTH)
    throw invalid(operation, `${name} is longer than ${MAX_VALUE_LENGTH} characters`);
  return value;
}

/** An email address (MailUp would answer 2 for a malformed one; refusing it here sends nothing). */
export function email(operation: string, value: unknown): string {
  const v = text(operation, 'email', value);
  if (v.length > 254 || !EMAIL.test(v)) throw invalid(operation, 'email is not a valid address');
  return v;
}

/** A mobile number with its international prefix (`+39…`, `0039…`) or without (the list's default applies). */
export function mobile(operation: string, value: unknown): string {
  const v = text(operation, 'sms', value).replace(/[\s.-]/g, '');
  if (!MOBILE.test(v)) throw invalid(operation, 'sms must be a mobile number (digits, optional + or 00 prefix)');
  return v;
}

/** A numeric id (list, group): a positive integer. MailUp's pages answer "generic error" for anything else. */
export function id(operation: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > 999_999_999) {
    throw invalid(operation, `${name} must be a positive integer id`);
  }
  return value;
}

/** A list GUID (8-4-4-4-12 hex digits). */
export function guid(operation: string, value: unknown): string {
  const v = text(operation, 'listGuid', value);
  if (!GUID.test(v)) throw invalid(operation, 'listGuid must be a GUID like 57f9c675-63d6-498f-91b6-7f60f9f30b2e');
  return v;
}

/** A field code: `campoN` (or the number N), N from 1 to 99. */
export function fieldCode(operation: string, key: string | number): string {
  const code = typeof key === 'number' || /^\d+$/.test(key) ? `campo${key}` : key;
  const match = FIELD_CODE.exec(code);
  if (!match) throw invalid(operation, 'field names must be field codes campo1 … campo99 (or their numbers)');
  return `campo${Number(match[1])}`;
}

/**
 * A field value MailUp would not mangle: no `;` (the `csvFldValues` separator: the count would no longer match),
 * no `--` (refused by the page), no control characters, bounded length.
 */
export function fieldValue(operation: string, code: string, value: unknown): string {
  const v = text(operation, code, value);
  if (v.includes(';')) throw invalid(operation, `${code} must not contain ";" (MailUp splits values on it)`);
  if (v.includes('--')) throw invalid(operation, `${code} must not contain "--" (MailUp refuses such a value)`);
  return v;
}

/** `fields` as `csvFldNames` / `csvFldValues`, each value checked. */
export function csvFields(
  operation: string,
  fields: Readonly<Record<string | number, string>> | undefined,
): { csvFldNames: string; csvFldValues: string } | undefined {
  if (fields === undefined) return undefined;
  if (fields === null || typeof fields !== 'object') throw invalid(operation, 'fields must be an object');
  const names: string[] = [];
  const values: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const code = fieldCode(operation, key);
    if (names.includes(code)) throw invalid(operation, `${code} is given twice`);
    names.push(code);
    values.push(fieldValue(operation, code, value));
  }
  return names.length === 0 ? undefined : { csvFldNames: names.join(';'), csvFldValues: values.join(';') };
}

/** A non-empty list of ids. */
export function ids(operation: string, name: string, value: unknown, required: boolean): number[] {
  if (value === undefined && !required) return [];
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || (required && list.length === 0)) {
    throw invalid(operation, `${name} must be ${required ? 'a non-empty ' : 'an '}array of positive integer ids`);
  }
  return list.map((v) => id(operation, name, v));
}
