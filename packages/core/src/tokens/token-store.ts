import type { CompareAndSetResult, TokenRecord, VersionedToken } from './token-record.js';

/** Options of {@link TokenStore.lock}. */
export interface TokenLockOptions {
  /** Lease: the lock frees itself after this many ms if its holder dies (default 30 000). */
  ttlMs?: number;
  /** Give up (MailUpError kind `transient`) after waiting this long (default 30 000). */
  waitMs?: number;
  signal?: AbortSignal;
}

/** A held lock. Releasing is idempotent and never frees a lock someone else took after the lease ran out. */
export interface TokenLock {
  release(): Promise<void>;
}

/**
 * Where tokens live, shared by every caller that uses the same key: one process (memory), one machine (file) or
 * a fleet (Redis). Writes are versioned compare-and-set so that a stale writer can never overwrite a newer
 * rotation; `lock` serializes refreshes across processes.
 *
 * Implementations must pass `tokenStoreConformance` from `@mailup-kit/core/testing`.
 */
export interface TokenStore {
  /** The record under `key` with its version, or undefined. */
  get(key: string): Promise<VersionedToken | undefined>;
  /**
   * Writes `record` (or deletes when `record` is null) only if the stored version is still `expectedVersion`
   * (0 = the key must be absent).
   */
  compareAndSet(key: string, expectedVersion: number, record: TokenRecord | null): Promise<CompareAndSetResult>;
  /** Takes the cross-caller lock of `key`, waiting for it if needed. */
  lock(key: string, options?: TokenLockOptions): Promise<TokenLock>;
  /** Releases resources (connections, timers). The store is unusable afterwards. */
  close(): Promise<void>;
}

/** Default lease and wait of {@link TokenStore.lock}. */
export const DEFAULT_TOKEN_LOCK_TTL_MS = 30_000;
export const DEFAULT_TOKEN_LOCK_WAIT_MS = 30_000;
