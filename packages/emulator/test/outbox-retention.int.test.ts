import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { SEND_API_BASE } from '../src/txmail/txmail-module.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function send(running: RunningEmulator, subject: string, attachmentBytes = 0) {
  const user = [...running.store.account(running.store.seeded.id).smtpUsers.values()][0];
  const res = await fetch(`${running.urls.http}${SEND_API_BASE}/messages/sendmessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      User: { Username: user?.username, Secret: user?.secret },
      Subject: subject,
      Text: 'hello',
      From: { Name: '', Email: 'shop@example.com' },
      To: [{ Name: '', Email: 'ann@example.com' }],
      ...(attachmentBytes > 0
        ? { Attachments: [{ Filename: 'a.bin', Body: Buffer.alloc(attachmentBytes, 7).toString('base64') }] }
        : {}),
    }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { Status: string }).Status).toBe('done');
}

async function inbox(running: RunningEmulator) {
  const res = await fetch(`${running.urls.http}/__emulator/inbox`, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    mail: Array<{ id: number; subject: string }>;
    evicted: { mail: number; sms: number };
    retention: { maxMessages: number; maxBytes: number };
  };
}

describe('the outbox keeps a bounded number of messages and bytes (issue 16 item 7)', () => {
  it('past outboxMaxMessages the oldest are evicted first, and the inbox says how many', async () => {
    emulator = await startEmulator({ outboxMaxMessages: 3 });
    for (let i = 1; i <= 5; i++) await send(emulator, `m${i}`);
    const view = await inbox(emulator);
    expect(view.mail.map((m) => [m.id, m.subject])).toEqual([
      [5, 'm5'],
      [4, 'm4'],
      [3, 'm3'],
    ]);
    expect(view.evicted).toEqual({ mail: 2, sms: 0 });
    expect(view.retention.maxMessages).toBe(3);
    const one = (id: number) =>
      fetch(`${emulator?.urls.http}/__emulator/inbox/${id}`, { headers: { accept: 'application/json' } });
    expect((await one(4)).status).toBe(200);
    expect((await one(1)).status).toBe(404);
    expect(emulator.store.outbox.countOf(emulator.store.outbox.mail[0]?.messageId ?? '')).toBe(1);
  });

  it('past outboxMaxBytes the oldest are evicted: 30 messages with a 1 MiB attachment keep within 8 MiB', async () => {
    const maxBytes = 8 * 1024 * 1024;
    emulator = await startEmulator({ outboxMaxBytes: maxBytes });
    for (let i = 1; i <= 30; i++) await send(emulator, `big${i}`, 1024 * 1024);
    const { outbox } = emulator.store;
    // Each message holds its decoded attachment and the request's base64 copy: about 2.4 MiB.
    expect(outbox.retainedBytes).toBeLessThanOrEqual(maxBytes);
    expect(outbox.mail.length).toBeGreaterThanOrEqual(2);
    expect(outbox.mail.at(-1)?.subject).toBe('big30');
    const view = await inbox(emulator);
    expect(view.evicted.mail).toBe(30 - outbox.mail.length);
    expect(view.mail.length).toBe(outbox.mail.length);
  });

  it('the newest message is kept even when it alone is over the byte bound', async () => {
    emulator = await startEmulator({ outboxMaxBytes: 1024 });
    await send(emulator, 'small');
    await send(emulator, 'large', 64 * 1024);
    expect(emulator.store.outbox.mail.map((m) => m.subject)).toEqual(['large']);
    expect(emulator.store.outbox.evicted.mail).toBe(1);
  });

  it.each([
    [{ outboxMaxMessages: 0 }, /outboxMaxMessages must be a positive integer/],
    [{ outboxMaxBytes: 1.5 }, /outboxMaxBytes must be a positive integer/],
  ])('refuses %j', async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
  });
});
