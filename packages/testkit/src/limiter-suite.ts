import { type Clock, type Logger, MailUpError, ManualClock } from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import type { QuotaStore } from '@mailup-kit/core/quota';
import { type LimitedCall, Limiter } from '@mailup-kit/limits';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** How the Limiter conformance suite reaches the quota store under test. */
export interface LimiterSuiteOptions {
  /**
   * Opens a store over the current test's backing, using `clock` for all quota time. With `shared`, every call
   * must behave like another process on the same backing (the suite opens one per limiter).
   */
  open(clock: Clock): Promise<QuotaStore>;
  /** Gives each test a fresh backing (a new file, a new key prefix). */
  reset?(): Promise<void>;
  /** True when two `open`s share one backing (file, Redis); false: every limiter shares one store instance. */
  shared?: boolean;
  /** Makes the backing unreachable and back: the Limiter must fail closed meanwhile (nothing sent). */
  outage?: { begin(): Promise<void>; end(): Promise<void> };
}

const T0 = Date.UTC(2026, 2, 28, 10, 0, 0);
const ACCOUNT = 51234;
const lists: LimitedCall = { protocol: 'rest', operation: 'GET Console/User/Lists' };
const create: LimitedCall = { protocol: 'soap', operation: 'CreateNewsletter' };

/** A logger that keeps every warn line. */
function recordingLogger(): Logger & { warnings: { fields: Record<string, unknown>; message: string }[] } {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const noop = () => {};
  return {
    warnings,
    debug: noop,
    info: noop,
    error: noop,
    warn: (fields: unknown, message?: unknown) => {
      warnings.push({ fields: fields as Record<string, unknown>, message: String(message) });
    },
  };
}

/**
 * What every quota store must give the {@link Limiter} (one suite for memory, file and Redis, like
 * `describeQuotaStoreConformance` one level down): a calendar day that rolls over at local midnight, a server's
 * pause shared by every limiter on the store, clamped first, inspection of what other limiters used, and failing
 * closed during an outage.
 */
export function describeLimiterConformance(name: string, options: LimiterSuiteOptions): void {
  describe(`Limiter conformance: ${name} store`, () => {
    let opened: Array<{ close(): Promise<void> | void }>;
    /** One store per limiter on a shared backing (as another process would); else one instance for all. */
    let stores: QuotaStore[];
    const storeFor = async (clock: Clock, index: number): Promise<QuotaStore> => {
      const existing = options.shared ? stores[index] : stores.find(Boolean);
      if (existing) return existing;
      const store = await options.open(clock);
      stores[index] = store;
      return store;
    };
    const limiter = async (clock: Clock, index: number, extra: Partial<ConstructorParameters<typeof Limiter>[0]>) => {
      const created = new Limiter({ clock, account: ACCOUNT, ...extra, store: await storeFor(clock, index) });
      opened.unshift(created);
      return created;
    };

    beforeEach(async () => {
      await options.reset?.();
      opened = [];
      stores = [];
    });
    afterEach(async () => {
      for (const item of opened) await item.close();
      for (const store of new Set(stores.filter(Boolean))) await store.close();
    });

    it('rolls a Europe/Rome calendar day over at local midnight (injected clock)', async () => {
      const clock = new ManualClock(Date.UTC(2026, 9, 24, 21, 30)); // 23:30 in Rome, the night before DST ends
      const calendar = await limiter(clock, 0, { policy: { daily: { calendar: {} } } });
      for (let i = 0; i < 100; i++) await calendar.acquire(create);
      const refused = await calendar.acquire(create).catch((e: unknown) => e);
      expect(MailUpError.is(refused, 'quota-exhausted')).toBe(true);
      expect((refused as MailUpError).availableAt).toBe(Date.UTC(2026, 9, 24, 22));
      await clock.set(Date.UTC(2026, 9, 24, 22));
      await expect(calendar.acquire(create)).resolves.toMatchObject({ key: `${ACCOUNT}:soap:CreateNewsletter` });
      expect((await calendar.inspectCall(create))?.windows[0]).toMatchObject({ id: 'day', used: 1, remaining: 99 });
      // The new day is the 25-hour one (DST ends at 03:00 local): it ends at the next local midnight, 23:00 UTC.
      const [today] = calendar.policy.windowsOf(calendar.policy.row('soap', 'CreateNewsletter')!, clock.now());
      expect(today).toEqual({
        type: 'fixed',
        id: 'day',
        limit: 100,
        start: Date.UTC(2026, 9, 24, 22),
        end: Date.UTC(2026, 9, 25, 23),
      });
    });

    it('pauses a key for every limiter of the store on a throttled answer, for the wait the server named', async () => {
      const clock = new ManualClock(T0);
      const own = await limiter(clock, 0, {});
      const peer = await limiter(clock, 1, {});
      const throttled = new MailUpError({ kind: 'throttled', protocol: 'rest', message: '429', retryAfterMs: 291 });
      await expect(own.run(lists, async () => Promise.reject(throttled))).rejects.toBe(throttled);
      expect((await peer.inspectCall(lists))?.pausedUntil).toBe(T0 + 291);
      let done = false;
      const waiting = peer.acquire(lists).then(() => {
        done = true;
      });
      await expect.poll(() => clock.pending).toBeGreaterThan(0); // parked on the pause (stores answer async)
      await clock.advance(290);
      expect(done).toBe(false);
      await clock.advance(1);
      await waiting;
      expect(done).toBe(true);
      expect(await own.feedback(lists, new Error('other'))).toBe(false);
    });

    it('caps an absurd Retry-After at maxServerPauseMs before the store sees it, shared, warned once per key', async () => {
      const clock = new ManualClock(T0);
      const logger = recordingLogger();
      const own = await limiter(clock, 0, { logger });
      const peer = await limiter(clock, 1, {});
      const absurd = () =>
        restError(429, '', { operation: 'GET Console/User/Lists', headers: { 'retry-after': '999999999' } });
      expect(absurd().retryAfterMs).toBe(999_999_999_000);
      await expect(own.run(lists, async () => Promise.reject(absurd()))).rejects.toMatchObject({ kind: 'throttled' });
      await expect(own.run(lists, async () => 'sent')).rejects.toMatchObject({ kind: 'quota-exhausted' });
      expect((await peer.inspectCall(lists))?.pausedUntil).toBe(T0 + 300_000);
      expect(await own.feedback(lists, absurd())).toBe(true); // a second 429 for the key: no second warning
      await clock.advance(300_000);
      await expect(own.run(lists, async () => Promise.reject(absurd()))).rejects.toMatchObject({ kind: 'throttled' });
      expect((await peer.inspectCall(lists))?.pausedUntil).toBe(T0 + 600_000);
      const clamps = logger.warnings.filter((w) => /clamped/.test(w.message));
      expect(clamps).toHaveLength(1);
      expect(clamps[0]?.fields).toMatchObject({
        key: `${ACCOUNT}:rest:GET Console/User/Lists`,
        hintMs: 999_999_999_000,
        pauseMs: 300_000,
      });
      // A negative hint pauses nothing; a configured ceiling is honoured.
      const strict = await limiter(clock, 0, { account: 9, maxServerPauseMs: 2000, logger });
      const negative = new MailUpError({ kind: 'throttled', protocol: 'rest', message: '429', retryAfterMs: -5000 });
      await strict.feedback(create, negative);
      expect((await strict.inspectCall(create))?.pausedUntil).toBeUndefined();
      await strict.feedback(create, absurd());
      expect((await strict.inspectCall(create))?.pausedUntil).toBe(clock.now() + 2000);
    });

    it('lists the operations other limiters used through the store, variants included', async () => {
      const clock = new ManualClock(T0);
      const worker = await limiter(clock, 1, { account: 7 });
      await worker.acquire({ protocol: 'soap', operation: 'SendSingleNewsletter', input: { type: 'ID' } });
      await worker.acquire({ protocol: 'rest', operation: 'GET Console/List/{id}/Recipients' });
      const own = await limiter(clock, 0, { account: 7 });
      const byOp = new Map((await own.inspect()).map((r) => [r.operation, r]));
      expect(byOp.get('SendSingleNewsletter#ID')).toMatchObject({ remaining: 4999 });
      expect(byOp.get('GET Console/List/{id}/Recipients')).toMatchObject({ remaining: 4, protocol: 'rest' });
    });

    const outage = options.outage;
    if (outage) {
      it('fails closed while the store is unreachable (transient, nothing sent)', async () => {
        const own = await limiter(new ManualClock(T0), 0, {});
        await own.acquire(lists);
        await outage.begin();
        let sent = false;
        try {
          const error = await own
            .run(lists, async () => {
              sent = true;
            })
            .catch((e: unknown) => e);
          expect(MailUpError.is(error, 'transient')).toBe(true);
          expect(String((error as Error).message)).toMatch(/failing closed/);
          expect(sent).toBe(false);
        } finally {
          await outage.end();
        }
      });
    }
  });
}
