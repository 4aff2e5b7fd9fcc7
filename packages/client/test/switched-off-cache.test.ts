import { ManualClock } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import type { Via } from '../src/index.js';
import {
  MemorySwitchedOffStore,
  SWITCHED_OFF_UNKNOWN,
  SwitchedOffCache,
  type SwitchedOffEntry,
  type SwitchedOffStore,
} from '../src/routing/switched-off.js';

/** A shared store as a fleet sees it (any object with the three methods, like the Redis one), counting its reads. */
class SharedStore implements SwitchedOffStore {
  reads = 0;
  readonly entries = new Map<string, SwitchedOffEntry>();
  constructor(private readonly clock: ManualClock) {}
  async get(account: string, via: Via) {
    this.reads++;
    const e = this.entries.get(`${account}:${via}`);
    return e && e.until > this.clock.now() ? e : undefined;
  }
  async set(account: string, via: Via, entry: SwitchedOffEntry) {
    this.entries.set(`${account}:${via}`, entry);
  }
  async delete(account: string, via: Via) {
    this.entries.delete(`${account}:${via}`);
  }
}

describe('SwitchedOffCache: the router’s per-process view of the switched-off memory', () => {
  it('reads a shared store at most once per cacheMs per account + transport', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new SharedStore(clock);
    const view = new SwitchedOffCache(store, clock, 1_000);
    expect(view.peek('1', 'rest')).toBe(SWITCHED_OFF_UNKNOWN);
    for (let i = 0; i < 50; i++) expect(await view.get('1', 'rest')).toBeUndefined();
    expect(store.reads).toBe(1);
    expect(view.peek('1', 'rest')).toBeUndefined(); // known absent, from memory
    await view.get('1', 'soap'); // another transport is its own read
    expect(store.reads).toBe(2);
    clock.advance(1_000);
    expect(view.peek('1', 'rest')).toBe(SWITCHED_OFF_UNKNOWN);
    await view.get('1', 'rest');
    expect(store.reads).toBe(3);
  });

  it('sees what another fleet member wrote or forgot at most cacheMs late', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new SharedStore(clock);
    const view = new SwitchedOffCache(store, clock, 1_000);
    expect(await view.get('1', 'frontend')).toBeUndefined();
    // another member remembers a refusal in the shared store
    const entry: SwitchedOffEntry = { kind: 'ip-not-allowed', until: clock.now() + 60_000 };
    await store.set('1', 'frontend', entry);
    clock.advance(999);
    expect(await view.get('1', 'frontend')).toBeUndefined(); // within the bound: the last read stands
    clock.advance(1);
    expect(await view.get('1', 'frontend')).toEqual(entry);
    // ... and forgets it
    await store.delete('1', 'frontend');
    clock.advance(500);
    expect(await view.get('1', 'frontend')).toEqual(entry);
    clock.advance(500);
    expect(await view.get('1', 'frontend')).toBeUndefined();
  });

  it('this process’s own remember and forget are visible at once, and each entry’s until is honoured', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new SharedStore(clock);
    const view = new SwitchedOffCache(store, clock, 1_000);
    expect(await view.get('1', 'soap')).toBeUndefined();
    const entry: SwitchedOffEntry = { kind: 'service-disabled', until: clock.now() + 300 };
    await view.set('1', 'soap', entry);
    expect(view.peek('1', 'soap')).toEqual(entry);
    expect(store.entries.get('1:soap')).toEqual(entry); // shared with the fleet too
    clock.advance(300); // its until passed, inside the cache bound: absent at once
    expect(view.peek('1', 'soap')).toBeUndefined();
    await view.set('1', 'soap', { ...entry, until: clock.now() + 60_000 });
    await view.delete('1', 'soap');
    expect(view.peek('1', 'soap')).toBeUndefined();
    expect(store.entries.has('1:soap')).toBe(false);
    expect(store.reads).toBe(1);
  });

  it('cacheMs 0 reads the shared store on every call; an in-process store is read directly, never stale', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new SharedStore(clock);
    const always = new SwitchedOffCache(store, clock, 0);
    for (let i = 0; i < 3; i++) await always.get('1', 'rest');
    expect(store.reads).toBe(3);
    const memory = new MemorySwitchedOffStore({ clock });
    const direct = new SwitchedOffCache(memory, clock, 1_000);
    expect(direct.peek('1', 'rest')).toBeUndefined();
    await memory.set('1', 'rest', { kind: 'contract-not-signed', until: clock.now() + 10 });
    expect(direct.peek('1', 'rest')).toMatchObject({ kind: 'contract-not-signed' });
  });

  it('keeps at most maxEntries reads (oldest dropped first)', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new SharedStore(clock);
    const view = new SwitchedOffCache(store, clock, 1_000, 2);
    await view.get('1', 'rest');
    await view.get('2', 'rest');
    await view.get('3', 'rest');
    expect(view.peek('1', 'rest')).toBe(SWITCHED_OFF_UNKNOWN);
    expect(view.peek('3', 'rest')).toBeUndefined();
  });
});
