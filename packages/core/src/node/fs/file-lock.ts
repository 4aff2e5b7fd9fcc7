import { randomBytes } from 'node:crypto';
import { link, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type Clock, systemClock } from '../../clock.js';
import type { Protocol } from '../../errors/error-kind.js';
import { MailUpError } from '../../errors/mailup-error.js';
import { isProcessAlive } from './process-alive.js';

/** Options of {@link FileLock.acquire}. */
export interface FileLockOptions {
  /** How long the lock is valid if its holder never releases it (crash). Default 30 000 ms. */
  ttlMs?: number;
  /** How long to wait for a busy lock before failing. `0` tries once. Default 10 000 ms. */
  waitMs?: number;
  /** Aborts the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Time source for expiry and polling. Default {@link systemClock}. */
  clock?: Clock;
  /** Protocol named in the timeout error. Default `client`. */
  protocol?: Protocol;
  /** Random source for the polling jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** What a lock file holds. */
interface LockRecord {
  pid: number;
  host: string;
  token: string;
  expiresAt: number;
}

const BREAK_GUARD_STALE_MS = 10_000;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 200;

/**
 * A cross-process lock on one machine, held as a lock file created with an exclusive, atomic `link` (the file
 * always holds a complete record: pid, host, token, expiry). A lock whose expiry has passed, or whose holder
 * process is dead, is stale and is taken over. Waiters poll with exponential backoff and jitter through the
 * injected clock and fail with a typed {@link MailUpError} (kind `transient`) when `waitMs` runs out.
 *
 * @example
 * ```ts
 * const lock = await FileLock.acquire('/var/lib/app/tokens.json.lock', { ttlMs: 30_000, waitMs: 5_000 });
 * try { await refreshTokens() } finally { await lock.release() }
 * ```
 */
export class FileLock {
  private released = false;

  private constructor(
    /** Path of the lock file. */
    readonly path: string,
    /** Unique token of this holder. */
    readonly token: string,
    /** Epoch ms (by the acquiring clock) at which the lock becomes stale. */
    readonly expiresAt: number,
  ) {}

  /** Waits until the lock at `path` is free (or stale), takes it, and returns the held lock. */
  static async acquire(path: string, options: FileLockOptions = {}): Promise<FileLock> {
    const clock = options.clock ?? systemClock;
    const ttlMs = options.ttlMs ?? 30_000;
    const waitMs = options.waitMs ?? 10_000;
    const random = options.random ?? Math.random;
    if (!(ttlMs > 0) || !(waitMs >= 0)) {
      throw new MailUpError({
        kind: 'validation',
        protocol: options.protocol ?? 'client',
        operation: 'FileLock.acquire',
        message: `FileLock: ttlMs must be > 0 and waitMs >= 0 (got ttlMs=${ttlMs}, waitMs=${waitMs})`,
      });
    }
    const started = clock.now();
    for (let round = 0; ; round++) {
      options.signal?.throwIfAborted();
      const token = randomBytes(12).toString('hex');
      const expiresAt = clock.now() + ttlMs;
      if (await tryCreate(path, { pid: process.pid, host: hostname(), token, expiresAt })) {
        return new FileLock(path, token, expiresAt);
      }
      await breakIfStale(path, clock.now());
      const waited = clock.now() - started;
      if (waited >= waitMs) {
        if (await tryCreate(path, { pid: process.pid, host: hostname(), token, expiresAt: clock.now() + ttlMs })) {
          return new FileLock(path, token, clock.now() + ttlMs);
        }
        throw new MailUpError({
          kind: 'transient',
          protocol: options.protocol ?? 'client',
          operation: 'FileLock.acquire',
          message: `FileLock: timed out after ${waited} ms waiting for the lock ${path}`,
          details: { path, waitedMs: waited },
        });
      }
      const ceiling = Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** Math.min(round, 10));
      const delay = Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
      await clock.sleep(Math.min(delay, waitMs - waited), options.signal);
    }
  }

  /**
   * Runs `fn` while holding the lock at `path`, releasing it afterwards whatever happens.
   *
   * @example
   * ```ts
   * await FileLock.with('/tmp/app.lock', {}, async () => doExclusiveWork());
   * ```
   */
  static async with<T>(path: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
    const lock = await FileLock.acquire(path, options);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /** True until {@link FileLock.release} has been called. */
  get held(): boolean {
    return !this.released;
  }

  /** Removes the lock file if it is still ours (a holder that overran its TTL never removes a successor's lock). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readRecord(this.path);
    if (current?.record?.token === this.token) await unlink(this.path).catch(() => {});
  }
}

async function tryCreate(path: string, record: LockRecord): Promise<boolean> {
  const temp = `${path}.${record.token}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(record));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readRecord(path: string): Promise<{ raw: string; record: LockRecord | undefined } | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as LockRecord;
    return { raw, record: typeof parsed.token === 'string' ? parsed : undefined };
  } catch {
    return { raw, record: undefined };
  }
}

function isStale(record: LockRecord | undefined, now: number): boolean {
  if (!record) return true;
  if (!(record.expiresAt > now)) return true;
  return record.host === hostname() && !isProcessAlive(record.pid);
}

/**
 * Removes the lock at `path` if it is stale. Breakers serialise on a short-lived guard file and re-read the lock
 * under it, so two breakers never remove a lock that a third process has just taken.
 */
async function breakIfStale(path: string, now: number): Promise<void> {
  const seen = await readRecord(path);
  if (!seen || !isStale(seen.record, now)) return;
  const guard = `${path}.break`;
  if (!(await takeGuard(guard))) return;
  try {
    const again = await readRecord(path);
    if (again && again.raw === seen.raw) await unlink(path).catch(() => {});
  } finally {
    await unlink(guard).catch(() => {});
  }
}

async function takeGuard(guard: string): Promise<boolean> {
  try {
    const handle = await open(guard, 'wx', 0o600);
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A guard left by a crashed breaker is removed so that breaking can proceed on a later round.
  try {
    const [info, pid] = await Promise.all([stat(guard), readFile(guard, 'utf8')]);
    if (Date.now() - info.mtimeMs > BREAK_GUARD_STALE_MS || (pid !== '' && !isProcessAlive(Number(pid)))) {
      await unlink(guard).catch(() => {});
    }
  } catch {
    // Gone already.
  }
  return false;
}
