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
  let url = request.url;
  if (credentials.query && Object.keys(credentials.query).length > 0) {
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(credentials.query)) parsed.searchParams.set(name, value);
    url = parsed.toString();
  }
  let body = request.body;
  let headers = { ...request.headers, ...credentials.headers };
  if (credentials.form && Object.keys(credentials.form).length > 0) {
    const form = new URLSearchParams(typeof body === 'string' ? body : '');
    for (const [name, value] of Object.entries(credentials.form)) form.set(name, value);
    body = form.toString();
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };
    }
  }
  return { ...request, url, headers, ...(body === undefined ? {} : { body }) };
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
