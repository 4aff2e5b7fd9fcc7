import { MailUpError } from '@mailup-kit/core';

/** Longest callback name accepted on either side. */
export const MAX_CALLBACK_LENGTH = 128;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` is a JSONP callback name both sides accept: identifier characters only, at most 128 long. */
export function isCallbackName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_CALLBACK_LENGTH && IDENTIFIER.test(name);
}

/** Throws a `validation` MailUpError (protocol `jsonp`) unless `name` is a valid callback name; never echoes it. */
export function assertCallbackName(name: unknown, operation = 'jsonp'): string {
  if (!isCallbackName(name)) {
    throw new MailUpError({
      kind: 'validation',
      protocol: 'jsonp',
      operation,
      message: `a JSONP callback name must be identifier characters only ([A-Za-z_$][A-Za-z0-9_$]*), at most ${MAX_CALLBACK_LENGTH} long`,
    });
  }
  return name;
}

/**
 * A fresh, unique callback name (`mailupJsonp_` + 24 random hex digits from `crypto.getRandomValues`, which exists
 * on insecure origins too, unlike `randomUUID`).
 */
export function newCallbackName(prefix = 'mailupJsonp_'): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return assertCallbackName(`${prefix}${hex}`);
}
