import { MailUpError } from '@mailup-kit/core';
import { JsonpRestClient, LegacyJsonpClient } from '@mailup-kit/jsonp/node';
import { OAuthClient } from '@mailup-kit/rest';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * JSONP through the real clients: a REST GET with `callback` (bearer in the header, the answer read without
 * evaluating it), and the legacy MailUpService 1.1, which fails at once against MailUp's own host.
 */
export const jsonpStep: DemoStep = {
  name: 'jsonp: REST GET with callback, legacy service off',
  protocol: 'jsonp',
  async run(ctx) {
    const { clientId, clientSecret } = ctx.account.oauthClient;
    const oauth = new OAuthClient({ clientId, clientSecret, baseUrl: ctx.urls.http });
    try {
      const grant = await oauth.passwordGrant({
        username: ctx.account.consoleUser,
        password: ctx.account.consolePassword,
        signal: ctx.signal,
      });
      const jsonp = new JsonpRestClient({
        baseUrl: ctx.urls.http,
        tokens: { getAccessToken: async () => grant.accessToken },
      });
      const page = await jsonp.get<{ Items: Array<{ Name: string }> }>({
        path: '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists',
        signal: ctx.signal,
      });
      jsonp.close();
      expectThat(page.Items.length > 0, 'the JSONP answer held no lists');
      const legacy = new LegacyJsonpClient({ baseUrl: 'https://services.mailup.com', accessKey: 'unused' });
      const off = await legacy.listsRead().catch((e: unknown) => e);
      expectThat(MailUpError.is(off, 'service-disabled'), 'the legacy service was not refused at once');
      return `${page.Items.length} lists through callback(...); MailUpService 1.1 ⇒ service-disabled (off since 2019)`;
    } finally {
      oauth.close();
    }
  },
};
