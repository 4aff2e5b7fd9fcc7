import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../types.js';
import { requestParams } from './form.js';
import { CODE_TTL_MS, OAUTH_PATHS, SESSION_COOKIE } from './oauth-paths.js';
import { opaqueToken } from './oauth-state.js';

function badRequest(error: string, description: string): EmulatorResponse {
  return { status: 400, json: { error, error_description: description } };
}

function validRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
  } catch {
    return false;
  }
}

/**
 * The Authorization step: with a live LogOn session it issues a single-use code bound to the client id and the
 * redirect URI and redirects to `redirect_uri?code=…&state=…`; without one it sends the browser back to LogOn.
 */
export function installAuthorizationStep(ctx: EmulatorContext): void {
  ctx.route(
    'GET',
    OAUTH_PATHS.authorization,
    { protocol: 'oauth', operation: 'Authorization' },
    (req: EmulatorRequest) => {
      const params = requestParams(req);
      const tables = ctx.store.oauth;
      const clientId = params.get('client_id') ?? '';
      const redirectUri = params.get('redirect_uri') ?? '';
      if (params.get('response_type') !== 'code')
        return badRequest('unsupported_response_type', 'response_type must be code');
      const known = ctx.store.accountByClientId(clientId) !== undefined;
      if (!known) return badRequest('invalid_client', 'unknown client_id');
      if (!validRedirect(redirectUri))
        return badRequest('invalid_request', 'redirect_uri must be an absolute http(s) URL');
      const sessionId = req.cookies[SESSION_COOKIE];
      const session = sessionId ? tables.sessions.get(sessionId) : undefined;
      if (!session || session.expiresAt <= ctx.clock.now()) {
        return { status: 302, headers: { location: `${OAUTH_PATHS.logOn}?${params.toString()}` }, body: '' };
      }
      const code = opaqueToken(18);
      tables.codes.set(code, {
        accountId: session.accountId,
        clientId,
        redirectUri,
        expiresAt: ctx.clock.now() + CODE_TTL_MS,
      });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      const state = params.get('state');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' }, body: '' };
    },
  );
}
