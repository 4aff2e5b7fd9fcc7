import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { Limiter } from '@mailup-kit/limits';
import { filter, OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The REST Console and MailStatistics resources through the real `RestClient` (with a limiter): a list created
 * with its sender data, a group, 25 recipients imported in three asynchronous chunks, a filtered iteration over
 * every page, a campaign created and sent to the list, and its statistics read back.
 */
export const restResourcesStep: DemoStep = {
  name: 'rest resources: list, import, campaign, statistics',
  protocol: 'rest',
  async run(ctx) {
    const a = ctx.account;
    const oauth = new OAuthClient({
      clientId: a.oauthClient.clientId,
      clientSecret: a.oauthClient.clientSecret,
      baseUrl: ctx.urls.http,
    });
    const tokens = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'demo:rest-resources',
      refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
    });
    const limiter = new Limiter({ account: a.id });
    const rest = new RestClient({ tokens, baseUrl: ctx.urls.http, limiter });
    const call = { signal: ctx.signal };
    try {
      await tokens.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
      const list = await rest.lists.create(
        {
          Name: 'Demo list',
          Business: true,
          Customer: true,
          OwnerEmail: 'owner@example.com',
          ReplyTo: 'reply@example.com',
          NLSenderName: 'Demo',
          CompanyName: 'Demo Srl',
          ContactName: 'Ada',
          Address: 'Via Roma 1',
          City: 'Milano',
          CountryCode: 'IT',
          PermissionReminder: 'You signed up at the demo',
          WebSiteUrl: 'https://example.com',
          UseDefaultSettings: true,
        },
        call,
      );
      const group = await rest.groups.create(list.IdList, { Name: 'Demo group' }, call);
      const people = Array.from({ length: 25 }, (_, i) => ({ Email: `demo${i}@example.com`, Name: `Demo ${i}` }));
      const imported = await rest.recipients.import(list.IdList, people, {
        chunkSize: 10,
        pollIntervalMs: 100,
        ...call,
      });
      expectThat(imported.accepted === 25, `the import accepted ${imported.accepted} of 25`);
      let matched = 0;
      for await (const _ of rest.recipients.subscribed(list.IdList, {
        pageSize: 10,
        filterby: filter.endsWith('Email', '@example.com'),
        ...call,
      })) {
        matched++;
      }
      expectThat(matched === 25, `the paged, filtered iteration saw ${matched} of 25`);
      const message = await rest.emails.create(list.IdList, { Subject: 'Demo campaign', Content: '<p>Hi</p>' }, call);
      const sent = await rest.sendings.toList(list.IdList, message.idMessage, call);
      const delivered = await rest.statistics.messageCount(message.idMessage, 'Recipients', call);
      expectThat(sent.Sent === 25 && delivered === 25, `sent ${sent.Sent}, statistics count ${delivered}`);
      return `list ${list.IdList} + group ${group.idGroup}; 25 imported in ${imported.chunks} chunks; 25 iterated (3 pages); campaign sent to ${sent.Sent}, statistics ${delivered}`;
    } finally {
      rest.close();
      tokens.close();
      oauth.close();
      await limiter.close();
    }
  },
};
