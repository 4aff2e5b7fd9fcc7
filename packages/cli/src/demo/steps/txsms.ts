import { MailUpError } from '@mailup-kit/core';
import { SmsClient } from '@mailup-kit/transactional';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The transactional SMS API through the real `SmsClient`: a ListSecret created with the console credentials,
 * one SMS sent (DeliveryId, cost by segments), a US recipient refused with code 204, the secret rotated.
 */
export const txsmsStep: DemoStep = {
  name: 'transactional: SMS ListSecret and send',
  protocol: 'txsms',
  async run(ctx) {
    const a = ctx.account;
    const list = ctx.emulator.store.account(a.id).list(1);
    const sms = new SmsClient({
      accountId: a.id,
      listId: list.id,
      listGuid: list.guid,
      console: { user: a.consoleUser, password: a.consolePassword },
      baseUrl: ctx.urls.http,
    });
    try {
      await sms.createListSecret({ signal: ctx.signal });
      const sent = await sms.send(
        {
          content: 'Hi [Name], your code is 1234',
          recipient: '+393350000001',
          dynamicFields: { Name: 'Ann' },
          sender: 'Shop',
        },
        { signal: ctx.signal },
      );
      expectThat(sent.deliveryId > 0, 'no DeliveryId');
      const us = await sms
        .send({ content: 'hi', recipient: '+12025550123', sender: 'Shop' }, { signal: ctx.signal })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expectThat(MailUpError.is(us) && us.vendorCode === 204, 'a USA recipient was not refused with code 204');
      await sms.rotateListSecret({ signal: ctx.signal });
      return `DeliveryId ${sent.deliveryId}, cost ${sent.cost} (${sent.segments.encoding}, ${sent.segments.segments} part); US number → 204; ListSecret rotated`;
    } finally {
      sms.close();
    }
  },
};
