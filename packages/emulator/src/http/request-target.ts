/** Raised for request input the emulator cannot decode (a malformed percent-escape); answered with 400. */
export class MalformedInputError extends Error {
  override readonly name = 'MalformedInputError';
}

/** Decodes one percent-encoded component, or undefined when an escape is malformed (`%zz`, `%E0%A4%A`, `100%`). */
export function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses `application/x-www-form-urlencoded` text (a query string or a form body) strictly: a malformed
 * percent-escape is a {@link MalformedInputError} naming `where`, not a silently kept `%` (WHATWG's
 * `URLSearchParams` would keep it, and a client with an encoding bug would never find out).
 */
export function parseFormEncoded(text: string, where: string): URLSearchParams {
  for (const pair of text.split('&')) {
    for (const part of pair.split('=')) {
      if (tryDecode(part.replace(/\+/g, ' ')) === undefined) {
        throw new MalformedInputError(`malformed percent-escape in the ${where}`);
      }
    }
  }
  return new URLSearchParams(text);
}

/** The decoded path and the query of a request target. */
export interface RequestTarget {
  /** Decoded path, original case. */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits a request target (`/a%20b?x=1`, or the absolute form `http://host/a?x=1` a proxy-style client sends)
 * into the decoded path and the query. Throws {@link MalformedInputError} for a malformed escape in either.
 * A path starting with `//` stays a path (it is never read as a host).
 */
export function parseRequestTarget(target: string): RequestTarget {
  let rest = target;
  const absolute = /^https?:\/\/[^/?#]*/i.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const mark = rest.indexOf('?');
  const path = tryDecode(mark >= 0 ? rest.slice(0, mark) : rest);
  if (path === undefined) throw new MalformedInputError('malformed percent-escape in the path');
  const query = parseFormEncoded(mark >= 0 ? rest.slice(mark + 1) : '', 'query string');
  return { path, query };
}

/**
 * Cookies of a `Cookie` header. A cookie whose value does not decode (another local app's `theme=100%`; loopback
 * cookies are shared across ports) is skipped; the others are still read.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const value = tryDecode(part.slice(eq + 1).trim());
    if (value !== undefined) cookies[part.slice(0, eq).trim()] = value;
  }
  return cookies;
}
