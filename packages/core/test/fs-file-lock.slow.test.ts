import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('./fixtures/lock-worker.ts', import.meta.url));

function runWorker(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || code === 3 ? resolve(code) : reject(new Error(`worker ${code}: ${stderr}`)),
    );
  });
}

describe('FileLock across processes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailup-lock-mp-'));
    await writeFile(join(dir, 'counter'), '0');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('four processes incrementing a shared counter under the lock lose no update', async () => {
    const lock = join(dir, 'counter.lock');
    const counter = join(dir, 'counter');
    await Promise.all(Array.from({ length: 4 }, () => runWorker([lock, counter, '25'])));
    expect(Number(await readFile(counter, 'utf8'))).toBe(100);
  });

  it('a process that dies holding the lock is taken over by the others', async () => {
    const lock = join(dir, 'counter.lock');
    const counter = join(dir, 'counter');
    expect(await runWorker([lock, counter, '1', 'crash'])).toBe(3);
    await Promise.all(Array.from({ length: 3 }, () => runWorker([lock, counter, '5'])));
    expect(Number(await readFile(counter, 'utf8'))).toBe(16);
  });
});
