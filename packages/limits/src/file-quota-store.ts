import { readFile } from 'node:fs/promises';
import { type Clock, MailUpError, systemClock } from '@mailup-kit/core';
import { FileLock, writeFileAtomic } from '@mailup-kit/core/node';
import {
  emptyQuotaKeyState,
  isStateIdle,
  pauseInState,
  type QuotaKeyState,
  type QuotaReservationRequest,
  type QuotaReservationResult,
  type QuotaStore,
  type QuotaUsage,
  type QuotaWindow,
  refundInState,
  reserveInState,
  settleInState,
  usageOfState,
  validateQuotaRequest,
} from '@mailup-kit/core/quota';

/** Options of {@link FileQuotaStore}. */
export interface FileQuotaStoreOptions {
  /** The JSON file holding every key (created on first write, mode 0600). Its lock is `${path}.lock`. */
  path: string;
  /** Time source for quota windows (inject a `ManualClock` in tests). Default {@link systemClock}. */
  clock?: Clock;
  /** How long to wait for another process's lock before failing with `transient`. Default 5 000 ms. */
  lockWaitMs?: number;
}

interface FileContent {
  version: 1;
  keys: Record<string, QuotaKeyState>;
}

/** Keys idle for longer than this (no live entry, no pause) are dropped from the file. */
const RETENTION_MS = 26 * 3_600_000;

/**
 * A {@link QuotaStore} for one machine: every operation re-reads the file under a cross-process {@link FileLock},
 * applies the same sliding-log algorithm as the memory store, and replaces the file atomically. Survives
 * restarts (the 101st CreateNewsletter of the day is still refused) and is shared by every process on the host.
 *
 * @example
 * ```ts
 * const store = new FileQuotaStore({ path: '/var/lib/app/mailup-quota.json' });
 * const limiter = new Limiter({ store, account: 51234 });
 * ```
 */
export class FileQuotaStore implements QuotaStore {
  readonly path: string;
  private readonly clock: Clock;
  private readonly lockWaitMs: number;
  /** Serialises this instance's own operations so they do not contend for the lock file. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: FileQuotaStoreOptions) {
    if (typeof options?.path !== 'string' || options.path === '') {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'client',
        operation: 'FileQuotaStore',
        message: 'FileQuotaStore needs a file path',
      });
    }
    this.path = options.path;
    this.clock = options.clock ?? systemClock;
    this.lockWaitMs = options.lockWaitMs ?? 5000;
  }

  private exclusive<T>(fn: (content: FileContent) => T, write: boolean): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new MailUpError({
          kind: 'permanent',
          protocol: 'client',
          operation: 'quota',
          message: 'quota store is closed',
        }),
      );
    }
    const run = async () =>
      FileLock.with(`${this.path}.lock`, { waitMs: this.lockWaitMs, ttlMs: 10_000 }, async () => {
        const content = await this.read();
        const result = fn(content);
        if (write) {
          const now = this.clock.now();
          for (const [key, state] of Object.entries(content.keys)) {
            if (isStateIdle(state, now, RETENTION_MS)) delete content.keys[key];
          }
          await writeFileAtomic(this.path, JSON.stringify(content), { mode: 0o600 });
        }
        return result;
      });
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => {});
    return next;
  }

  private async read(): Promise<FileContent> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(raw) as FileContent;
      if (parsed?.version === 1 && parsed.keys && typeof parsed.keys === 'object') return parsed;
    } catch {
      // fall through
    }
    throw new MailUpError({
      kind: 'permanent',
      protocol: 'client',
      operation: 'FileQuotaStore.read',
      message: `quota file ${this.path} is not a mailup-kit quota file; refusing to overwrite it`,
    });
  }

  private static state(content: FileContent, key: string): QuotaKeyState {
    content.keys[key] ??= emptyQuotaKeyState();
    return content.keys[key] as QuotaKeyState;
  }

  async reserve(request: QuotaReservationRequest): Promise<QuotaReservationResult> {
    validateQuotaRequest(request);
    return this.exclusive(
      (content) => reserveInState(FileQuotaStore.state(content, request.key), request, this.clock.now()),
      true,
    );
  }

  async refund(request: QuotaReservationRequest): Promise<void> {
    await this.exclusive((content) => refundInState(FileQuotaStore.state(content, request.key), request), true);
  }

  async settle(request: QuotaReservationRequest): Promise<void> {
    await this.exclusive(
      (content) => settleInState(FileQuotaStore.state(content, request.key), request, this.clock.now()),
      true,
    );
  }

  pause(key: string, ms: number): Promise<number> {
    return this.exclusive((content) => pauseInState(FileQuotaStore.state(content, key), ms, this.clock.now()), true);
  }

  inspect(key: string, windows: readonly QuotaWindow[]): Promise<QuotaUsage> {
    return this.exclusive(
      (content) => usageOfState(key, content.keys[key] ?? emptyQuotaKeyState(), windows, this.clock.now()),
      false,
    );
  }

  keys(prefix: string): Promise<string[]> {
    return this.exclusive(
      (content) =>
        Object.keys(content.keys)
          .filter((k) => k.startsWith(prefix))
          .sort(),
      false,
    );
  }

  async close(): Promise<void> {
    await this.tail;
    this.closed = true;
  }
}
