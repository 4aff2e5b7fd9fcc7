import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '../clock.js';
import {
  assertTokenKey,
  assertTokenRecord,
  type CompareAndSetResult,
  DEFAULT_TOKEN_LOCK_TTL_MS,
  DEFAULT_TOKEN_LOCK_WAIT_MS,
  type TokenLock,
  type TokenLockOptions,
  type TokenRecord,
  type TokenStore,
  type VersionedToken,
} from '../credentials/index.js';
import { MailUpError } from '../errors/mailup-error.js';
import { FileLock } from './fs/file-lock.js';
import { removeStaleTempFiles, writeFileAtomic } from './fs/write-file-atomic.js';

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** The JSON file (created with mode 0600; its folder with 0700). */
  path: string;
  clock?: Clock;
}

interface FileContent {
  format: 1;
  entries: Record<string, VersionedToken>;
}

/**
 * A TokenStore in one JSON file for the processes of one machine (the CLI keeps `~/.mailup/tokens.json`): mode
 * 0600, replaced atomically (never a torn file), versioned compare-and-set made atomic across processes by a
 * short file lock, and the refresh lock as a separate lock file per key (core's {@link FileLock}).
 *
 * @example
 * ```ts
 * const store = new FileTokenStore({ path: join(homedir(), '.mailup', 'tokens.json') });
 * ```
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;
  private readonly clock: Clock;
  private closed = false;
  private swept: Promise<unknown> | undefined;

  constructor(options: FileTokenStoreOptions) {
    if (typeof options.path !== 'string' || options.path === '') {
      throw new MailUpError({ kind: 'validation', protocol: 'oauth', message: 'FileTokenStore: path is required' });
    }
    this.path = options.path;
    this.clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<VersionedToken | undefined> {
    this.assertOpen();
    assertTokenKey(key);
    await this.sweep();
    return (await this.read()).entries[key];
  }

  async compareAndSet(key: string, expectedVersion: number, record: TokenRecord | null): Promise<CompareAndSetResult> {
    this.assertOpen();
    assertTokenKey(key, expectedVersion);
    if (record !== null) assertTokenRecord(record);
    await this.ensureFolder();
    await removeStaleTempFiles(this.path); // on every write: a writer may have crashed since the last one
    return FileLock.with(
      `${this.path}.lock`,
      { ttlMs: 10_000, waitMs: 10_000, clock: this.clock, protocol: 'oauth' },
      async () => {
        const content = await this.read();
        const current = content.entries[key];
        if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
        if (record === null) delete content.entries[key];
        else content.entries[key] = { record, version: expectedVersion + 1 };
        await writeFileAtomic(this.path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
        return { ok: true, version: record === null ? 0 : expectedVersion + 1 };
      },
    );
  }

  async lock(key: string, options: TokenLockOptions = {}): Promise<TokenLock> {
    this.assertOpen();
    assertTokenKey(key);
    await this.ensureFolder();
    const name = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const waitMs = options.waitMs ?? DEFAULT_TOKEN_LOCK_WAIT_MS;
    try {
      const lock = await FileLock.acquire(`${this.path}.${name}.refresh.lock`, {
        ttlMs: options.ttlMs ?? DEFAULT_TOKEN_LOCK_TTL_MS,
        waitMs,
        signal: options.signal,
        clock: this.clock,
        protocol: 'oauth',
      });
      return { release: () => lock.release() };
    } catch (error) {
      if (MailUpError.is(error, 'transient')) {
        throw new MailUpError({
          kind: 'transient',
          protocol: 'oauth',
          operation: 'TokenStore.lock',
          message: `timed out after ${waitMs} ms waiting for the token lock of "${key}"`,
          cause: error,
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async read(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, entries: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as FileContent;
      if (parsed?.format !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null)
        throw new Error('shape');
      return parsed;
    } catch {
      throw new MailUpError({
        kind: 'permanent',
        protocol: 'oauth',
        operation: 'FileTokenStore.read',
        message: `token file ${this.path} is not a mailup-kit token file; move it away or log in again`,
      });
    }
  }

  /** Once per store (on open): removes temp files a crashed writer of this file left behind (they hold tokens). */
  private sweep(): Promise<unknown> {
    this.swept ??= removeStaleTempFiles(this.path);
    return this.swept;
  }

  private async ensureFolder(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new MailUpError({ kind: 'permanent', protocol: 'oauth', message: 'FileTokenStore is closed' });
    }
  }
}
