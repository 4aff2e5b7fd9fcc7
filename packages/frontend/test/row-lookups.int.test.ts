import type { OperationRow } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { lookupsDuring, rowSpy } from '@mailup-kit/testkit/table-reads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FRONTEND_OPERATIONS, FrontendClient } from '../src/index.js';

// Every table core's operationTable builds records the names read from it (the rows stay the table's own).
vi.mock('@mailup-kit/core/pipeline', async (original) =>
  (await import('@mailup-kit/testkit/table-reads')).countingCore(await original()),
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('FrontendClient passes its row by reference: no lookup by name after a call starts', () => {
  it('subscribe and checkSubscriber against the emulator: every step sees the table row, zero lookups', async () => {
    const seen: OperationRow[] = [];
    const frontend = new FrontendClient({ consoleUrl: emulator.urls.http, plugins: [rowSpy(seen)] });
    const email = `rows.${Date.now()}@example.com`;
    const subscribe = await lookupsDuring([FRONTEND_OPERATIONS], frontend.client, () =>
      frontend.subscribe({ email, lists: [1], confirm: false }),
    );
    expect(subscribe.result.outcome).toBe('subscribed');
    expect(subscribe).toMatchObject({ tableReads: [], templateLookups: 0 });
    expect(seen).toHaveLength(5);
    for (const row of seen) expect(row).toBe(FRONTEND_OPERATIONS['xmlSubscribe.aspx']);
    expect(seen[0]?.id).toBe('frontend:xmlSubscribe');

    seen.length = 0;
    const listGuid = emulator.store.account(emulator.store.seeded.id).list(1).guid;
    const check = await lookupsDuring([FRONTEND_OPERATIONS], frontend.client, () =>
      frontend.checkSubscriber({ email, list: 1, listGuid }),
    );
    expect(check.result.outcome).toBe('subscribed');
    expect(check).toMatchObject({ tableReads: [], templateLookups: 0 });
    for (const row of seen) expect(row).toBe(FRONTEND_OPERATIONS['Xmlchksubscriber.aspx']);
    await frontend.close();
  });
});
