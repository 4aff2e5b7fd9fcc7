import { MailUpError } from '@mailup-kit/core';
import type { DemoStep } from '../demo-step.js';
import { demoFacade, routingOf } from '../facade.js';
import { expectThat } from '../http-json.js';

/**
 * The facade's fallback rule on a send: the Send API refuses the credentials (HTTP 401: nothing was accepted), so
 * the SMTP+ relay serves the message; a Send API connection reset after the request was written may have been
 * accepted, so it surfaces `ambiguous` and is never repeated on the relay — the outbox holds each message once.
 */
export const facadeFallbackStep: DemoStep = {
  name: 'facade: Send API refused → relay, ambiguous not resent',
  protocol: 'client',
  async run(ctx) {
    const { emulator } = ctx;
    const mailup = await demoFacade(ctx, { transactional: true });
    const message = (n: number) => ({
      from: 'shop@example.com',
      to: 'ann@example.com',
      subject: `Receipt ${n}`,
      text: 'Thanks',
      messageId: `<demo-fallback-${n}@shop.example.com>`,
    });
    try {
      emulator.control.addFault({
        protocol: 'txmail',
        operation: 'sendmessage',
        action: { type: 'status', status: 401, body: '{"Status":"error","Code":"401","Message":"Unauthorized"}' },
      });
      const moved = await mailup.transactional.email.send(message(1), { prefer: ['txmail'], signal: ctx.signal });
      expectThat(moved.routed.via === 'smtp', `the refused send was served by ${moved.routed.via}, not the relay`);
      emulator.control.addFault({ protocol: 'txmail', operation: 'sendmessage', action: { type: 'reset-after' } });
      const lost = await mailup.transactional.email.send(message(2), { prefer: ['txmail'], signal: ctx.signal }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expectThat(MailUpError.is(lost, 'ambiguous'), 'a reset after the request was written was not ambiguous');
      const once = [1, 2].map((n) => emulator.store.outbox.countOf(`demo-fallback-${n}@shop.example.com`));
      expectThat(
        once.every((c) => c === 1),
        `the outbox holds the messages ${once.join(' and ')} times`,
      );
      return {
        detail: '401 → served by the relay; reset after write → ambiguous, not resent; each message stored once',
        routing: await routingOf(mailup, 'transactional.email.send', moved.routed),
      };
    } finally {
      await mailup.close();
    }
  },
};

/**
 * Newsletters through the facade: created on REST, sent to the list through SOAP `SendNewsletter` (a `partial`
 * candidate, allowed for this call: it answers a delivery id), its delivery read back with `newsletters.status`
 * (SOAP only).
 */
export const facadeNewslettersStep: DemoStep = {
  name: 'facade: newsletter create, send, status',
  protocol: 'client',
  async run(ctx) {
    const mailup = await demoFacade(ctx);
    try {
      const created = await mailup.newsletters.create(
        { listId: 1, subject: 'Demo offers', html: '<p>10% off</p>' },
        { signal: ctx.signal },
      );
      const sent = await mailup.newsletters.send(
        { listId: 1, id: created.id },
        { prefer: ['soap'], allowPartial: true, signal: ctx.signal },
      );
      expectThat(sent.deliveryId !== undefined, 'SendNewsletter answered no delivery id');
      const status = await mailup.newsletters.status({ deliveryId: sent.deliveryId ?? 0 }, { signal: ctx.signal });
      return {
        detail: `newsletter #${created.id} created via ${created.routed.via}; delivery #${sent.deliveryId} ${status.status} (status via ${status.routed.via})`,
        routing: await routingOf(mailup, 'newsletters.send', sent.routed),
      };
    } finally {
      await mailup.close();
    }
  },
};

/** Many recipients through the facade's `recipients.import`: the REST bulk import, progress after every chunk. */
export const facadeImportStep: DemoStep = {
  name: 'facade: recipients.import with progress',
  protocol: 'client',
  async run(ctx) {
    const mailup = await demoFacade(ctx);
    try {
      const progress: number[] = [];
      const result = await mailup.recipients.import(
        {
          listId: 1,
          recipients: ['ann', 'bob', 'carl'].map((n) => ({ email: `demo-import-${n}@example.com`, name: n })),
          chunkSize: 1,
          onProgress: (p) => progress.push(p.sent),
        },
        { signal: ctx.signal },
      );
      expectThat(result.sent === 3, `imported ${result.sent} of 3`);
      return {
        detail: `3 recipients in 3 chunks, progress ${progress.join(', ')}`,
        routing: await routingOf(mailup, 'recipients.import', result.routed),
      };
    } finally {
      await mailup.close();
    }
  },
};
