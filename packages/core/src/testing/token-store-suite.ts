import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailUpError } from '../errors/mailup-error.js';
import type { TokenRecord } from '../tokens/token-record.js';
import type { TokenStore } from '../tokens/token-store.js';

/** A fresh, empty backing (a memory map, a file path, a Redis key prefix) that can open several stores on it. */
export interface TokenStoreBacking {
  /** Opens a store on this backing. Two stores opened on one backing see each other's writes when `shared`. */
  open(): Promise<TokenStore> | TokenStore;
  /** Removes the backing (files, keys). Stores opened on it are closed by the suite first. */
  dispose?(): Promise<void> | void;
}

/** What {@link describeTokenStoreConformance} needs. */
export interface TokenStoreSuiteOptions {
  /** Makes a fresh backing for one test. */
  backing(): Promise<TokenStoreBacking> | TokenStoreBacking;
  /** True when stores opened on the same backing share data and locks (file, Redis: separate processes). */
  shared: boolean;
}

function record(accessToken: string, extra: Partial<TokenRecord> = {}): TokenRecord {
  return {
    accessToken,
    refreshToken: `r-${accessToken}`,
    expiresAt: 2_000_000_000_000,
    obtainedAt: 1_999_999_000_000,
    ...extra,
  };
}

/**
 * The behaviour every TokenStore must have: versioned compare-and-set, deletes, isolation between keys, exactly
 * one winner among concurrent writers, mutual exclusion, lease expiry and owner-checked release of the lock.
 *
 * @example
 * ```ts
 * import { describeTokenStoreConformance } from '@mailup-kit/core/testing';
 * describeTokenStoreConformance('MemoryTokenStore', { shared: false, backing: () => ({ open: () => new MemoryTokenStore() }) });
 * ```
 */
export function describeTokenStoreConformance(name: string, options: TokenStoreSuiteOptions): void {
  describe(`TokenStore conformance: ${name}`, () => {
    let backing: TokenStoreBacking;
    let opened: TokenStore[] = [];
    const open = async () => {
      const store = await backing.open();
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      backing = await options.backing();
      opened = [];
    });
    afterEach(async () => {
      for (const store of opened) await store.close();
      await backing.dispose?.();
    });

    it('returns undefined for an absent key', async () => {
      const store = await open();
      expect(await store.get('absent')).toBeUndefined();
    });

    it('creates at version 1 from expected version 0 and round-trips every field', async () => {
      const store = await open();
      const value = record('a1', { meta: { user: 'm1234', clientId: 'c' } });
      expect(await store.compareAndSet('k', 0, value)).toEqual({ ok: true, version: 1 });
      expect(await store.get('k')).toEqual({ record: value, version: 1 });
      const noRefresh: TokenRecord = { accessToken: 'a2', expiresAt: 5, obtainedAt: 4 };
      expect(await store.compareAndSet('k', 1, noRefresh)).toEqual({ ok: true, version: 2 });
      expect(await store.get('k')).toEqual({ record: noRefresh, version: 2 });
    });

    it('refuses a stale version and reports what is stored', async () => {
      const store = await open();
      await store.compareAndSet('k', 0, record('a1'));
      await store.compareAndSet('k', 1, record('a2'));
      const stale = await store.compareAndSet('k', 1, record('stale'));
      expect(stale).toEqual({ ok: false, current: { record: record('a2'), version: 2 } });
      expect(await store.compareAndSet('k', 0, record('again'))).toMatchObject({ ok: false });
      expect((await store.get('k'))?.record.accessToken).toBe('a2');
    });

    it('refuses to create over an absent key with a non-zero version', async () => {
      const store = await open();
      expect(await store.compareAndSet('k', 3, record('x'))).toEqual({ ok: false, current: undefined });
      expect(await store.get('k')).toBeUndefined();
    });

    it('deletes with a null record, only at the right version', async () => {
      const store = await open();
      await store.compareAndSet('k', 0, record('a1'));
      expect(await store.compareAndSet('k', 5, null)).toMatchObject({ ok: false });
      expect(await store.compareAndSet('k', 1, null)).toMatchObject({ ok: true });
      expect(await store.get('k')).toBeUndefined();
      expect(await store.compareAndSet('k', 0, record('a3'))).toMatchObject({ ok: true });
    });

    it('rejects a malformed record, key or version as a validation MailUpError and writes nothing', async () => {
      const store = await open();
      const kindOf = (p: Promise<unknown>) =>
        p.then(
          () => 'resolved',
          (e: unknown) => (MailUpError.is(e) ? e.kind : String(e)),
        );
      expect(await kindOf(store.compareAndSet('k', 0, { accessToken: '', expiresAt: 1, obtainedAt: 1 }))).toBe(
        'validation',
      );
      expect(await kindOf(store.compareAndSet('', 0, record('a')))).toBe('validation');
      expect(await kindOf(store.compareAndSet('k', -1, record('a')))).toBe('validation');
      expect(await kindOf(store.compareAndSet('k', 1.5, record('a')))).toBe('validation');
      expect(await kindOf(store.get(''))).toBe('validation');
      expect(await kindOf(store.lock(''))).toBe('validation');
      await expect(store.compareAndSet('k', 0, { accessToken: '', expiresAt: 1, obtainedAt: 1 })).rejects.toThrow(
        /accessToken/,
      );
      await expect(
        store.compareAndSet('k', 0, { accessToken: 'a', expiresAt: Number.NaN, obtainedAt: 1 }),
      ).rejects.toThrow(/expiresAt/);
      expect(await store.get('k')).toBeUndefined();
    });

    it('keeps keys independent', async () => {
      const store = await open();
      await store.compareAndSet('a', 0, record('for-a'));
      await store.compareAndSet('b', 0, record('for-b'));
      expect((await store.get('a'))?.record.accessToken).toBe('for-a');
      expect((await store.get('b'))?.record.accessToken).toBe('for-b');
    });

    it('lets exactly one of many concurrent writers of the same version win', async () => {
      const stores = options.shared ? [await open(), await open()] : [await open()];
      await stores[0]!.compareAndSet('k', 0, record('base'));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.compareAndSet('k', 1, record(`w${i}`))),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const stored = await stores[0]!.get('k');
      expect(stored?.version).toBe(2);
      const winner = results.findIndex((r) => r.ok);
      expect(stored?.record.accessToken).toBe(`w${winner}`);
    });

    it('serializes lock holders: the second waits for the first to release', async () => {
      const stores = options.shared ? [await open(), await open()] : [await open(), undefined];
      const first = await stores[0]!.lock('k', { ttlMs: 10_000 });
      const order: string[] = [];
      const second = (stores[1] ?? stores[0]!).lock('k', { ttlMs: 10_000, waitMs: 10_000 }).then((lock) => {
        order.push('second acquired');
        return lock;
      });
      await new Promise((r) => setTimeout(r, 50));
      order.push('first releasing');
      await first.release();
      const lock = await second;
      expect(order).toEqual(['first releasing', 'second acquired']);
      await lock.release();
    });

    it('gives up with a transient MailUpError when the lock stays taken', async () => {
      const store = await open();
      const held = await store.lock('k', { ttlMs: 10_000 });
      const error = await store.lock('k', { waitMs: 100 }).catch((e: unknown) => e);
      expect(MailUpError.is(error, 'transient')).toBe(true);
      await held.release();
      const next = await store.lock('k', { waitMs: 1000 });
      await next.release();
    });

    it('frees a lock whose holder died once its lease runs out; the dead holder cannot release the new one', async () => {
      const store = await open();
      const dead = await store.lock('k', { ttlMs: 150 });
      const next = await store.lock('k', { ttlMs: 10_000, waitMs: 5_000 });
      await dead.release();
      const error = await store.lock('k', { waitMs: 100 }).catch((e: unknown) => e);
      expect(MailUpError.is(error, 'transient')).toBe(true);
      await next.release();
      await next.release();
    });

    it('locks different keys independently', async () => {
      const store = await open();
      const a = await store.lock('a');
      const b = await store.lock('b', { waitMs: 100 });
      await a.release();
      await b.release();
    });

    if (options.shared) {
      it('shares records between stores opened on the same backing', async () => {
        const one = await open();
        const two = await open();
        await one.compareAndSet('k', 0, record('from-one'));
        expect(await two.get('k')).toEqual({ record: record('from-one'), version: 1 });
        expect(await two.compareAndSet('k', 1, record('from-two'))).toEqual({ ok: true, version: 2 });
        expect((await one.get('k'))?.record.accessToken).toBe('from-two');
      });
    }
  });
}
