import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/node/fs/write-file-atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailup-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the content with the requested mode and leaves no temporary file', async () => {
    const path = join(dir, 'tokens.json');
    await writeFileAtomic(path, '{"a":1}', { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('replaces an existing file and applies the mode to it', async () => {
    const path = join(dir, 'state.json');
    await writeFileAtomic(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, Buffer.from('new'), { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('never exposes a torn file to a concurrent reader', async () => {
    const path = join(dir, 'big.json');
    const a = 'a'.repeat(1 << 20);
    const b = 'b'.repeat(1 << 20);
    await writeFileAtomic(path, a);
    const writes = Array.from({ length: 10 }, (_, i) => writeFileAtomic(path, i % 2 ? a : b));
    const reads = Array.from({ length: 20 }, () => readFile(path, 'utf8'));
    await Promise.all(writes);
    for (const content of await Promise.all(reads)) expect(content === a || content === b).toBe(true);
    expect(await readdir(dir)).toEqual(['big.json']);
  });

  it('rejects when the directory does not exist and leaves nothing behind', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});
