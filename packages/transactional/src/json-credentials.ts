import type { ClientPlugin, HttpRequest } from '@mailup-kit/core';
import { definePlugin, type Middleware, type OperationRow } from '@mailup-kit/core/pipeline';

/**
 * Credentials as the transactional APIs take them: fields of the JSON body (`User: {Username, Secret}`, the SMS
 * `ListSecret`) or headers (HTTP Basic for ListSecret management).
 */
export interface JsonCredentials {
  body?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
}

/** A structured request of the transactional clients: the body is an object until the build step renders it. */
export interface JsonHttpRequest extends Omit<HttpRequest, 'body'> {
  json?: Record<string, unknown>;
}

/**
 * The build step: renders `ctx.request` (a {@link JsonHttpRequest}) with `ctx.credentials` (body fields merged in,
 * headers added) into the `HttpRequest` the transport sends. The secret only ever exists in that rendered request.
 */
export function jsonBuildMiddleware(): Middleware {
  return async (ctx, next) => {
    const request = ctx.request as JsonHttpRequest;
    const credentials = (ctx.credentials ?? {}) as JsonCredentials;
    const { json, ...rest } = request;
    const headers = { ...rest.headers, ...credentials.headers };
    const wire: HttpRequest = { ...rest, headers };
    if (json !== undefined || credentials.body !== undefined) {
      wire.body = JSON.stringify({ ...json, ...credentials.body });
      wire.headers = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers };
    }
    ctx.wire = wire;
    return next();
  };
}

/** The `auth` step as a plugin: `credentials(ctx)` says what this call carries (or nothing). */
export function jsonAuthPlugin(
  name: string,
  credentials: (operation: OperationRow) => JsonCredentials | undefined,
): ClientPlugin {
  return definePlugin(name, [
    {
      step: 'auth',
      name,
      middleware: async (ctx, next) => {
        ctx.credentials = credentials(ctx.operation);
        return next();
      },
    },
  ]);
}
