import { parseFormEncoded, tryDecode } from '../http/request-target.js';
import type { EmulatorRequest } from '../types.js';

/**
 * Parameters of a request: the query string merged with an `application/x-www-form-urlencoded` body. A malformed
 * percent-escape in the body throws `MalformedInputError` (answered 400).
 */
export function requestParams(req: EmulatorRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (req.body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
    for (const [key, value] of parseFormEncoded(req.body.toString('utf8'), 'form body')) params.set(key, value);
  }
  return params;
}

/**
 * Client credentials from an `Authorization: Basic` header (form-encoded id and secret, RFC 6749 §2.3.1):
 * undefined when absent, `'malformed'` when an escape does not decode.
 */
export function basicCredentials(req: EmulatorRequest): { id: string; secret: string } | 'malformed' | undefined {
  const header = String(req.headers.authorization ?? '');
  if (!/^basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = tryDecode(decoded.slice(0, colon));
  const secret = tryDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? 'malformed' : { id, secret };
}

/** Escapes text for an HTML attribute or body. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
