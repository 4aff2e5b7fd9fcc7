import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailUpError, ManualClock } from '@mailup-kit/core';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
import { FileQuotaStore, Limiter } from '@mailup-kit/limits';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'mailup-kit-quota-'));
let path = join(dir, 'quota-0.json');
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeQuotaStoreConformance('file', {
  shared: true,
  reset: async () => {
    path = join(dir, `quota-${++n}.json`);
  },
  open: async (clock) => new FileQuotaStore({ path, clock }),
});

describe('FileQuotaStore', () => {
  it('refuses to overwrite a file that is not a quota file', async () => {
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, 'not json at all');
    const store = new FileQuotaStore({ path: foreign });
    const error = await store
      .reserve({
        key: 'a:rest:x',
        id: '1',
        cost: 1,
        windows: [{ type: 'sliding', id: '1s', limit: 1, periodMs: 1000 }],
      })
      .catch((e: unknown) => e);
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    await store.close();
  });

  it('rolls a Europe/Rome calendar day over at local midnight through the Limiter (injected clock)', async () => {
    const clock = new ManualClock(Date.UTC(2026, 9, 24, 21, 30)); // 23:30 in Rome, the night before DST ends
    const store = new FileQuotaStore({ path: join(dir, 'calendar.json'), clock });
    const limiter = new Limiter({ clock, store, account: 51234, policy: { daily: { calendar: {} } } });
    const create = { protocol: 'soap' as const, operation: 'CreateNewsletter' };
    for (let i = 0; i < 100; i++) await limiter.acquire(create);
    const refused = await limiter.acquire(create).catch((e: unknown) => e);
    expect(MailUpError.is(refused, 'quota-exhausted')).toBe(true);
    expect((refused as MailUpError).availableAt).toBe(Date.UTC(2026, 9, 24, 22));
    await clock.set(Date.UTC(2026, 9, 24, 22));
    await expect(limiter.acquire(create)).resolves.toMatchObject({ key: '51234:soap:CreateNewsletter' });
    const report = await limiter.inspectCall(create);
    expect(report?.windows[0]).toMatchObject({ id: 'day', used: 1, remaining: 99 });
    // The new day is the 25-hour one (DST ends at 03:00 local): it ends at the next local midnight, 23:00 UTC.
    const [today] = limiter.policy.windowsOf(limiter.policy.row('soap', 'CreateNewsletter')!, clock.now());
    expect(today).toEqual({
      type: 'fixed',
      id: 'day',
      limit: 100,
      start: Date.UTC(2026, 9, 24, 22),
      end: Date.UTC(2026, 9, 25, 23),
    });
    await limiter.close();
    await store.close();
  });

  it('needs a path', () => {
    expect(() => new FileQuotaStore({ path: '' })).toThrow(/file path/);
  });
});
