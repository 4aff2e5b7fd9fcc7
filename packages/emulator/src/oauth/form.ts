import type { EmulatorRequest } from '../types.js';

/** Parameters of a request: the query string merged with an `application/x-www-form-urlencoded` body. */
export function requestParams(req: EmulatorRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (req.body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
    for (const [key, value] of new URLSearchParams(req.body.toString('utf8'))) params.set(key, value);
  }
  return params;
}

/** Client credentials from an `Authorization: Basic` header, if present and well formed. */
export function basicCredentials(req: EmulatorRequest): { id: string; secret: string } | undefined {
  const header = String(req.headers.authorization ?? '');
  if (!/^basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** Escapes text for an HTML attribute or body. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
