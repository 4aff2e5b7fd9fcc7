import { filter } from '@mailup-kit/rest';
import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * The REST Console and MailStatistics resources through the facade, every operation preferring its REST candidate
 * (the facade's REST member is the real `RestClient`, behind the facade's limiter): a list created with its sender
 * data, a group, 25 recipients imported in three asynchronous chunks, an iteration over every page, a campaign
 * created and sent to the list, and its statistics read back. The filtered iteration has no facade operation: it
 * runs on the escape hatch `mailup.rest`.
 */
export const restResourcesStep: DemoStep = {
  name: 'rest resources: list, import, campaign, statistics',
  protocol: 'rest',
  async run(ctx) {
    const mailup = await demoFacade(ctx);
    const call = { prefer: ['rest' as const], signal: ctx.signal };
    try {
      const list = await mailup.lists.create(
        {
          name: 'Demo list',
          business: true,
          customer: true,
          ownerEmail: 'owner@example.com',
          replyTo: 'reply@example.com',
          senderName: 'Demo',
          companyName: 'Demo Srl',
          contactName: 'Ada',
          address: 'Via Roma 1',
          city: 'Milano',
          countryCode: 'IT',
          permissionReminder: 'You signed up at the demo',
          websiteUrl: 'https://example.com',
        },
        call,
      );
      const group = await mailup.groups.create({ listId: list.id, name: 'Demo group' }, call);
      const people = Array.from({ length: 25 }, (_, i) => ({ email: `demo${i}@example.com`, name: `Demo ${i}` }));
      const imported = await mailup.recipients.import(
        { listId: list.id, recipients: people, chunkSize: 10, waitForCompletion: true },
        call,
      );
      expectThat(imported.sent === 25, `the import handed over ${imported.sent} of 25`);
      const subscribed = mailup.recipients.subscribed(list.id, { ...call, pageSize: 10 });
      let seen = 0;
      for await (const _ of subscribed) seen++;
      expectThat(seen === 25, `the paged iteration saw ${seen} of 25`);
      let matched = 0;
      for await (const _ of mailup.rest!.recipients.subscribed(list.id, {
        pageSize: 10,
        filterby: filter.endsWith('Email', '@example.com'),
        signal: ctx.signal,
      })) {
        matched++;
      }
      expectThat(matched === 25, `the filtered iteration saw ${matched} of 25`);
      const message = await mailup.newsletters.create(
        { listId: list.id, subject: 'Demo campaign', html: '<p>Hi</p>' },
        call,
      );
      const sent = await mailup.newsletters.send({ listId: list.id, id: message.id }, call);
      const delivered = await mailup.statistics.messageCount(message.id, 'Recipients', call);
      expectThat(
        sent.recipients === 25 && delivered.count === 25,
        `sent to ${sent.recipients}, statistics count ${delivered.count}`,
      );
      const served = [list, group, imported, message, sent, delivered].map((r) => r.routed.via);
      expectThat(
        served.every((via) => via === 'rest') && subscribed.routed?.via === 'rest',
        `not every operation was served by REST: ${served.join(', ')}`,
      );
      return {
        detail: `list ${list.id} + group ${group.id}; 25 imported in ${imported.chunks} chunks; 25 iterated (3 pages, and filtered on mailup.rest); campaign sent to ${sent.recipients}, statistics ${delivered.count}`,
        routing: await routingOf(mailup, 'newsletters.send', sent.routed),
      };
    } finally {
      await mailup.close();
    }
  },
};
