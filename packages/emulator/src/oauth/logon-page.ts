import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../types.js';
import { html, requestParams } from './form.js';
import { OAUTH_PATHS, SESSION_COOKIE, SESSION_TTL_MS } from './oauth-paths.js';
import { opaqueToken } from './oauth-state.js';

const FORWARDED = ['client_id', 'response_type', 'redirect_uri', 'state'] as const;

function page(params: URLSearchParams, error?: string): EmulatorResponse {
  const hidden = FORWARDED.filter((name) => params.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${html(params.get(name) ?? '')}">`)
    .join('\n    ');
  const body = `<!DOCTYPE html>
<html><head><title>MailUp - Log on</title></head>
<body>
  <h1>Log on to MailUp</h1>
  ${error ? `<p class="error">${html(error)}</p>` : ''}
  <form method="post" action="${OAUTH_PATHS.logOn}">
    ${hidden}
    <label>Username <input type="text" name="username" autocomplete="username"></label>
    <label>Password <input type="password" name="password" autocomplete="current-password"></label>
    <button type="submit">Log on</button>
  </form>
</body></html>`;
  return {
    status: error ? 401 : 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

/** The Authorization step URL carrying the forwarded OAuth parameters. */
function authorizationLocation(params: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const name of FORWARDED) {
    const value = params.get(name);
    if (value !== null) next.set(name, value);
  }
  return `${OAUTH_PATHS.authorization}?${next.toString()}`;
}

/**
 * The LogOn HTML page: GET shows the login form (the OAuth parameters ride along as hidden fields); POST checks
 * the console user and password, opens a session (`HttpOnly; SameSite=Lax` cookie) and redirects to the
 * Authorization step.
 */
export function installLogOnPage(ctx: EmulatorContext): void {
  const options = { protocol: 'oauth' as const, operation: 'LogOn' };
  ctx.route('GET', OAUTH_PATHS.logOn, options, (req: EmulatorRequest) => page(requestParams(req)));
  ctx.route('POST', OAUTH_PATHS.logOn, options, (req: EmulatorRequest) => {
    const params = requestParams(req);
    const account = ctx.store.accountByUser(params.get('username') ?? '');
    if (!account || account.consoleUser.toLowerCase() !== (params.get('username') ?? '').toLowerCase()) {
      return page(params, 'Invalid username or password.');
    }
    if (account.consolePassword !== params.get('password')) return page(params, 'Invalid username or password.');
    const session = opaqueToken();
    ctx.store.oauth.sessions.set(session, {
      accountId: account.id,
      expiresAt: ctx.clock.now() + SESSION_TTL_MS,
    });
    return {
      status: 302,
      headers: {
        location: authorizationLocation(params),
        'set-cookie': `${SESSION_COOKIE}=${session}; Path=/Authorization; HttpOnly; SameSite=Lax`,
        'cache-control': 'no-store',
      },
      body: '',
    };
  });
}
