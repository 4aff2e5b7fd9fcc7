import type { EmulatorContext, EmulatorModule } from '../types.js';
import { installAuthorizationStep } from './authorization-step.js';
import { bearerGate } from './bearer-gate.js';
import { installLogOnPage } from './logon-page.js';
import { OAUTH_PATHS } from './oauth-paths.js';
import { oauthTables, purgeExpired, tableSizes } from './oauth-state.js';
import { installTokenEndpoint } from './token-endpoint.js';

function installActions(ctx: EmulatorContext): void {
  ctx.action('oauth.expireTokens', () => {
    const tables = oauthTables(ctx.state);
    const now = ctx.clock.now();
    let expired = 0;
    for (const record of tables.accessTokens.values()) {
      if (record.expiresAt > now) {
        record.expiresAt = now;
        expired++;
      }
    }
    return { expired };
  });
  // Applies the next POST to the Token endpoint (the refresh rotation) but destroys the socket instead of
  // answering: the lost-response case. Uses the server's own `reset-after` fault through the control API.
  ctx.action('oauth.dropNextRefresh', async () => {
    const response = await fetch(`${ctx.baseUrl()}/__emulator/control/faults.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: OAUTH_PATHS.token, action: { type: 'reset-after' }, times: 1 }),
    });
    if (!response.ok) throw new Error(`could not arm the dropped refresh: HTTP ${response.status}`);
    return { armed: true };
  });
  ctx.action('oauth.stats', () => ({ ...oauthTables(ctx.state).stats }));
  ctx.action('oauth.tables', () => tableSizes(oauthTables(ctx.state)));
  ctx.action('oauth.purge', () => ({
    removed: purgeExpired(oauthTables(ctx.state), ctx.clock.now(), Number.POSITIVE_INFINITY),
  }));
  ctx.action('account.contract', (args) => {
    if (typeof args.signed !== 'boolean') throw new RangeError('account.contract: "signed" must be a boolean');
    const id = typeof args.accountId === 'number' ? args.accountId : ctx.state.seeded.id;
    const account = ctx.state.accounts.get(id);
    if (!account) throw new RangeError(`account.contract: no account ${id}`);
    account.contractSigned = args.signed;
    return { accountId: id, signed: account.contractSigned };
  });
}

/**
 * MailUp's OAuth 2.0 authorization server: LogOn page, Authorization step, Token endpoint, the bearer gate of
 * every REST route, a lazy purge of expired rows, and the control actions `oauth.expireTokens`,
 * `oauth.dropNextRefresh`, `oauth.stats`, `oauth.tables` (row counts), `oauth.purge` (a full sweep now),
 * `account.contract`.
 */
export const oauthModule: EmulatorModule = {
  name: 'oauth',
  install(ctx) {
    oauthTables(ctx.state);
    installLogOnPage(ctx);
    installAuthorizationStep(ctx);
    installTokenEndpoint(ctx);
    ctx.gate(bearerGate(ctx));
    // Lazy, bounded purge of expired rows on every protocol request (O(1) when nothing has expired): no timer.
    ctx.gate({
      name: 'oauth.sweep',
      order: 0,
      run() {
        purgeExpired(oauthTables(ctx.state), ctx.clock.now());
        return undefined;
      },
    });
    installActions(ctx);
  },
};
