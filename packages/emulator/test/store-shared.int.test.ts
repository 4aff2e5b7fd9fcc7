import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorModule, type RunningEmulator, startEmulator } from '../src/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';

/** Writes through the store: subscribes an address to a list (like a frontend page would). */
function writerModule(): EmulatorModule {
  return {
    name: 'test-writer',
    install(ctx) {
      ctx.route('POST', '/EmuTest/Subscribe/{list}', { protocol: 'frontend', operation: 'Subscribe' }, (req) => {
        const data = ctx.store.account(ctx.store.seeded.id);
        const recipient = data.upsertRecipient({ email: req.body.toString('utf8') });
        data.setSubscription(Number(req.params.list), recipient.id, 'pending', ctx.clock.now());
        return { status: 200, body: '0' };
      });
    },
  };
}

/** Reads the same rows from another module (like a SOAP or REST status call would). */
function readerModule(): EmulatorModule {
  return {
    name: 'test-reader',
    install(ctx) {
      ctx.route('GET', '/EmuTest/Status/{list}', { protocol: 'soap', operation: 'Status' }, (req) => {
        const data = ctx.store.account(ctx.store.seeded.id);
        const recipient = data.findRecipient({ email: req.query.get('email') ?? '' });
        const row = recipient && data.subscription(Number(req.params.list), recipient.id);
        return { status: 200, json: row ? { status: row.status, pendingSince: row.optinRequestDate } : null };
      });
    },
  };
}

describe('one domain store shared by every module', () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ modules: [writerModule(), readerModule()] });
  });
  afterEach(() => emulator.close());

  it('a recipient one module subscribes is the row another module reads, over real HTTP', async () => {
    const base = emulator.urls.http;
    expect(await (await fetch(`${base}/EmuTest/Status/1?email=ann@example.com`)).json()).toBeNull();
    const now = emulator.clock.now();
    expect((await fetch(`${base}/EmuTest/Subscribe/1`, { method: 'POST', body: 'Ann@Example.com' })).status).toBe(200);
    const status = (await (await fetch(`${base}/EmuTest/Status/1?email=ann@example.com`)).json()) as {
      status: string;
      pendingSince: number;
    };
    expect(status.status).toBe('pending');
    expect(status.pendingSince).toBeGreaterThanOrEqual(now);
    // …and the test sees the same row in-process.
    const data = emulator.store.account(emulator.store.seeded.id);
    expect(data.recipientsOf(1, 'pending').map((r) => r.email)).toEqual(['ann@example.com']);
  });

  it('REST User/Lists reads the store: a list added in-process is listed for the bearer caller', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const added = data.addList({ name: 'Added by test', companyName: 'ACME', description: 'from the store' });
    const token = await passwordToken(emulator);
    const page = (await (
      await fetch(`${emulator.urls.http}${LISTS}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { Items: Array<Record<string, unknown>>; TotalElementsCount: number };
    expect(page.TotalElementsCount).toBe(3);
    expect(page.Items.at(-1)).toEqual({
      Company: 'ACME',
      Description: 'from the store',
      Name: 'Added by test',
      idList: added.id,
      listGuid: added.guid,
    });
  });
});
