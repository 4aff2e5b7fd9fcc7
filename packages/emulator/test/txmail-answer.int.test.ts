import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// REFERENCE §7.4: the Send API's answer is {Status, Code, Message}; Code "0" is success. The captured shape
// (artifacts/txmail/sendmessage-response-success.json, from public clients: an io-ts client checks Code === "0",
// MaxDovere's EntitySendResponse has exactly Status, Code, Message) has no MessageId, and no source found shows one.
let emulator: RunningEmulator;
let user: { username: string; secret: string };
beforeAll(async () => {
  emulator = await startEmulator();
  const u = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
  user = { username: u?.username ?? '', secret: u?.secret ?? '' };
});
afterAll(async () => {
  await emulator.close();
});

const CAPTURED = join(process.cwd(), '../shared/mailup/artifacts/txmail/sendmessage-response-success.json');
/** The keys of the captured success answer (read from ../shared when present; the documented three otherwise). */
function capturedKeys(): string[] {
  if (!existsSync(CAPTURED)) {
    console.warn(
      'txmail-answer: ../shared/mailup/artifacts is absent; comparing with the documented Status, Code, Message',
    );
    return ['Code', 'Message', 'Status'];
  }
  return Object.keys(JSON.parse(readFileSync(CAPTURED, 'utf8')) as Record<string, unknown>).sort();
}

describe('the Send API success answer', () => {
  it('has the documented keys only; the message is stored under the Message-ID the emulator made', async () => {
    const res = await fetch(`${emulator.urls.http}/API/v2.0/messages/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Subject: 'Hi',
        Text: 'Hello',
        From: { Name: 'Shop', Email: 'shop@example.com' },
        To: [{ Name: 'Ann', Email: 'ann@example.com' }],
        User: { Username: user.username, Secret: user.secret },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(capturedKeys());
    expect(body).toMatchObject({ Status: 'done', Code: '0' });
    const stored = emulator.store.outbox.mail.at(-1);
    expect(stored?.messageId).toMatch(/@send\.emulator\.mailup-kit$/);
    expect(emulator.store.outbox.countOf(stored?.messageId ?? '')).toBe(1);
  });
});
