import type { OperationRow } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { lookupsDuring, rowSpy } from '@mailup-kit/testkit/table-reads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SMTP_OPERATIONS, SmtpPlusRelay } from '../src/index.js';

// Every table core's operationTable builds records the names read from it (the rows stay the table's own).
vi.mock('@mailup-kit/core/pipeline', async (original) =>
  (await import('@mailup-kit/testkit/table-reads')).countingCore(await original()),
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('SmtpPlusRelay passes its row by reference: no lookup by name after a send starts', () => {
  it('send() through the emulator: every step sees SMTP_OPERATIONS.send, zero lookups', async () => {
    const seen: OperationRow[] = [];
    const relay = new SmtpPlusRelay({ ...(await smtpPlusTarget(emulator)), plugins: [rowSpy(seen)] });
    const message = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Rows', text: 'by reference' };
    const sent = await lookupsDuring([SMTP_OPERATIONS], relay.client, () => relay.send(message));
    expect(sent).toMatchObject({ tableReads: [], templateLookups: 0 });
    expect(emulator.store.outbox.countOf(sent.result.messageId.replace(/^<|>$/g, ''))).toBe(1);
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(SMTP_OPERATIONS.send);
    expect(seen[0]?.id).toBe('smtp:send');
    await relay.close();
  });
});
