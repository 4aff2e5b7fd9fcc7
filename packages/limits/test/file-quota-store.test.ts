import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, MailUpError } from '@mailup-kit/core';
import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
import { FileQuotaStore } from '@mailup-kit/limits';
import { describeLimiterConformance } from '@mailup-kit/testkit/limiter-suite';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'mailup-kit-quota-'));
let path = join(dir, 'quota-0.json');
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileBacking = {
  shared: true,
  reset: async () => {
    path = join(dir, `quota-${++n}.json`);
  },
  open: async (clock: Clock) => new FileQuotaStore({ path, clock }),
};
describeQuotaStoreConformance('file', fileBacking);
describeLimiterConformance('file', fileBacking);

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

  it('needs a path', () => {
    expect(() => new FileQuotaStore({ path: '' })).toThrow(/file path/);
  });
});
