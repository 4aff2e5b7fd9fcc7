import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { FileLock } from '../src/node/fs/file-lock.js';

describe('FileLock', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailup-lock-'));
    path = join(dir, 'x.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a complete record (pid, token, expiry) and removes it on release', async () => {
    const clock = new ManualClock(1_000);
    const lock = await FileLock.acquire(path, { clock, ttlMs: 500 });
    const record = JSON.parse(await readFile(path, 'utf8'));
    expect(record).toMatchObject({ pid: process.pid, token: lock.token, expiresAt: 1_500, host: hostname() });
    expect(lock.held).toBe(true);
    await lock.release();
    expect(lock.held).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    await lock.release(); // idempotent
  });

  it('fails with a typed transient error once waitMs has passed on the injected clock', async () => {
    const clock = new ManualClock(0);
    const first = await FileLock.acquire(path, { clock, ttlMs: 60_000 });
    const second = FileLock.acquire(path, { clock, ttlMs: 60_000, waitMs: 1_000, random: () => 0.5 });
    let settled = false;
    const outcome = second
      .catch((e: unknown) => e)
      .finally(() => {
        settled = true;
      });
    // Polls are real file I/O: keep moving the clock until the waiter gives up, however late it parks.
    for (let step = 0; step < 1_000 && !settled; step++) {
      await clock.advance(200);
      await new Promise((r) => setTimeout(r, 1));
    }
    const error = await outcome;
    expect(error).toBeInstanceOf(MailUpError);
    expect(error).toMatchObject({ kind: 'transient', operation: 'FileLock.acquire' });
    expect((error as MailUpError).details?.path).toBe(path);
    await first.release();
  });

  it('with waitMs 0 tries exactly once', async () => {
    const first = await FileLock.acquire(path);
    await expect(FileLock.acquire(path, { waitMs: 0 })).rejects.toMatchObject({ kind: 'transient' });
    await first.release();
    const again = await FileLock.acquire(path, { waitMs: 0 });
    await again.release();
  });

  it('hands the lock to a waiter as soon as the holder releases', async () => {
    const clock = new ManualClock(0);
    const first = await FileLock.acquire(path, { clock });
    const waiter = FileLock.acquire(path, { clock, waitMs: 10_000 });
    let settled = false;
    waiter.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await first.release();
    // The waiter's polls are real file I/O, so under load it may not be parked on the clock yet: keep moving the
    // clock in poll-sized steps (well inside waitMs) until it has taken the released lock.
    for (let step = 0; step < 1_000 && !settled; step++) {
      await clock.advance(5);
      await new Promise((r) => setTimeout(r, 1));
    }
    const second = await waiter;
    expect(second.held).toBe(true);
    await second.release();
  });

  it('takes over a lock whose expiry has passed', async () => {
    const clock = new ManualClock(10_000);
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), token: 'old', expiresAt: 9_999 }));
    const lock = await FileLock.acquire(path, { clock, waitMs: 0 });
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe(lock.token);
    await lock.release();
  });

  it('takes over a lock whose holder process is dead, but not one held by a live process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const far = Date.now() + 3_600_000;
    await writeFile(path, JSON.stringify({ pid: Number(dead), host: hostname(), token: 'dead', expiresAt: far }));
    const lock = await FileLock.acquire(path, { waitMs: 0 });
    await lock.release();
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), token: 'live', expiresAt: far }));
    await expect(FileLock.acquire(path, { waitMs: 0 })).rejects.toMatchObject({ kind: 'transient' });
  });

  it('treats a corrupt lock file as stale', async () => {
    await writeFile(path, 'garbage');
    const lock = await FileLock.acquire(path, { waitMs: 0 });
    await lock.release();
  });

  it('a holder that overran its TTL does not remove its successor on release', async () => {
    const clock = new ManualClock(0);
    const old = await FileLock.acquire(path, { clock, ttlMs: 100 });
    await clock.advance(101);
    const successor = await FileLock.acquire(path, { clock, waitMs: 0 });
    await old.release();
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe(successor.token);
    await successor.release();
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new ManualClock(0);
    const first = await FileLock.acquire(path, { clock });
    const controller = new AbortController();
    const waiter = FileLock.acquire(path, { clock, signal: controller.signal }).catch((e: unknown) => e);
    for (let i = 0; i < 200 && clock.pending === 0; i++) await new Promise((r) => setImmediate(r));
    controller.abort(new Error('stop'));
    expect(await waiter).toMatchObject({ message: 'stop' });
    await first.release();
  });

  it('refuses nonsense options with a validation error', async () => {
    await expect(FileLock.acquire(path, { ttlMs: 0 })).rejects.toMatchObject({ kind: 'validation' });
    await expect(FileLock.acquire(path, { waitMs: -1 })).rejects.toMatchObject({ kind: 'validation' });
  });

  it('FileLock.with releases even when the work throws', async () => {
    await expect(
      FileLock.with(path, {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });
});
