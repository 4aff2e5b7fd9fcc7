import type { Middleware } from '../pipeline/middleware.js';
import type { HttpRequest } from './http-message.js';

/**
 * Credentials as the auth step leaves them in `ctx.credentials` for an HTTP member: headers (a Bearer token),
 * query parameters or form fields (an access key, a list secret). The build step puts them into the request.
 */
export interface HttpCredentials {
  headers?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string>>;
  /** Added to an `application/x-www-form-urlencoded` string body (or becomes one when there is no body). */
  form?: Readonly<Record<string, string>>;
}

/** The request with `credentials` rendered into it (a new object; `request` is not changed). */
export function renderHttpRequest(request: HttpRequest, credentials: HttpCredentials | undefined): HttpRequest {
  if (!credentials) return request;
  // Object.assign onto a fresh literal, then one store into the copy: V8 adds properties to an object made by a
  // spread through its slow path (~10x), and this runs once per attempt of every HTTP call.
  const headers: Record<string, string> = Object.assign({}, request.headers, credentials.headers);
  const out: HttpRequest = { ...request };
  out.headers = headers;
  const { query, form } = credentials;
  if (query && hasKeys(query)) {
    const parsed = new URL(out.url);
    for (const [name, value] of Object.entries(query)) parsed.searchParams.set(name, value);
    out.url = parsed.toString();
  }
  if (form && hasKeys(form)) {
    const body = out.body;
    const fields = new URLSearchParams(typeof body === 'string' ? body : '');
    for (const [name, value] of Object.entries(form)) fields.set(name, value);
    out.body = fields.toString();
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
  }
  return out;
}

function hasKeys(record: Readonly<Record<string, string>>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * The build step of an HTTP member: renders `ctx.request` (an {@link HttpRequest}) with `ctx.credentials`
 * ({@link HttpCredentials}, filled by the auth step) into `ctx.wire`, which the transport step sends. Runs once
 * per attempt, so each attempt carries the credentials current at that moment.
 */
export function httpBuildMiddleware(): Middleware {
  return (ctx, next) => {
    ctx.wire = renderHttpRequest(ctx.request as HttpRequest, ctx.credentials as HttpCredentials | undefined);
    return next();
  };
}
