import { MailUpError, type Protocol } from '@mailup-kit/core';
import type { SoapOptions } from './operation-inputs.js';
import type { SoapOperationRow, SoapParam } from './service-table.js';

/** True when `text` holds a character XML 1.0 cannot carry (C0 controls but tab / LF / CR, U+FFFE, U+FFFF). */
export function hasNonXmlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}
/** Parameters whose values may span lines (message bodies, notes, feeds); every other string is one line. */
const MULTI_LINE = new Set(['content', 'text', 'xmlDoc', 'groupNotes', 'note', 'Value']);
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
/** Largest string argument accepted (characters). */
export const MAX_ARGUMENT_CHARS = 16 * 1024 * 1024;

function invalid(protocol: Protocol, operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol, operation, message: `${operation}: ${message}` });
}

function checkString(protocol: Protocol, op: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(protocol, op, `${name} must be a string`);
  if (value.length > MAX_ARGUMENT_CHARS)
    throw invalid(protocol, op, `${name} is longer than ${MAX_ARGUMENT_CHARS} characters`);
  if (hasNonXmlChar(value)) throw invalid(protocol, op, `${name} holds control characters XML cannot carry`);
  if (!MULTI_LINE.has(name) && /[\r\n]/.test(value)) throw invalid(protocol, op, `${name} must be one line (no CR/LF)`);
  return value;
}

function optionsArg(protocol: Protocol, op: string, value: unknown): { Option: Array<{ Key: string; Value: string }> } {
  const pairs: Array<[unknown, unknown]> = Array.isArray(value)
    ? value.map((o) => [(o as { Key?: unknown })?.Key, (o as { Value?: unknown })?.Value])
    : value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : (() => {
          throw invalid(protocol, op, 'options must be a record of Key ⇒ Value or an array of { Key, Value }');
        })();
  return {
    Option: pairs.map(([key, val]) => {
      const k = checkString(protocol, op, 'Key', key);
      if (!/^[A-Za-z_][\w.-]{0,63}$/.test(k))
        throw invalid(protocol, op, `option key "${k.slice(0, 40)}" is not a plain name`);
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
        throw invalid(protocol, op, `option ${k} must be a string, a number or a boolean`);
      }
      return { Key: k, Value: checkString(protocol, op, 'Value', String(val)) };
    }),
  };
}

function argValue(protocol: Protocol, op: string, param: SoapParam, value: unknown): unknown {
  switch (param.type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
        throw invalid(protocol, op, `${param.name} must be a 32-bit integer`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(protocol, op, `${param.name} must be true or false`);
      return value;
    case 'dateTime': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime()))
        throw invalid(protocol, op, `${param.name} must be a Date or an ISO date-time`);
      return date.toISOString();
    }
    case 'ArrayOfOption':
      return optionsArg(protocol, op, value as SoapOptions);
    default:
      return checkString(protocol, op, param.name, value);
  }
}

/**
 * The arguments of one operation in WSDL order, checked against the row: unknown names, wrong types, integers out
 * of 32 bits, missing required ints/booleans, control characters and CR/LF in one-line strings are `validation`
 * errors raised before anything is sent. `credentials` (the access key) fill their parameters.
 */
export function orderedArgs(
  row: SoapOperationRow,
  input: Readonly<Record<string, unknown>> | undefined,
  credentials: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const protocol: Protocol = row.service === 'WSMailUpImport' ? 'import' : 'soap';
  const given = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw invalid(protocol, row.method, 'arguments must be an object');
  const known = new Set(row.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw invalid(protocol, row.method, `unknown argument "${name.slice(0, 40)}"`);
    if (name in credentials) throw invalid(protocol, row.method, `${name} is supplied by the session`);
  }
  const args: Record<string, unknown> = {};
  for (const param of row.params) {
    const value = param.name in credentials ? credentials[param.name] : given[param.name];
    if (value === undefined || value === null) {
      if (param.type === 'int' || param.type === 'boolean' || param.type === 'dateTime') {
        throw invalid(protocol, row.method, `${param.name} is required`);
      }
      // The Import service wants every parameter present, even empty (REFERENCE §3.7).
      if (protocol === 'import' && param.type === 'string') args[param.name] = '';
      continue;
    }
    args[param.name] = argValue(protocol, row.method, param, value);
  }
  return args;
}
