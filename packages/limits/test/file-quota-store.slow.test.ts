import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileQuotaStore } from '@mailup-kit/limits';
import { afterAll, describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('./fixtures/file-reserver.ts', import.meta.url));

function reserveIn(path: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, path, String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(err))));
  });
}

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
