import { type Clock, systemClock } from '../clock.js';
import { MailUpError } from '../errors/mailup-error.js';
import { tokenLockTimeout } from './lock-timeout.js';
import {
  assertTokenKey,
  assertTokenRecord,
  type CompareAndSetResult,
  type TokenRecord,
  type VersionedToken,
} from './token-record.js';
import {
  DEFAULT_TOKEN_LOCK_TTL_MS,
  DEFAULT_TOKEN_LOCK_WAIT_MS,
  type TokenLock,
  type TokenLockOptions,
  type TokenStore,
} from './token-store.js';

interface Lease {
  owner: symbol;
  expiresAt: number;
}

function copy(versioned: VersionedToken): VersionedToken {
  const record = { ...versioned.record };
  if (versioned.record.meta) record.meta = { ...versioned.record.meta };
  return { record, version: versioned.version };
}

/**
 * A TokenStore for one process. Lock leases and waits run on the injected clock.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore();
 * await store.compareAndSet('acct', 0, { accessToken: 'a', expiresAt: Date.now() + 3.6e6, obtainedAt: Date.now() });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  /** The stored records (tokens, keys) live in an ES private field: invisible to util.inspect and JSON.stringify. */
  readonly #records = new Map<string, VersionedToken>();
  private readonly leases = new Map<string, Lease>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly clock: Clock;
  private closed = false;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<VersionedToken | undefined> {
    this.assertOpen();
    assertTokenKey(key);
    const found = this.#records.get(key);
    return found && copy(found);
  }

  /** Synchronous read for hot paths (the token manager's cached-token check). */
  peek(key: string): VersionedToken | undefined {
    return this.#records.get(key);
  }

  async compareAndSet(key: string, expectedVersion: number, record: TokenRecord | null): Promise<CompareAndSetResult> {
    this.assertOpen();
    assertTokenKey(key, expectedVersion);
    if (record !== null) assertTokenRecord(record);
    const current = this.#records.get(key);
    if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current: current && copy(current) };
    if (record === null) {
      this.#records.delete(key);
      return { ok: true, version: 0 };
    }
    const next: VersionedToken = copy({ record, version: expectedVersion + 1 });
    this.#records.set(key, next);
    return { ok: true, version: next.version };
  }

  async lock(key: string, options: TokenLockOptions = {}): Promise<TokenLock> {
    this.assertOpen();
    assertTokenKey(key);
    const ttlMs = options.ttlMs ?? DEFAULT_TOKEN_LOCK_TTL_MS;
    const waitMs = options.waitMs ?? DEFAULT_TOKEN_LOCK_WAIT_MS;
    const deadline = this.clock.now() + waitMs;
    const owner = Symbol(key);
    for (;;) {
      options.signal?.throwIfAborted();
      const lease = this.leases.get(key);
      const now = this.clock.now();
      if (!lease || lease.expiresAt <= now) {
        this.leases.set(key, { owner, expiresAt: now + ttlMs });
        return { release: async () => this.release(key, owner) };
      }
      if (now >= deadline) throw tokenLockTimeout(key, waitMs);
      await this.waitForRelease(key, Math.min(lease.expiresAt, deadline) - now, options.signal);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.#records.clear();
    this.leases.clear();
    for (const set of this.waiters.values()) for (const wake of set) wake();
    this.waiters.clear();
  }

  private release(key: string, owner: symbol): void {
    if (this.leases.get(key)?.owner !== owner) return;
    this.leases.delete(key);
    const set = this.waiters.get(key);
    if (set) for (const wake of [...set]) wake();
  }

  private async waitForRelease(key: string, ms: number, signal?: AbortSignal): Promise<void> {
    const timer = new AbortController();
    const set = this.waiters.get(key) ?? new Set();
    this.waiters.set(key, set);
    let wake!: () => void;
    const released = new Promise<void>((resolve) => {
      wake = resolve;
    });
    set.add(wake);
    const onAbort = () => timer.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([released, this.clock.sleep(Math.max(1, ms), timer.signal).catch(() => undefined)]);
    } finally {
      timer.abort();
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(key);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new MailUpError({ kind: 'permanent', protocol: 'oauth', message: 'MemoryTokenStore is closed' });
    }
  }
}
