import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, ManualClock } from '../clock.js';
import { MailUpError } from '../errors/mailup-error.js';
import { MAX_QUOTA_PAUSE_MS } from '../quota/quota-log.js';
import type { QuotaStore } from '../quota/quota-store.js';
import type { QuotaReservationRequest, QuotaWindow } from '../quota/quota-window.js';

/** How the conformance suite reaches the store under test. */
export interface QuotaStoreSuiteOptions {
  /**
   * Opens a store over the current test's backing, using `clock` for all quota time. Called more than once in a
   * test when `shared` is true: each call must behave like another process on the same backing.
   */
  open(clock: Clock): Promise<QuotaStore>;
  /** Gives each test a fresh backing (a new file, a flushed database). */
  reset?(): Promise<void>;
  /** True when two `open`s share one backing (file, Redis): enables the cross-handle and restart tests. */
  shared?: boolean;
  /** Makes the backing unreachable and back (the Redis outage test); the store must fail closed meanwhile. */
  outage?: { begin(): Promise<void>; end(): Promise<void> };
}

const T0 = Date.UTC(2026, 2, 28, 10, 0, 0);
const perSecond = (limit: number): QuotaWindow => ({ type: 'sliding', id: '1s', limit, periodMs: 1000 });

/**
 * The conformance suite every {@link QuotaStore} must pass: atomic all-or-none reservations under concurrency,
 * sliding window boundaries without bursts, fixed (calendar) window rollover with an injected clock, refunds,
 * shared pauses, introspection, validation, restart (stores that persist) and outage (stores on a network).
 *
 * @example
 * ```ts
 * import { describeQuotaStoreConformance } from '@mailup-kit/core/testing';
 * describeQuotaStoreConformance('memory', { open: async (clock) => new MemoryQuotaStore({ clock }) });
 * ```
 */
export function describeQuotaStoreConformance(name: string, options: QuotaStoreSuiteOptions): void {
  describe(`QuotaStore conformance: ${name}`, () => {
    let clock: ManualClock;
    let opened: QuotaStore[];
    let key: string;
    const open = async () => {
      const store = await options.open(clock);
      opened.push(store);
      return store;
    };
    const request = (windows: QuotaWindow[], cost = 1, id: string = randomUUID()): QuotaReservationRequest => ({
      key,
      windows,
      cost,
      id,
    });

    beforeEach(async () => {
      await options.reset?.();
      clock = new ManualClock(T0);
      opened = [];
      key = `acct${randomUUID().slice(0, 8)}:rest:GET Console/User/Lists`;
    });
    afterEach(async () => {
      for (const store of opened) await store.close().catch(() => {});
    });

    it('never lets many parallel reservations exceed a limit', async () => {
      const stores = options.shared ? [await open(), await open()] : [await open()];
      const windows = [perSecond(7)];
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (stores[i % stores.length] as QuotaStore).reserve(request(windows))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(7);
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(53);
      for (const r of refused) if (!r.ok) expect(r.retryAt).toBe(T0 + 1000);
    });

    it('records in all windows or in none (a refused call consumes nothing)', async () => {
      const store = await open();
      const windows: QuotaWindow[] = [perSecond(5), { type: 'sliding', id: '30s', limit: 2, periodMs: 30_000 }];
      expect((await store.reserve(request(windows))).ok).toBe(true);
      expect((await store.reserve(request(windows))).ok).toBe(true);
      const third = await store.reserve(request(windows));
      expect(third).toMatchObject({ ok: false, blockedBy: '30s', retryAt: T0 + 30_000 });
      const usage = await store.inspect(key, windows);
      expect(usage.windows.map((w) => [w.id, w.used])).toEqual([
        ['1s', 2],
        ['30s', 2],
      ]);
    });

    it('slides: no burst across a window boundary, frees exactly one period after each call', async () => {
      const store = await open();
      const windows = [perSecond(5)];
      await clock.advance(900);
      for (let i = 0; i < 5; i++) expect((await store.reserve(request(windows))).ok).toBe(true);
      await clock.advance(200); // T0+1100: a fixed 1 s window would have reset at T0+1000
      const refused = await store.reserve(request(windows));
      expect(refused).toMatchObject({ ok: false, retryAt: T0 + 1900, blockedBy: '1s' });
      await clock.set(T0 + 1899);
      expect((await store.reserve(request(windows))).ok).toBe(false);
      await clock.set(T0 + 1900);
      expect((await store.reserve(request(windows))).ok).toBe(true);
    });

    it('weighs reservations by cost and says when a cost can never fit', async () => {
      const store = await open();
      const windows: QuotaWindow[] = [{ type: 'sliding', id: '1h', limit: 10, periodMs: 3_600_000 }];
      expect((await store.reserve(request(windows, 6))).ok).toBe(true);
      expect(await store.reserve(request(windows, 5))).toMatchObject({ ok: false, retryAt: T0 + 3_600_000 });
      expect((await store.reserve(request(windows, 4))).ok).toBe(true);
      expect(await store.reserve(request(windows, 11))).toMatchObject({ ok: false, retryAt: Number.POSITIVE_INFINITY });
    });

    it('rolls a fixed (calendar) window over at its end', async () => {
      const store = await open();
      const end = T0 + 3_600_000;
      const today: QuotaWindow = { type: 'fixed', id: 'day', limit: 3, start: T0 - 36_000_000, end };
      for (let i = 0; i < 3; i++) expect((await store.reserve(request([today]))).ok).toBe(true);
      expect(await store.reserve(request([today]))).toMatchObject({ ok: false, retryAt: end, blockedBy: 'day' });
      await clock.set(end);
      const tomorrow: QuotaWindow = { type: 'fixed', id: 'day', limit: 3, start: end, end: end + 86_400_000 };
      expect((await store.reserve(request([tomorrow]))).ok).toBe(true);
      expect((await store.inspect(key, [tomorrow])).windows[0]).toMatchObject({ used: 1, remaining: 2 });
    });

    it('refunds a reservation from every window', async () => {
      const store = await open();
      const windows: QuotaWindow[] = [perSecond(1), { type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 }];
      const first = request(windows);
      expect((await store.reserve(first)).ok).toBe(true);
      expect((await store.reserve(request(windows))).ok).toBe(false);
      await store.refund(first);
      expect((await store.inspect(key, windows)).windows.map((w) => w.used)).toEqual([0, 0]);
      expect((await store.reserve(request(windows))).ok).toBe(true);
    });

    it('settles a reservation at the time its answer arrived, never earlier', async () => {
      const store = await open();
      const windows = [perSecond(1)];
      const first = request(windows);
      expect((await store.reserve(first)).ok).toBe(true);
      await clock.advance(300);
      await store.settle(first);
      expect(await store.reserve(request(windows))).toMatchObject({ ok: false, retryAt: T0 + 1300 });
      await clock.set(T0 + 100);
      await store.settle(first); // clock moved back: never earlier
      expect((await store.inspect(key, windows)).nextAllowedAt).toBe(T0 + 1300);
      await store.settle(request(windows)); // unknown reservation: nothing happens
      await clock.set(T0 + 1300);
      expect((await store.reserve(request(windows))).ok).toBe(true);
    });

    it('pauses a key for every user of the backing, never shortening a pause', async () => {
      const store = await open();
      const other = options.shared ? await open() : store;
      const windows = [perSecond(5)];
      expect(await store.pause(key, 2000)).toBe(T0 + 2000);
      expect(await other.pause(key, 500)).toBe(T0 + 2000);
      expect(await other.reserve(request(windows))).toMatchObject({
        ok: false,
        blockedBy: 'pause',
        retryAt: T0 + 2000,
      });
      const usage = await other.inspect(key, windows);
      expect(usage).toMatchObject({ pausedUntil: T0 + 2000, remaining: 0, nextAllowedAt: T0 + 2000 });
      await clock.advance(2000);
      expect((await other.reserve(request(windows))).ok).toBe(true);
    });

    it('never persists an absurd pause: caps it at MAX_QUOTA_PAUSE_MS, treats a negative or NaN one as none', async () => {
      const store = await open();
      const other = options.shared ? await open() : store;
      const windows = [perSecond(5)];
      expect(await store.pause(key, 999_999_999_000)).toBe(T0 + MAX_QUOTA_PAUSE_MS);
      expect((await other.inspect(key, windows)).pausedUntil).toBe(T0 + MAX_QUOTA_PAUSE_MS);
      const calm = `${key}#calm`;
      expect(await store.pause(calm, -5000)).toBeLessThanOrEqual(T0);
      expect(await store.pause(calm, Number.NaN)).toBeLessThanOrEqual(T0);
      expect(await store.pause(calm, Number.POSITIVE_INFINITY)).toBe(T0 + MAX_QUOTA_PAUSE_MS);
      await clock.advance(MAX_QUOTA_PAUSE_MS);
      expect((await other.reserve(request(windows))).ok).toBe(true);
    });

    it('a clock that jumps forward then back never frees a spent sliding day', async () => {
      const store = await open();
      const day: QuotaWindow[] = [{ type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 }];
      for (let i = 0; i < 100; i++) {
        await clock.advance(60_000);
        expect((await store.reserve(request(day))).ok).toBe(true);
      }
      const spentAt = clock.now();
      await clock.advance(30 * 3_600_000); // the clock jumps 30 h ahead: the day looks over, one call goes out
      expect((await store.reserve(request(day))).ok).toBe(true);
      await clock.set(spentAt + 60_000); // and back: still the same real day
      const other = options.shared ? await open() : store;
      const refused = await other.reserve(request(day));
      // 101 calls in the log: the day frees one unit when the second call of the day leaves the window.
      expect(refused).toMatchObject({ ok: false, blockedBy: '24h', retryAt: T0 + 120_000 + 86_400_000 });
      expect(await other.inspect(key, day)).toMatchObject({ remaining: 0 });
      let granted = 0;
      for (let i = 0; i < 99; i++) if ((await other.reserve(request(day))).ok) granted++;
      expect(granted).toBe(0);
    });

    it('a clock that jumps forward then back never frees a spent calendar day', async () => {
      const store = await open();
      const start = T0 - 36_000_000;
      const today: QuotaWindow = { type: 'fixed', id: 'day', limit: 100, start, end: start + 86_400_000 };
      for (let i = 0; i < 100; i++) expect((await store.reserve(request([today]))).ok).toBe(true);
      await clock.advance(30 * 3_600_000);
      const tomorrow: QuotaWindow = { ...today, start: today.end, end: today.end + 86_400_000 };
      expect((await store.reserve(request([tomorrow]))).ok).toBe(true);
      await clock.set(T0 + 60_000);
      expect(await store.reserve(request([today]))).toMatchObject({ ok: false, blockedBy: 'day', retryAt: today.end });
    });

    it('reports remaining budget and the next allowed time', async () => {
      const store = await open();
      const windows: QuotaWindow[] = [perSecond(2), { type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 }];
      expect(await store.inspect(key, windows)).toMatchObject({ remaining: 2, nextAllowedAt: T0 });
      await store.reserve(request(windows));
      await clock.advance(100);
      await store.reserve(request(windows));
      const usage = await store.inspect(key, windows);
      expect(usage).toMatchObject({ key, now: T0 + 100, remaining: 0, nextAllowedAt: T0 + 1000 });
      expect(usage.windows[1]).toMatchObject({ id: '24h', used: 2, remaining: 98, nextAllowedAt: T0 + 100 });
    });

    it('rejects malformed requests with a validation error and records nothing', async () => {
      const store = await open();
      const bad: QuotaReservationRequest[] = [
        request([perSecond(5)], 0),
        request([perSecond(5)], 1.5),
        request([perSecond(0)]),
        request([{ type: 'sliding', id: 'x', limit: 1, periodMs: -1 }]),
        request([perSecond(5), perSecond(6)]),
        { ...request([perSecond(5)]), key: '' },
      ];
      for (const r of bad) {
        const error = await store.reserve(r).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(MailUpError.is(error, 'validation'), `expected a validation error for ${JSON.stringify(r)}`).toBe(true);
      }
      expect((await store.inspect(key, [perSecond(5)])).windows[0]?.used).toBe(0);
    });

    if (options.shared) {
      it('survives a restart: the 101st CreateNewsletter of the day is refused', async () => {
        const dayKey = key.replace(':rest:GET Console/User/Lists', ':soap:CreateNewsletter');
        const windows: QuotaWindow[] = [{ type: 'sliding', id: '24h', limit: 100, periodMs: 86_400_000 }];
        const first = await open();
        for (let i = 0; i < 100; i++) {
          await clock.advance(60_000);
          expect((await first.reserve({ key: dayKey, windows, cost: 1, id: randomUUID() })).ok).toBe(true);
        }
        await first.close();
        const second = await open();
        const refused = await second.reserve({ key: dayKey, windows, cost: 1, id: randomUUID() });
        expect(refused).toMatchObject({ ok: false, blockedBy: '24h', retryAt: T0 + 60_000 + 86_400_000 });
      });
    }

    if (options.outage) {
      const outage = options.outage;
      it('fails closed with a typed transient error while the backing is unreachable, and recovers', async () => {
        const store = await open();
        const windows = [perSecond(5)];
        expect((await store.reserve(request(windows))).ok).toBe(true);
        await outage.begin();
        try {
          const error = await store.reserve(request(windows)).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(MailUpError.is(error, 'transient')).toBe(true);
          expect((error as MailUpError).retryable).toBe(true);
        } finally {
          await outage.end();
        }
        let recovered = false;
        for (let i = 0; i < 50 && !recovered; i++) {
          recovered = await store.reserve(request(windows)).then(
            (r) => r.ok,
            () => false,
          );
          if (!recovered) await new Promise((r) => setTimeout(r, 100));
        }
        expect(recovered).toBe(true);
      });
    }
  });
}
