import { MailUpError, ManualClock, type Transport } from '@mailup-kit/core';
import { Limiter } from '@mailup-kit/limits';
import { type ComposedMessage, type SmtpDelivery, SmtpPlusRelay } from '@mailup-kit/smtp';
import { describe, expect, it } from 'vitest';

const message = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Receipt', text: 'Thanks' };

function setup(send: Transport<ComposedMessage, SmtpDelivery>['send']) {
  const clock = new ManualClock(1_000_000);
  // 3,600 messages/hour: one per second.
  const limiter = new Limiter({ clock, account: 1, policy: { levelOfService: { smtp: 3600 } } });
  const relay = new SmtpPlusRelay({
    user: 's1_1',
    password: 'pw',
    host: 'relay.test',
    port: 2525,
    transport: { send },
    clock,
    limiter,
    maxRequeues: 0,
  });
  return { clock, limiter, relay };
}

describe('the relay paces to the level of service, counted where the relay counts', () => {
  it('re-stamps a delivered message at the relay’s answer: the next one waits a window from there', async () => {
    const { clock, limiter, relay } = setup(async (request) => {
      clock.advance(400); // the message reaches the relay (and is counted) somewhere in these 400 ms
      return { messageId: request.messageId, accepted: request.envelope.to, rejected: [], response: '250 ok' };
    });
    await relay.send(message);
    const usage = await limiter.inspectCall({ protocol: 'smtp', operation: 'send' });
    // Released at t0 but perhaps counted at t0 + 0.4 s: the next may leave at t0 + 1.4 s, not t0 + 1 s (which
    // could put two messages in one second of the relay's clock).
    expect(usage?.nextAllowedAt).toBe(1_001_400);
    await limiter.close();
  });

  it('re-stamps a message lost after its DATA (ambiguous: the relay may have counted it) the same way', async () => {
    const { clock, limiter, relay } = setup(async () => {
      clock.advance(400);
      throw new MailUpError({
        kind: 'ambiguous',
        protocol: 'smtp',
        operation: 'send',
        message: 'connection lost after the DATA terminator',
        sent: 'maybe',
      });
    });
    await expect(relay.send(message)).rejects.toMatchObject({ kind: 'ambiguous' });
    const usage = await limiter.inspectCall({ protocol: 'smtp', operation: 'send' });
    expect(usage?.nextAllowedAt).toBe(1_001_400);
    await limiter.close();
  });

  it('gives the reservation back when the message provably never left', async () => {
    const { limiter, relay } = setup(async () => {
      throw new MailUpError({
        kind: 'transient',
        protocol: 'smtp',
        operation: 'send',
        message: 'connection refused',
        sent: 'no',
      });
    });
    await expect(relay.send(message)).rejects.toMatchObject({ kind: 'transient' });
    const usage = await limiter.inspectCall({ protocol: 'smtp', operation: 'send' });
    expect(usage?.remaining).toBe(1);
    await limiter.close();
  });
});
