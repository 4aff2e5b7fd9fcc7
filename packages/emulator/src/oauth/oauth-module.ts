import type { OAuthGrants } from '../store/oauth-grants.js';
import type { EmulatorContext, EmulatorModule } from '../types.js';
import { installAuthorizationStep } from './authorization-step.js';
import { bearerGate, contractGate } from './bearer-gate.js';
import { installLogOnPage } from './logon-page.js';
import { purgeExpired, tableSizes } from './oauth-state.js';
import { installTokenEndpoint } from './token-endpoint.js';

function installActions(ctx: EmulatorContext): void {
  ctx.action('oauth.expireTokens', () => {
    const tables = ctx.store.oauth;
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
  // answering: the lost-response case. Arms an after-apply reset through the in-process control API.
  ctx.action('oauth.dropNextRefresh', () => {
    ctx.control.addFault({
      method: 'POST',
      protocol: 'oauth',
      operation: 'Token',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    return { armed: true };
  });
  ctx.action('oauth.stats', () => ({ ...ctx.store.oauth.stats }));
  ctx.action('oauth.tables', () => tableSizes(ctx.store.oauth));
  ctx.action('oauth.purge', () => ({
    removed: purgeExpired(ctx.store.oauth, ctx.clock.now(), Number.POSITIVE_INFINITY),
  }));
  ctx.action('account.contract', (args) => {
    if (typeof args.signed !== 'boolean') throw new RangeError('account.contract: "signed" must be a boolean');
    const id = typeof args.accountId === 'number' ? args.accountId : ctx.store.seeded.id;
    const account = ctx.store.accounts.get(id);
    if (!account) throw new RangeError(`account.contract: no account ${id}`);
    account.contractSigned = args.signed;
    return { accountId: id, signed: account.contractSigned };
  });
}

function resetStats(stats: OAuthGrants['stats']): void {
  stats.passwordGrants = 0;
  stats.codeGrants = 0;
  stats.refreshes = 0;
  stats.invalidGrants = 0;
  stats.familiesRevoked = 0;
}

/**
 * MailUp's OAuth 2.0 authorization server: LogOn page, Authorization step, Token endpoint, the bearer gate of
 * every REST route, a lazy purge of expired rows, and the control actions `oauth.expireTokens`,
 * `oauth.dropNextRefresh`, `oauth.stats`, `oauth.tables` (row counts), `oauth.purge` (a full sweep now),
 * `account.contract`.
 */
export function oauthModule(): EmulatorModule {
  let stats: OAuthGrants['stats'] | undefined;
  return {
    name: 'oauth',
    reset: () => stats && resetStats(stats),
    install(ctx) {
      stats = ctx.store.oauth.stats;
      installLogOnPage(ctx);
      installAuthorizationStep(ctx);
      installTokenEndpoint(ctx);
      // Lazy, bounded purge of expired rows on every protocol request (O(1) when nothing has expired): no timer.
      ctx.gate({
        name: 'oauth.sweep',
        phase: 'authenticate',
        run() {
          purgeExpired(ctx.store.oauth, ctx.clock.now());
          return undefined;
        },
      });
      ctx.gate(bearerGate(ctx));
      ctx.gate(contractGate(ctx));
      installActions(ctx);
    },
  };
}
