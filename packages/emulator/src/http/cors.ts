import type { IncomingHttpHeaders } from 'node:http';
import { OAUTH_PATHS } from '../oauth/oauth-paths.js';
import type { EmulatorResponse } from '../types.js';
import { isRestPath } from './rest-paths.js';

/**
 * CORS on MailUp's OAuth and REST hosts (REFERENCE §12 "CORS"): MailUp's official browser sample
 * (mailup/rest-samples-js) calls the token endpoint and the REST resources by XHR from a page on another origin
 * with an `Authorization` header, so MailUp answers preflights there. No doc page states the headers (INFERRED);
 * the emulator's choice, stated in its README:
 * - any `Origin` is allowed and echoed (`Vary: Origin`); no `Access-Control-Allow-Credentials` (bearer tokens and
 *   client credentials travel in headers and bodies, never in cookies);
 * - a preflight (`OPTIONS` with `Access-Control-Request-Method`) gets 204 with the methods below and the request
 *   headers it asked for, each a valid header name (an invalid list allows none), cached 10 minutes;
 * - every answer to a request with an `Origin` carries `Access-Control-Allow-Origin` and exposes `ETag`.
 * The OAuth LogOn/Authorization pages are navigations, not XHR; they get the same headers (one host).
 */
export const CORS_ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

const OAUTH_BASE = OAUTH_PATHS.token.slice(0, OAUTH_PATHS.token.lastIndexOf('/') + 1).toLowerCase();
/** One header name (RFC 9110 token), checked per comma-separated item: no backtracking. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_REQUEST_HEADERS = 64;

/** True for the paths whose host answers CORS: MailUp's REST bases and its OAuth endpoints. */
export function isCorsPath(path: string): boolean {
  return isRestPath(path) || path.toLowerCase().startsWith(OAUTH_BASE);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** True for a CORS preflight to a CORS path. */
export function isPreflight(method: string, path: string, headers: IncomingHttpHeaders): boolean {
  return (
    method === 'OPTIONS' &&
    single(headers.origin) !== undefined &&
    single(headers['access-control-request-method']) !== undefined &&
    isCorsPath(path)
  );
}

function requestedHeaders(headers: IncomingHttpHeaders): string | undefined {
  const asked = single(headers['access-control-request-headers']);
  if (asked === undefined) return undefined;
  const names = asked
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0 || names.length > MAX_REQUEST_HEADERS) return undefined;
  return names.every((name) => HEADER_NAME.test(name)) ? names.join(', ') : undefined;
}

/** The answer to a preflight (see {@link isPreflight}). */
export function preflightResponse(headers: IncomingHttpHeaders): EmulatorResponse {
  const out: Record<string, string> = {
    'access-control-allow-origin': single(headers.origin) ?? '*',
    'access-control-allow-methods': CORS_ALLOWED_METHODS,
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  const allowed = requestedHeaders(headers);
  if (allowed !== undefined) out['access-control-allow-headers'] = allowed;
  return { status: 204, headers: out, body: '' };
}

/** Adds the CORS answer headers to a response for a request with an `Origin` on a CORS path. */
export function withCorsHeaders(
  path: string,
  headers: IncomingHttpHeaders,
  response: EmulatorResponse,
): EmulatorResponse {
  const origin = single(headers.origin);
  if (origin === undefined || !isCorsPath(path)) return response;
  const out: Record<string, string | string[]> = {};
  let vary = '';
  for (const [key, value] of Object.entries(response.headers ?? {})) {
    if (key.toLowerCase() === 'vary') vary = Array.isArray(value) ? value.join(', ') : value;
    else out[key] = value;
  }
  out['access-control-allow-origin'] = origin;
  out['access-control-expose-headers'] = 'ETag';
  out.vary = vary ? `${vary}, Origin` : 'Origin';
  return { ...response, headers: out };
}
