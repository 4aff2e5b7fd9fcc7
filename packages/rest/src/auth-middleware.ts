import { type HttpCredentials, MailUpError, type Middleware } from '@mailup-kit/core';
import type { TokenManager } from './token-manager.js';

/**
 * The `auth` step of the REST pipeline: puts `Authorization: Bearer <token>` into `ctx.credentials` (an
 * `HttpCredentials`; the build step renders it into the request), once per attempt, so each attempt picks up the
 * current token. When the server answers 401 (`auth-expired`) it forces ONE refresh of the token that was
 * rejected and rethrows, so that the retry loop repeats the call once (through the quota step again); it never
 * re-sends by itself.
 */
export function bearerAuthMiddleware(tokens: TokenManager): Middleware {
  return async (ctx, next) => {
    // PublicService rows authenticate with the client's id and secret instead (clientBasicPlugin).
    if ('auth' in ctx.operation && ctx.operation.auth === 'client-basic') return next();
    const token = await tokens.getAccessToken(ctx.signal);
    const credentials: HttpCredentials = { headers: { authorization: `Bearer ${token}` } };
    ctx.credentials = credentials;
    try {
      return await next();
    } catch (error) {
      if (MailUpError.is(error, 'auth-expired')) await tokens.forceRefresh(token, ctx.signal);
      throw error;
    }
  };
}
