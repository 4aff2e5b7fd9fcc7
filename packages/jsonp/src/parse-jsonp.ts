import { MailUpError } from '@mailup-kit/core';
import { assertCallbackName, isCallbackName } from './callback-name.js';

/** A JSONP answer read without evaluating it. */
export interface JsonpAnswer<T = unknown> {
  /** The callback name the answer calls. */
  callback: string;
  data: T;
  /** The HTTP status WCF passes as a second argument for an error answer (`name(<json>,401);`), else undefined. */
  status: number | undefined;
}

function malformed(reason: string, operation: string): MailUpError {
  return new MailUpError({
    kind: 'permanent',
    protocol: 'jsonp',
    operation,
    message: `${operation}: not a JSONP answer (${reason})`,
    details: { reason },
  });
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Reads a JSONP answer strictly, WITHOUT evaluating it: `name(<json>);` (the `;` optional, surrounding whitespace
 * allowed) or WCF's error form `name(<json>,<status>);`. The name must be a valid callback name and, when
 * `expectedCallback` is given, that one; the argument must be JSON (`JSON.parse`, nothing else). Anything else is a
 * `permanent` MailUpError. Works in Node and browsers (no `eval`, no `Function`).
 *
 * @example
 * ```ts
 * parseJsonp('cb({"a":1});', 'cb'); // { callback: 'cb', data: { a: 1 }, status: undefined }
 * ```
 */
export function parseJsonp<T = unknown>(
  text: string,
  expectedCallback?: string,
  operation = 'parseJsonp',
): JsonpAnswer<T> {
  if (typeof text !== 'string') throw malformed('the answer is not text', operation);
  if (expectedCallback !== undefined) assertCallbackName(expectedCallback, operation);
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  const open = text.indexOf('(', start);
  if (open < 0 || open - start > 128) throw malformed('no callback call', operation);
  const callback = text.slice(start, open);
  if (!isCallbackName(callback)) throw malformed('the callback name is not an identifier', operation);
  if (expectedCallback !== undefined && callback !== expectedCallback) {
    throw malformed('it calls another callback', operation);
  }
  let end = text.length - 1;
  while (end > open && isSpace(text.charCodeAt(end))) end--;
  if (text.charCodeAt(end) === 0x3b /* ; */) end--;
  while (end > open && isSpace(text.charCodeAt(end))) end--;
  if (text.charCodeAt(end) !== 0x29 /* ) */) throw malformed('the call is not closed', operation);
  let close = end;
  let status: number | undefined;
  const tail = /,\s*(\d{3})\s*$/.exec(text.slice(Math.max(open + 1, close - 12), close));
  if (tail) {
    status = Number(tail[1]);
    close -= tail[0].length;
  }
  let data: T;
  try {
    data = JSON.parse(text.slice(open + 1, close)) as T;
  } catch {
    throw malformed('the argument is not JSON', operation);
  }
  return { callback, data, status };
}
