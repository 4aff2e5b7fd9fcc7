import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { type SmtpPlusTarget, smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * A TCP proxy in front of the emulator's SMTP server that can go silent: past `freezeAfterClientBytes` bytes from
 * the client (a message larger than that means its DATA is on the wire) nothing the server says reaches the
 * client any more, like a relay that took the message and never answered.
 */
interface SilentProxy {
  port: number;
  clientBytes(): number;
  freezeAfterClientBytes: number;
  server: Server;
  sockets: Set<Socket>;
}

async function silentProxy(target: { host: string; port: number }): Promise<SilentProxy> {
  const sockets = new Set<Socket>();
  let sent = 0;
  const proxy: SilentProxy = {
    port: 0,
    clientBytes: () => sent,
    freezeAfterClientBytes: Number.POSITIVE_INFINITY,
    server: createServer((client) => {
      const upstream = connect(target.port, target.host);
      sockets.add(client);
      sockets.add(upstream);
      client.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (sent <= proxy.freezeAfterClientBytes) client.write(chunk);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      for (const s of [client, upstream]) {
        s.on('error', end);
        s.on('close', end);
      }
    }),
    sockets,
  };
  proxy.server.listen(0, '127.0.0.1');
  await once(proxy.server, 'listening');
  proxy.port = (proxy.server.address() as AddressInfo).port;
  return proxy;
}

let emulator: RunningEmulator;
let target: SmtpPlusTarget;
let proxy: SilentProxy;
const relays: SmtpPlusRelay[] = [];

function relay(extra: Partial<ConstructorParameters<typeof SmtpPlusRelay>[0]> = {}): SmtpPlusRelay {
  const r = new SmtpPlusRelay({ ...target, host: '127.0.0.1', port: proxy.port, ...extra });
  relays.push(r);
  return r;
}

/** The call's outcome, or 'never settled' if it had not settled within `boundMs` (the defect: it hung). */
async function outcome(promise: Promise<unknown>, boundMs = 10_000): Promise<MailUpError | 'never settled'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'never settled'>((resolve) => {
    timer = setTimeout(() => resolve('never settled'), boundMs);
  });
  const settled = promise.then(
    () => new Error('it resolved'),
    (e: unknown) => e,
  );
  const result = await Promise.race([settled, hung]);
  clearTimeout(timer);
  if (result === 'never settled') return result;
  expect(MailUpError.is(result)).toBe(true);
  return result as MailUpError;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

// 400 KB of text: the client has written more than 200 KB only once it is inside DATA.
const big = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Report', text: 'x'.repeat(400_000) };
const small = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Receipt', text: 'Thanks' };

beforeAll(async () => {
  emulator = await startEmulator();
  target = await smtpPlusTarget(emulator);
  proxy = await silentProxy(target);
});
afterEach(() => {
  for (const r of relays.splice(0)) r.close();
  for (const s of proxy.sockets) s.destroy();
  proxy.sockets.clear();
  proxy.freezeAfterClientBytes = Number.POSITIVE_INFINITY;
  emulator.store.outbox.clear();
  emulator.control.reset();
});
afterAll(async () => {
  proxy.server.close();
  await emulator.close();
});

describe('SmtpPlusRelay.send() settles on abort and on its deadline with a message on a connection', () => {
  it("abort after DATA ⇒ aborted with sent 'maybe' (the relay got the message and never answered)", async () => {
    const r = relay();
    proxy.freezeAfterClientBytes = proxy.clientBytes() + 200_000;
    const controller = new AbortController();
    const pending = r.send({ ...big, messageId: '<big-1@shop.example.com>' }, { signal: controller.signal });
    await until(() => emulator.store.outbox.countOf('big-1@shop.example.com') === 1);
    controller.abort();
    const error = await outcome(pending);
    expect(error).not.toBe('never settled');
    expect((error as MailUpError).kind).toBe('aborted');
    expect((error as MailUpError).sent).toBe('maybe');
    expect((error as MailUpError).details?.messageId).toBe('<big-1@shop.example.com>');
  });

  it('deadline after DATA ⇒ ambiguous, never resent (the emulator holds it once)', async () => {
    const r = relay({ maxRequeues: 3 });
    proxy.freezeAfterClientBytes = proxy.clientBytes() + 200_000;
    const error = await outcome(r.send({ ...big, messageId: '<big-2@shop.example.com>' }, { timeoutMs: 1_500 }));
    expect(error).not.toBe('never settled');
    expect((error as MailUpError).kind).toBe('ambiguous');
    expect((error as MailUpError).sent).toBe('maybe');
    expect(emulator.store.outbox.countOf('big-2@shop.example.com')).toBe(1);
  });

  it('abort before DATA ⇒ aborted, nothing left; the relay goes on with a fresh connection', async () => {
    const r = relay();
    await r.send(small); // a warm pooled connection
    proxy.freezeAfterClientBytes = proxy.clientBytes(); // MAIL FROM gets no answer
    const controller = new AbortController();
    const pending = r.send({ ...small, messageId: '<small-1@shop.example.com>' }, { signal: controller.signal });
    await until(() => proxy.clientBytes() > proxy.freezeAfterClientBytes);
    controller.abort();
    const error = await outcome(pending);
    expect(error).not.toBe('never settled');
    expect((error as MailUpError).kind).toBe('aborted');
    expect((error as MailUpError).sent).toBe('no');
    expect(emulator.store.outbox.countOf('small-1@shop.example.com')).toBe(0);
    proxy.freezeAfterClientBytes = Number.POSITIVE_INFINITY;
    await r.send(small);
    expect(emulator.store.outbox.mail).toHaveLength(2);
  });

  it('deadline before DATA ⇒ transient, nothing left (each requeue bounded by timeoutMs too)', async () => {
    const r = relay();
    await r.send(small);
    proxy.freezeAfterClientBytes = proxy.clientBytes();
    const error = await outcome(r.send({ ...small, messageId: '<small-2@shop.example.com>' }, { timeoutMs: 1_500 }));
    expect(error).not.toBe('never settled');
    expect((error as MailUpError).kind).toBe('transient');
    expect((error as MailUpError).sent).toBe('no');
    expect(emulator.store.outbox.countOf('small-2@shop.example.com')).toBe(0);
  });

  it('abort or deadline while a new connection hangs after the greeting (EHLO unanswered) ⇒ settles, nothing left', async () => {
    proxy.freezeAfterClientBytes = proxy.clientBytes(); // the greeting passes, EHLO gets no answer
    const timed = await outcome(
      relay().send({ ...small, messageId: '<small-3@shop.example.com>' }, { timeoutMs: 1_000 }),
    );
    expect(timed).not.toBe('never settled');
    expect((timed as MailUpError).kind).toBe('transient');
    expect((timed as MailUpError).sent).toBe('no');
    const controller = new AbortController();
    const pending = relay().send({ ...small, messageId: '<small-4@shop.example.com>' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const aborted = await outcome(pending);
    expect(aborted).not.toBe('never settled');
    expect((aborted as MailUpError).kind).toBe('aborted');
    expect((aborted as MailUpError).sent).toBe('no');
    expect(emulator.store.outbox.mail).toHaveLength(0);
  });
});
