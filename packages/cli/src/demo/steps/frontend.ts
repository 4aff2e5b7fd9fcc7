import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * The frontend pages through the facade, preferring its frontend candidate (the real `FrontendClient`): a
 * subscription pending until its confirmation link is opened (confirmed opt-in is the default), the status page, an
 * unsubscribe — and, once the FrontEnd allow-list refuses this IP (`-1011`, nothing applied), the facade moves the
 * next subscription to REST and remembers the refusal.
 */
export const frontendStep: DemoStep = {
  name: 'frontend: double opt-in, status, -1011',
  protocol: 'frontend',
  async run(ctx) {
    const mailup = await demoFacade(ctx);
    const call = { prefer: ['frontend' as const], signal: ctx.signal };
    const fe = ctx.emulator.store.account(ctx.account.id).service('FrontEnd');
    const email = `demo.${ctx.emulator.clock.now()}@example.com`;
    const ref = { listId: 1, email };
    try {
      const sub = await mailup.recipients.subscribe(ref, call);
      expectThat(sub.status === 'pending' && sub.routed.via === 'frontend', `subscribe answered ${sub.status}`);
      const { confirmations } = (await ctx.emulator.control.action('frontend.confirmations', { email })) as {
        confirmations: Array<{ url: string }>;
      };
      const opened = await fetch(confirmations[0]?.url ?? '', { signal: ctx.signal });
      expectThat(opened.status === 200, `the confirmation link answered ${opened.status}`);
      const status = await mailup.recipients.status(ref, call);
      expectThat(
        status.status === 'subscribed' && status.routed.via === 'frontend',
        `after confirming: ${status.status}`,
      );
      const unsub = await mailup.recipients.unsubscribe(ref, call);
      expectThat(unsub.outcome === 'unsubscribed', `unsubscribe answered ${unsub.outcome}`);
      fe.checkIp = true;
      const moved = await mailup.recipients.subscribe({ listId: 1, email: `moved.${email}` }, call);
      const refused = moved.routed.attempts[0];
      expectThat(
        refused?.via === 'frontend' && refused.outcome === 'ip-not-allowed' && moved.routed.via === 'rest',
        `an unregistered IP did not move the subscription to REST (${moved.routed.attempts.map((t) => `${t.via}:${t.outcome}`).join(', ')})`,
      );
      const plan = await mailup.plan('recipients.subscribe', { prefer: ['frontend'] });
      const skipped = plan.candidates.find((c) => c.via === 'frontend');
      expectThat(skipped?.status === 'switched-off', `the refusal was not remembered (${skipped?.status})`);
      return {
        detail:
          'pending → confirmed by link → subscribed → unsubscribed; unregistered IP ⇒ -1011 (ip-not-allowed), moved to REST, frontend skipped until its TTL',
        routing: await routingOf(mailup, 'recipients.subscribe', moved.routed),
      };
    } finally {
      fe.checkIp = false;
      await mailup.close();
    }
  },
};
