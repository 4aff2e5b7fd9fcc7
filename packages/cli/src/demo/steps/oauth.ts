import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * OAuth 2.0 end to end: password grant (the password is used once, only tokens are kept), a REST call with the
 * Bearer token, a forced expiry on the emulator, and the one refresh + one repeat that follow the 401.
 */
export const oauthStep: DemoStep = {
  name: 'oauth: password grant, expiry, refresh',
  protocol: 'rest',
  async run(ctx) {
    const { clientId, clientSecret } = ctx.account.oauthClient;
    const oauth = new OAuthClient({ clientId, clientSecret, baseUrl: ctx.urls.http });
    const store = new MemoryTokenStore();
    const tokens = new TokenManager({ store, key: 'demo', refresh: (rt, signal) => oauth.refresh(rt, signal) });
    const rest = new RestClient({ tokens, baseUrl: ctx.urls.http });
    let refreshes = 0;
    tokens.events.on('refreshed', () => refreshes++);
    try {
      const grant = await oauth.passwordGrant({
        username: ctx.account.consoleUser,
        password: ctx.account.consolePassword,
        signal: ctx.signal,
      });
      await tokens.save(grant);
      const me = await rest.authenticationInfo({ signal: ctx.signal });
      expectThat(me.Username === ctx.account.consoleUser, `Authentication/Info answered ${me.Username}`);
      await ctx.emulator.control.action('oauth.expireTokens');
      const again = await rest.authenticationInfo({ signal: ctx.signal });
      expectThat(again.Username === me.Username, 'the call after expiry did not succeed');
      expectThat(refreshes === 1, `expected one refresh after the expiry, saw ${refreshes}`);
      return `${me.Username}: token expired, refreshed once (rotated), call repeated once`;
    } finally {
      rest.close();
      oauth.close();
      tokens.close();
      await store.close();
    }
  },
};
