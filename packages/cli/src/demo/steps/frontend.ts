import { MailUpError } from '@mailup-kit/core';
import { FrontendClient } from '@mailup-kit/frontend';
import type { DemoStep } from '../demo-step.js';
import { expectThat } from '../http-json.js';

/**
 * The frontend pages through the real FrontendClient: a subscription pending until its confirmation link is
 * opened (confirmed opt-in is the default), the status page, an unsubscribe, and the `-1011` a caller gets when its
 * IP is not on the FrontEnd allow-list.
 */
export const frontendStep: DemoStep = {
  name: 'frontend: double opt-in, status, -1011',
  protocol: 'frontend',
  async run(ctx) {
    const frontend = new FrontendClient({ consoleUrl: ctx.urls.http });
    const data = ctx.emulator.store.account(ctx.account.id);
    const listGuid = data.list(1).guid;
    const email = `demo.${ctx.emulator.clock.now()}@example.com`;
    const fe = data.service('FrontEnd');
    try {
      const sub = await frontend.subscribe({ email, lists: [1], signal: ctx.signal });
      expectThat(sub.outcome === 'pending', `subscribe answered ${sub.outcome}`);
      const { confirmations } = (await ctx.emulator.control.action('frontend.confirmations', { email })) as {
        confirmations: Array<{ url: string }>;
      };
      const link = confirmations[0]?.url ?? '';
      const opened = await fetch(link, { signal: ctx.signal });
      expectThat(opened.status === 200, `the confirmation link answered ${opened.status}`);
      const status = await frontend.checkSubscriber({ email, list: 1, listGuid, signal: ctx.signal });
      expectThat(status.outcome === 'subscribed', `after confirming: ${status.outcome}`);
      const unsub = await frontend.unsubscribe({ email, list: 1, listGuid, signal: ctx.signal });
      expectThat(unsub.outcome === 'unsubscribed', `unsubscribe answered ${unsub.outcome}`);
      fe.checkIp = true;
      const refused = await frontend.subscribe({ email, lists: [1], signal: ctx.signal }).catch((e: unknown) => e);
      expectThat(MailUpError.is(refused, 'ip-not-allowed'), 'an unregistered IP was not refused with -1011');
      return 'pending → confirmed by link → subscribed → unsubscribed; unregistered IP ⇒ ip-not-allowed (-1011)';
    } finally {
      fe.checkIp = false;
      frontend.close();
    }
  },
};
