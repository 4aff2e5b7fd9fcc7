import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileQuotaStore } from '@mailup-kit/limits';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import { afterAll, describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('./fixtures/file-reserver.ts', import.meta.url));

const reserveIn = async (path: string, count: number) => Number(await runTsxChild(worker, [path, String(count)]));

describe('FileQuotaStore shared by several processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailup-kit-quota-procs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never grants more than the limit across 4 processes reserving at once', async () => {
    const path = join(dir, 'quota.json');
    const granted = await Promise.all([1, 2, 3, 4].map(() => reserveIn(path, 15)));
    expect(granted.reduce((a, b) => a + b, 0)).toBe(30);
    const store = new FileQuotaStore({ path });
    const usage = await store.inspect('51234:soap:CreateNewsletter', [
      { type: 'sliding', id: '1h', limit: 30, periodMs: 3_600_000 },
    ]);
    expect(usage.windows[0]).toMatchObject({ used: 30, remaining: 0 });
    await store.close();
  });
});
