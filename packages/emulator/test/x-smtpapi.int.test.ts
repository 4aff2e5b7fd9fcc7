import { checkXSmtpApi as coreCheck } from '@mailup-kit/core/catalogue';
import { checkXSmtpApi, type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let emulator: RunningEmulator;
let user: { username: string; secret: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const seeded = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
  user = { username: seeded?.username ?? '', secret: seeded?.secret ?? '' };
});
afterAll(async () => {
  await emulator.close();
});

describe('the emulator checks X-SMTPAPI with core’s validator', () => {
  it('exports core’s checker under its old name', () => {
    expect(checkXSmtpApi).toBe(coreCheck);
  });

  it('a Send API message whose XSmtpAPI CampaignName holds CR/LF is refused with 403 and not stored', async () => {
    const res = await fetch(`${emulator.urls.http}/API/v2.0/messages/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Subject: 'Hi',
        Text: 'Hello',
        From: { Name: 'Shop', Email: 'shop@example.com' },
        To: [{ Name: 'Ann', Email: 'ann@example.com' }],
        XSmtpAPI: { CampaignName: 'Orders\r\nBcc: x@example.com' },
        User: { Username: user.username, Secret: user.secret },
      }),
    });
    const answer = (await res.json()) as { Message?: string };
    expect(res.status).toBe(403);
    expect(answer.Message).toMatch(/CampaignName/);
    expect(emulator.store.outbox.mail).toHaveLength(0);
  });
});
