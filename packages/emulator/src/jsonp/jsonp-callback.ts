/**
 * A JSONP callback name the emulator accepts: identifier characters only (`[A-Za-z_$][A-Za-z0-9_$]*`), at most
 * {@link MAX_CALLBACK_LENGTH} characters. No dots, brackets, spaces or anything a script could be smuggled in by.
 */
export const CALLBACK_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Longest callback name accepted. */
export const MAX_CALLBACK_LENGTH = 128;

/** True when `name` may be used as a JSONP callback. */
export function isCallbackName(name: string): boolean {
  return name.length <= MAX_CALLBACK_LENGTH && CALLBACK_NAME.test(name);
}

/** The `callback` query parameter (any case, like WCF's query matching), or undefined when absent. */
export function callbackParam(query: URLSearchParams): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === 'callback') return value;
  return undefined;
}

/**
 * The JSONP body: `name(<json>);` for a success, `name(<json>,<status>);` for an error status (WCF's JSONP
 * convention, answered with HTTP 200 so that a script element still runs it). U+2028/U+2029 are escaped so the
 * JSON is also valid JavaScript in every engine.
 */
export function jsonpBody(name: string, json: string, status: number): string {
  const safe = json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return status >= 200 && status < 300 ? `${name}(${safe});` : `${name}(${safe},${status});`;
}
