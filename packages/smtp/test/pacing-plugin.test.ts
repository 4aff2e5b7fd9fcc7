import { ManualClock, type Transport } from '@mailup-kit/core';
import { Limiter } from '@mailup-kit/limits';
import { type ComposedMessage, type SmtpDelivery, SmtpPlusRelay } from '@mailup-kit/smtp';
import { describe, expect, it } from 'vitest';

const message = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Receipt', text: 'Thanks' };

describe('the relay paces to the level of service', () => {
  it('keeps the release time of a delivered message: a slow relay answer does not slow the pace', async () => {
    const clock = new ManualClock(1_000_000);
    // 3,600 messages/hour: one per second.
    const limiter = new Limiter({ clock, account: 1, policy: { levelOfService: { smtp: 3600 } } });
    const transport: Transport<ComposedMessage, SmtpDelivery> = {
      async send(request) {
        clock.advance(400); // the relay takes 400 ms to answer 250
        return { messageId: request.messageId, accepted: request.envelope.to, rejected: [], response: '250 ok' };
      },
    };
    const relay = new SmtpPlusRelay({
      user: 's1_1',
      password: 'pw',
      host: 'relay.test',
      port: 2525,
      transport,
      clock,
      limiter,
    });
    await relay.send(message);
    const usage = await limiter.inspectCall({ protocol: 'smtp', operation: 'send' });
    // Released at t0: the next message may leave at t0 + 1 s, not at t0 + 1.4 s.
    expect(usage?.nextAllowedAt).toBe(1_001_000);
    await limiter.close();
  });
});
