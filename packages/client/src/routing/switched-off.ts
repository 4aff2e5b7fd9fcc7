import type { Clock } from '@mailup-kit/core';
import type { Via } from '../catalogue/binding.js';

/** Why a transport is remembered as switched off (the server's own refusal, before it acted). */
export type SwitchedOffKind = 'service-disabled' | 'ip-not-allowed' | 'contract-not-signed';

/** A remembered switch-off of one transport for one account. */
export interface SwitchedOffEntry {
  readonly kind: SwitchedOffKind;
  /** Epoch ms until which the transport is skipped. */
  readonly until: number;
  /** The operation whose answer said so (an operation id, e.g. `frontend:xmlSubscribe`). */
  readonly operation?: string;
}

/**
 * Where the facade remembers a `service-disabled` / `ip-not-allowed` / `contract-not-signed` answer per account and
 * transport, for a time to live. {@link MemorySwitchedOffStore} serves one process; a fleet shares one through
 * Redis (any object with these three methods).
 */
export interface SwitchedOffStore {
  /** The live entry of `account` + `via`, if any (an expired one reads as absent). */
  get(account: string, via: Via): Promise<SwitchedOffEntry | undefined>;
  /** Remembers `entry` (until `entry.until`). */
  set(account: string, via: Via, entry: SwitchedOffEntry): Promise<void>;
  /** Forgets `account` + `via` (a configuration change, an operator who switched the service back on). */
  delete(account: string, via: Via): Promise<void>;
  close?(): Promise<void>;
}

/** Options of {@link MemorySwitchedOffStore}. */
export interface MemorySwitchedOffStoreOptions {
  clock: Clock;
  /** Largest number of entries kept (oldest evicted first). Default 1 000. */
  maxEntries?: number;
}

/** A bounded in-process {@link SwitchedOffStore}: expired entries read as absent and are dropped when seen. */
export class MemorySwitchedOffStore implements SwitchedOffStore {
  private readonly entries = new Map<string, SwitchedOffEntry>();
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(options: MemorySwitchedOffStoreOptions) {
    this.clock = options.clock;
    this.maxEntries = options.maxEntries ?? 1_000;
  }

  /** Synchronous read (the facade's plan reads it without a promise per candidate). */
  peek(account: string, via: Via): SwitchedOffEntry | undefined {
    if (this.entries.size === 0) return undefined;
    const key = `${account}:${via}`;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(account: string, via: Via): Promise<SwitchedOffEntry | undefined> {
    return this.peek(account, via);
  }

  async set(account: string, via: Via, entry: SwitchedOffEntry): Promise<void> {
    const key = `${account}:${via}`;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async delete(account: string, via: Via): Promise<void> {
    this.entries.delete(`${account}:${via}`);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/** Default staleness bound of {@link SwitchedOffCache} for entries another fleet member wrote (1 s). */
export const DEFAULT_SWITCHED_OFF_CACHE_MS = 1_000;

/** What {@link SwitchedOffCache.peek} answers when it cannot answer from memory: read the store. */
export const SWITCHED_OFF_UNKNOWN: unique symbol = Symbol('switched-off: unknown');

interface CachedRead {
  readonly entry: SwitchedOffEntry | undefined;
  /** Epoch ms until which this read of the store is used without reading it again. */
  readonly freshUntil: number;
}

/**
 * The router's per-process view of a {@link SwitchedOffStore}, so that a call does not read a (possibly Redis)
 * store to learn that nothing is switched off:
 * - an in-process {@link MemorySwitchedOffStore} is read directly (synchronously, never stale);
 * - any other store is read at most once per `cacheMs` per account + transport: what another fleet member
 *   remembered (or forgot) is seen at most `cacheMs` late; each entry's own `until` is honoured at every read;
 * - what this process remembers or forgets goes to the store AND to this view at once (visible to the next call).
 * Bounded: `maxEntries` account + transport pairs (oldest read dropped first).
 */
export class SwitchedOffCache {
  private readonly reads = new Map<string, CachedRead>();
  private readonly direct: MemorySwitchedOffStore | undefined;

  constructor(
    readonly store: SwitchedOffStore,
    private readonly clock: Clock,
    /** Longest time a read of a shared store is reused (0: read the store on every call). */
    private readonly cacheMs: number = DEFAULT_SWITCHED_OFF_CACHE_MS,
    private readonly maxEntries = 1_000,
  ) {
    this.direct = store instanceof MemorySwitchedOffStore ? store : undefined;
  }

  /** The live entry from memory, or {@link SWITCHED_OFF_UNKNOWN} when the store must be read ({@link get}). */
  peek(account: string, via: Via): SwitchedOffEntry | undefined | typeof SWITCHED_OFF_UNKNOWN {
    if (this.direct) return this.direct.peek(account, via);
    const read = this.reads.get(`${account}:${via}`);
    if (read === undefined) return SWITCHED_OFF_UNKNOWN;
    const now = this.clock.now();
    if (read.freshUntil <= now) return SWITCHED_OFF_UNKNOWN;
    return read.entry !== undefined && read.entry.until > now ? read.entry : undefined;
  }

  /** The live entry: from memory when fresh enough, else read from the store (and kept for `cacheMs`). */
  async get(account: string, via: Via): Promise<SwitchedOffEntry | undefined> {
    const known = this.peek(account, via);
    if (known !== SWITCHED_OFF_UNKNOWN) return known;
    const entry = await this.store.get(account, via);
    if (this.cacheMs > 0) this.keep(`${account}:${via}`, entry);
    return entry !== undefined && entry.until > this.clock.now() ? entry : undefined;
  }

  /** Remembers `entry` in this view at once, then in the store. */
  async set(account: string, via: Via, entry: SwitchedOffEntry): Promise<void> {
    if (!this.direct) this.keep(`${account}:${via}`, entry);
    await this.store.set(account, via, entry);
  }

  /** Forgets `account` + `via` in this view at once, then in the store. */
  async delete(account: string, via: Via): Promise<void> {
    if (!this.direct) this.keep(`${account}:${via}`, undefined);
    await this.store.delete(account, via);
  }

  /** Drops every read kept (the store is its owner's to close). */
  clear(): void {
    this.reads.clear();
  }

  private keep(key: string, entry: SwitchedOffEntry | undefined): void {
    this.reads.delete(key);
    this.reads.set(key, { entry, freshUntil: this.clock.now() + this.cacheMs });
    if (this.reads.size > this.maxEntries) this.reads.delete(this.reads.keys().next().value as string);
  }
}
