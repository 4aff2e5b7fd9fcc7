import type { OperationRow } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { lookupsDuring, rowSpy } from '@mailup-kit/testkit/table-reads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEND_API_OPERATIONS, SendApiClient, SMS_OPERATIONS, SmsClient } from '../src/index.js';

// Every table core's operationTable builds records the names read from it (the rows stay the table's own).
vi.mock('@mailup-kit/core/pipeline', async (original) =>
  (await import('@mailup-kit/testkit/table-reads')).countingCore(await original()),
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('transactional clients pass their row by reference: no lookup by name after a call starts', () => {
  it('SendApiClient.sendMessage and listUserInfo: every step sees the table row, zero lookups', async () => {
    const user = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
    const seen: OperationRow[] = [];
    const mail = new SendApiClient({
      user: user?.username ?? '',
      password: user?.secret ?? '',
      baseUrl: emulator.urls.http,
      plugins: [rowSpy(seen)],
    });
    const sent = await lookupsDuring([SEND_API_OPERATIONS], mail.client, () =>
      mail.sendMessage({
        Subject: 'Rows',
        Text: 'by reference',
        From: { Email: 'shop@example.com' },
        To: [{ Email: 'ann@example.com' }],
      }),
    );
    expect(sent).toMatchObject({ tableReads: [], templateLookups: 0 });
    expect(emulator.store.outbox.mail.some((m) => m.subject === 'Rows')).toBe(true);
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SEND_API_OPERATIONS.sendmessage);
    expect(seen[0]?.id).toBe('txmail:sendmessage');

    seen.length = 0;
    const info = await lookupsDuring([SEND_API_OPERATIONS], mail.client, () => mail.listUserInfo());
    expect(info).toMatchObject({ tableReads: [], templateLookups: 0 });
    for (const row of seen) expect(row).toBe(SEND_API_OPERATIONS.listuserinfo);
    await mail.close();
  });

  it('SmsClient.createListSecret and send: every step sees the table row, zero lookups', async () => {
    const a = emulator.store.seeded;
    const seen: OperationRow[] = [];
    const sms = new SmsClient({
      accountId: a.id,
      listId: 1,
      listGuid: emulator.store.account(a.id).list(1).guid,
      console: { user: a.consoleUser, password: a.consolePassword },
      baseUrl: emulator.urls.http,
      plugins: [rowSpy(seen)],
    });
    const created = await lookupsDuring([SMS_OPERATIONS], sms.client, () => sms.createListSecret());
    expect(created).toMatchObject({ tableReads: [], templateLookups: 0 });
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SMS_OPERATIONS['POST listsecret']);

    seen.length = 0;
    const sent = await lookupsDuring([SMS_OPERATIONS], sms.client, () =>
      sms.send({ recipient: '+393350000001', content: 'Your code is 1234', sender: 'Shop' }),
    );
    expect(sent).toMatchObject({ tableReads: [], templateLookups: 0 });
    expect(sent.result.deliveryId).toBeGreaterThan(0);
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SMS_OPERATIONS.send);
    expect(seen[0]?.id).toBe('txsms:send');
    await sms.close();
  });
});
