import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { type SmtpPlusTarget, smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { busiestWindow } from '@mailup-kit/testkit/time-windows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Pacing is what the SERVER sees: MailUp counts a message when it arrives, not when our limiter released it. A
 * message released at once but slow to arrive (a cold connection: TCP, STARTTLS, AUTH on a busy network) used to
 * keep its release time in the limiter, so the next burst was released one window later while the slow one was
 * still on its way — and the relay received both bursts within one window. The reservation is now re-stamped when
 * the relay's answer arrives (after the server counted it), so the next burst waits for a window from then.
 */

/** A TCP relay to the emulator's SMTP port that holds every byte from the client until `holdUntil` (epoch ms). */
async function slowStartProxy(target: SmtpPlusTarget, holdUntil: number): Promise<{ port: number; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.host, port: target.port });
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    const wait = Math.max(0, holdUntil - Date.now());
    client.pause();
    setTimeout(() => {
      client.pipe(upstream);
      client.resume();
    }, wait);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

let emulator: RunningEmulator;
let target: SmtpPlusTarget;

beforeAll(async () => {
  emulator = await startEmulator();
  target = await smtpPlusTarget(emulator);
});
afterAll(async () => {
  await emulator.close();
});

describe('SMTP+ pacing counts what the relay received', () => {
  it('a burst slow to arrive holds the next one back a whole window from its arrival, not from its release', async () => {
    // 7,200 messages an hour: 2 per second.
    const limiter = new Limiter({ account: 51234, policy: { levelOfService: { smtp: 7200 } } });
    const proxy = await slowStartProxy(target, Date.now() + 600);
    const relay = new SmtpPlusRelay({ ...target, port: proxy.port, limiter, pool: { maxConnections: 2 } });
    try {
      const sends = Array.from({ length: 6 }, (_, i) =>
        relay.send({ from: 'shop@example.com', to: `c${i}@example.com`, subject: `pace ${i}`, text: 'x' }),
      );
      await Promise.all(sends);
      const received = emulator.store.outbox.mail.map((m) => m.receivedAt);
      expect(received).toHaveLength(6);
      // The first two were released at once but arrived after ~600 ms; before the fix the next two were released
      // at 1,000 ms and arrived at once: four within one second at the relay.
      expect(busiestWindow(received, 1000)).toBeLessThanOrEqual(2);
    } finally {
      relay.close();
      await limiter.close();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });
});
