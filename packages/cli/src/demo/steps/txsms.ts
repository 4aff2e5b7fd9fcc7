import { MailUpError } from '@mailup-kit/core';
import { SmsClient } from '@mailup-kit/transactional';
import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * The transactional SMS API: a ListSecret created with the console credentials (the real `SmsClient`), one SMS
 * sent through the facade (`mailup.transactional.sms.send`, served by its SMS API member: DeliveryId, cost), a US
 * recipient refused with code 204, the secret rotated.
 */
export const txsmsStep: DemoStep = {
  name: 'transactional: SMS ListSecret and send',
  protocol: 'txsms',
  async run(ctx) {
    const a = ctx.account;
    const list = ctx.emulator.store.account(a.id).list(1);
    const admin = new SmsClient({
      accountId: a.id,
      listId: list.id,
      listGuid: list.guid,
      console: { user: a.consoleUser, password: a.consolePassword },
      baseUrl: ctx.urls.http,
    });
    let mailup: Awaited<ReturnType<typeof demoFacade>> | undefined;
    try {
      const listSecret = await admin.createListSecret({ signal: ctx.signal });
      mailup = await demoFacade(ctx, { smsListSecret: listSecret });
      const sent = await mailup.transactional.sms.send(
        {
          listId: list.id,
          to: '+393350000001',
          text: 'Hi [Name], your code is 1234',
          dynamicFields: { Name: 'Ann' },
          sender: 'Shop',
        },
        { signal: ctx.signal },
      );
      expectThat(sent.deliveryId > 0, 'no DeliveryId');
      expectThat(sent.routed.via === 'txsms', `served by ${sent.routed.via}, not the SMS API`);
      const us = await mailup.transactional.sms
        .send({ listId: list.id, to: '+12025550123', text: 'hi', sender: 'Shop' }, { signal: ctx.signal })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expectThat(MailUpError.is(us) && us.vendorCode === 204, 'a USA recipient was not refused with code 204');
      await admin.rotateListSecret({ signal: ctx.signal });
      return {
        detail: `DeliveryId ${sent.deliveryId}, cost ${sent.cost}; US number → 204 (not moved to SOAP); ListSecret rotated`,
        routing: await routingOf(mailup, 'transactional.sms.send', sent.routed),
      };
    } finally {
      admin.close();
      await mailup?.close();
    }
  },
};
