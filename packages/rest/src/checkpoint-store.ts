import { randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type Clock, MailUpError, systemClock } from '@mailup-kit/core';
import { FileLock, isProcessAlive, writeFileAtomic } from '@mailup-kit/core/node';
import type { ImportCheckpoint, ImportCheckpointLease, ImportCheckpointStore } from './bulk-import.js';

const OP = 'rest.recipients.import';

const conflict = (message: string, details?: Record<string, unknown>) =>
  new MailUpError({ kind: 'conflict', protocol: 'rest', operation: OP, message, details });

/**
 * An in-memory {@link ImportCheckpointStore} with a lease: one import at a time may hold it, a second one that
 * tries to resume the same checkpoint is refused with a `conflict` before it sends anything. For tests and for
 * imports that only need to resume within one process.
 */
export class MemoryImportCheckpointStore implements ImportCheckpointStore {
  private current: ImportCheckpoint | undefined;
  private holder: symbol | undefined;

  /** The last checkpoint saved (a copy), or undefined. */
  async load(): Promise<ImportCheckpoint | undefined> {
    return this.current === undefined ? undefined : structuredClone(this.current);
  }

  /** Saves a checkpoint; refused with `conflict` while an import holds the lease. */
  async save(checkpoint: ImportCheckpoint): Promise<void> {
    if (this.holder !== undefined) throw conflict('the checkpoint is leased by an import in progress');
    this.current = structuredClone(checkpoint);
  }

  /** Takes the lease, or rejects with `conflict` if another import holds it. */
  async lease(): Promise<ImportCheckpointLease> {
    if (this.holder !== undefined) throw conflict('the checkpoint is leased by another import in progress');
    const me = Symbol('lease');
    this.holder = me;
    return {
      save: async (checkpoint) => {
        if (this.holder !== me) throw conflict('the checkpoint lease was lost');
        this.current = structuredClone(checkpoint);
      },
      release: async () => {
        if (this.holder === me) this.holder = undefined;
      },
    };
  }
}

/** Options of {@link FileImportCheckpointStore}. */
export interface FileImportCheckpointStoreOptions {
  /** The checkpoint file (JSON). Its lease lives beside it in `<path>.lease`, its short lock in `<path>.lock`. */
  path: string;
  /**
   * How long a lease stays valid without a save (every saved chunk renews it; default 600 000 ms = 10 minutes).
   * A lease whose holder process is dead (same host) is free at once; one held by a live process, or by a process
   * on another host sharing the file system, is free only once it expired.
   */
  leaseTtlMs?: number;
  /** How long a call waits for the short lock that serialises lease and save operations (default 10 000 ms). */
  lockWaitMs?: number;
  /** Time source for the lease's expiry (default the system clock). */
  clock?: Clock;
}

/** What `<path>.lease` holds. */
interface LeaseRecord {
  token: string;
  pid: number;
  host: string;
  expiresAt: number;
}

/**
 * A checkpoint store in a file, safe across processes: {@link FileImportCheckpointStore.lease} takes an exclusive
 * lease (`<path>.lease`: holder pid, host, token, expiry) so that a second process resuming the same checkpoint
 * gets a `conflict` instead of sending every record again, and the lease's `save` is a compare-and-set: it writes
 * only while the lease file still holds its own token (a holder whose lease expired and was taken over gets a
 * `conflict` on its next save). Lease and save steps run under a short cross-process {@link FileLock}; the
 * checkpoint is replaced atomically (write, fsync, rename), so a reader never sees a torn file.
 *
 * @example
 * ```ts
 * const checkpoint = new FileImportCheckpointStore({ path: '/var/lib/app/import-42.json' });
 * await rest.recipients.import(42, createReadStream('export.csv'), { checkpoint, fingerprint: 'export-2026-12-07' });
 * ```
 */
export class FileImportCheckpointStore implements ImportCheckpointStore {
  private readonly path: string;
  private readonly leasePath: string;
  private readonly lockPath: string;
  private readonly ttlMs: number;
  private readonly lockWaitMs: number;
  private readonly clock: Clock;

  constructor(options: FileImportCheckpointStoreOptions) {
    const ttl = options.leaseTtlMs ?? 600_000;
    const wait = options.lockWaitMs ?? 10_000;
    if (typeof options.path !== 'string' || options.path === '') {
      throw invalidOption('path must be a non-empty string');
    }
    if (!(Number.isFinite(ttl) && ttl > 0)) throw invalidOption('leaseTtlMs must be > 0');
    if (!(Number.isFinite(wait) && wait >= 0)) throw invalidOption('lockWaitMs must be >= 0');
    this.path = options.path;
    this.leasePath = `${options.path}.lease`;
    this.lockPath = `${options.path}.lock`;
    this.ttlMs = ttl;
    this.lockWaitMs = wait;
    this.clock = options.clock ?? systemClock;
  }

  /** The checkpoint in the file (parsed JSON, checked by the import before use), or undefined if there is none. */
  async load(): Promise<ImportCheckpoint | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(raw) as ImportCheckpoint;
    } catch {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'rest',
        operation: OP,
        message: `${OP}: the checkpoint file is not JSON`,
      });
    }
  }

  /** Saves a checkpoint outside any lease; refused with `conflict` while a live import holds the lease. */
  async save(checkpoint: ImportCheckpoint): Promise<void> {
    await this.locked(async () => {
      const lease = await this.readLease();
      if (lease !== undefined && this.live(lease)) throw this.busy(lease);
      await writeFileAtomic(this.path, JSON.stringify(checkpoint));
    });
  }

  /** Takes the lease, or rejects with `conflict` naming the holder's pid if a live import holds it. */
  async lease(): Promise<ImportCheckpointLease> {
    const token = randomBytes(12).toString('hex');
    await this.locked(async () => {
      const current = await this.readLease();
      if (current !== undefined && this.live(current)) throw this.busy(current);
      await this.writeLease(token);
    });
    let released = false;
    return {
      save: async (checkpoint) => {
        if (released) throw conflict('the checkpoint lease was released');
        await this.locked(async () => {
          const current = await this.readLease();
          if (current?.token !== token) throw conflict('the checkpoint lease was lost (it expired and was taken)');
          await writeFileAtomic(this.path, JSON.stringify(checkpoint));
          await this.writeLease(token);
        });
      },
      release: async () => {
        if (released) return;
        released = true;
        await this.locked(async () => {
          const current = await this.readLease();
          if (current?.token === token) await unlink(this.leasePath).catch(() => undefined);
        });
      },
    };
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return FileLock.with(this.lockPath, { waitMs: this.lockWaitMs, ttlMs: 30_000, protocol: 'rest' }, fn);
  }

  private writeLease(token: string): Promise<void> {
    const record: LeaseRecord = { token, pid: process.pid, host: hostname(), expiresAt: this.clock.now() + this.ttlMs };
    return writeFileAtomic(this.leasePath, JSON.stringify(record));
  }

  private async readLease(): Promise<LeaseRecord | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.leasePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const record = JSON.parse(raw) as LeaseRecord;
      return typeof record?.token === 'string' ? record : undefined;
    } catch {
      return undefined; // unreadable: treated as no lease (it is replaced atomically, so never torn)
    }
  }

  private live(lease: LeaseRecord): boolean {
    if (!(typeof lease.expiresAt === 'number' && lease.expiresAt > this.clock.now())) return false;
    return lease.host !== hostname() || isProcessAlive(lease.pid);
  }

  private busy(lease: LeaseRecord): MailUpError {
    return conflict(`the checkpoint is leased by another import in progress (pid ${Number(lease.pid)})`, {
      holderPid: Number(lease.pid),
    });
  }
}

function invalidOption(message: string): MailUpError {
  return new MailUpError({
    kind: 'validation',
    protocol: 'rest',
    operation: 'FileImportCheckpointStore',
    message: `FileImportCheckpointStore: ${message}`,
  });
}
