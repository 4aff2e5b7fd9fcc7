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
