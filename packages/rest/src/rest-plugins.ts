import { type ClientPlugin, MailUpError } from '@mailup-kit/core';
import {
  bearerAuthMiddleware,
  type CallContext,
  definePlugin,
  type HttpCredentials,
  type Middleware,
} from '@mailup-kit/core/pipeline';
import type { TokenManager } from './token-manager.js';

/** Whether the call's row authenticates with the client's id and secret (PublicService) instead of a Bearer token. */
function isClientBasic(ctx: CallContext): boolean {
  return 'auth' in ctx.operation && ctx.operation.auth === 'client-basic';
}

/** Name of the plugin (and of its middleware in the `auth` step). */
export const BEARER_AUTH_PLUGIN = 'rest:auth';

/**
 * OAuth Bearer authentication as a named client plugin: the `auth` step puts `Authorization: Bearer <token>` into
 * each attempt's credentials and, on a 401, refreshes the rejected token once for the retry loop (core's
 * `bearerAuthMiddleware`), leaving the PublicService rows to {@link clientBasicPlugin}. {@link RestClient} applies it for its `tokens`.
 *
 * @example
 * ```ts
 * const plugin = bearerAuthPlugin(manager); // { name: 'rest:auth', middleware: [{ step: 'auth', … }] }
 * ```
 */
export function bearerAuthPlugin(tokens: TokenManager): ClientPlugin {
  return definePlugin(BEARER_AUTH_PLUGIN, [
    { step: 'auth', name: BEARER_AUTH_PLUGIN, middleware: bearerAuthMiddleware(tokens, { skip: isClientBasic }) },
  ]);
}

/** The OAuth client's id and secret, sent as HTTP Basic to PublicService (trial provisioning). */
export interface PublicClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Name of the PublicService auth plugin. */
export const CLIENT_BASIC_PLUGIN = 'rest:client-basic';

/**
 * HTTP Basic `client_id:client_secret` for the operations whose row says `auth: 'client-basic'` (PublicService);
 * without `credentials` those operations fail with a validation error before anything is sent.
 */
export function clientBasicPlugin(credentials: PublicClientCredentials | undefined): ClientPlugin {
  const header =
    credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
  // Not async: a call it leaves alone gets `next()`'s own promise, not one more around it (the stack turns a throw
  // here into a rejection).
  const middleware: Middleware = (ctx, next) => {
    if (!isClientBasic(ctx)) return next();
    if (header === undefined) {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'rest',
        operation: ctx.operation.id,
        message: 'PublicService needs the client id and secret: give RestClient `publicClient`',
      });
    }
    ctx.credentials = { headers: { authorization: header } } satisfies HttpCredentials;
    return next();
  };
  return definePlugin(CLIENT_BASIC_PLUGIN, [{ step: 'auth', name: CLIENT_BASIC_PLUGIN, middleware }]);
}
