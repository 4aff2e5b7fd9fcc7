import { type ClientPlugin, definePlugin } from '@mailup-kit/core';
import { bearerAuthMiddleware } from './auth-middleware.js';
import type { TokenManager } from './token-manager.js';

/** Name of the plugin (and of its middleware in the `auth` step). */
export const BEARER_AUTH_PLUGIN = 'rest:auth';

/**
 * OAuth Bearer authentication as a named client plugin: the `auth` step puts `Authorization: Bearer <token>` into
 * each attempt's credentials and, on a 401, refreshes the rejected token once for the retry loop (see
 * {@link bearerAuthMiddleware}). {@link RestClient} applies it for its `tokens`.
 *
 * @example
 * ```ts
 * const plugin = bearerAuthPlugin(manager); // { name: 'rest:auth', middleware: [{ step: 'auth', … }] }
 * ```
 */
export function bearerAuthPlugin(tokens: TokenManager): ClientPlugin {
  return definePlugin(BEARER_AUTH_PLUGIN, [
    { step: 'auth', name: BEARER_AUTH_PLUGIN, middleware: bearerAuthMiddleware(tokens) },
  ]);
}
