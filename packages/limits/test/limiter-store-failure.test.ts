import { type Logger, MailUpError, ManualClock, retryPolicy } from '@mailup-kit/core';
import { Pipeline } from '@mailup-kit/core/pipeline';
import { MemoryQuotaStore, type QuotaReservationRequest } from '@mailup-kit/core/quota';
import { type LimitedCall, Limiter, type QuotaStoreFailure, quotaMiddleware } from '@mailup-kit/limits';
import { afterEach, describe, expect, it } from 'vitest';

const T0 = Date.UTC(2026, 2, 28, 10, 0, 0);
const create: LimitedCall = { protocol: 'soap', operation: 'CreateNewsletter' };

/** A real memory store whose settle / refund / pause fail on demand, like a Redis that went away mid-call. */
class FailingStore extends MemoryQuotaStore {
  failing = false;
  private fail(what: string): never {
    throw new MailUpError({
      kind: 'transient',
      protocol: 'client',
      operation: `quota.${what}`,
      message: `quota store unreachable (${what}); failing closed`,
    });
  }
  override async settle(request: QuotaReservationRequest): Promise<void> {
    if (this.failing) this.fail('settle');
    return super.settle(request);
  }
  override async refund(request: QuotaReservationRequest): Promise<void> {
    if (this.failing) this.fail('refund');
    return super.refund(request);
  }
  override async pause(key: string, ms: number): Promise<number> {
    if (this.failing) this.fail('pause');
    return super.pause(key, ms);
  }
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (fields: unknown, ...rest: unknown[]): void => {
    lines.push(`${String(rest[0])} ${JSON.stringify(fields)}`);
  };
  return { logger: { debug: log, info: log, warn: log, error: log } as Logger, lines };
}

describe('a quota store failing after the vendor answered', () => {
  let clock: ManualClock;
  let store: FailingStore;
  let limiter: Limiter;
  let failures: QuotaStoreFailure[];
  let log: ReturnType<typeof capture>;
  const make = () => {
    clock = new ManualClock(T0);
    store = new FailingStore({ clock });
    failures = [];
    log = capture();
    limiter = new Limiter({
      clock,
      store,
      account: 51234,
      logger: log.logger,
      onStoreFailure: (f) => failures.push(f),
    });
  };
  afterEach(async () => {
    await limiter?.close();
    await store?.close();
  });

  it('run(): the vendor answer is the result; the failure is reported aside and the reservation stays counted', async () => {
    make();
    const result = await limiter.run(create, async () => {
      store.failing = true; // the store goes away while the call is at the vendor
      return { newsletterID: 42 };
    });
    expect(result).toEqual({ newsletterID: 42 });
    expect(failures.map((f) => [f.step, f.key])).toEqual([['settle', '51234:soap:CreateNewsletter']]);
    expect(MailUpError.is(failures[0]?.error, 'transient')).toBe(true);
    expect(limiter.stats().storeFailures).toBe(1);
    expect(log.lines.some((l) => l.includes('quota store failed to settle'))).toBe(true);
    store.failing = false;
    const usage = await limiter.inspectCall(create);
    expect(usage?.remaining).toBe(99); // 100/day: the call still counts
  });

  it('through the pipeline: a read answered once is returned once, never repeated by the retry step', async () => {
    make();
    let sent = 0;
    const pipeline = new Pipeline({
      protocol: 'soap',
      retryPolicy: retryPolicy({ maxAttempts: 3, classes: { GetLists: 'read', CreateNewsletter: 'send' } }),
    });
    pipeline.stack.add(quotaMiddleware(limiter), { step: 'quota', name: 'limits:quota' }).add(
      async (ctx) => {
        sent++;
        store.failing = true;
        return ctx.operation.name === 'GetLists' ? [{ listID: 1 }] : { newsletterID: 7 };
      },
      { step: 'transport', name: 'test:vendor' },
    );
    await expect(pipeline.call('GetLists', {})).resolves.toEqual([{ listID: 1 }]);
    expect(sent).toBe(1);
    store.failing = false;
    await expect(pipeline.call('CreateNewsletter', {})).resolves.toEqual({ newsletterID: 7 });
    expect(sent).toBe(2);
    expect(failures.map((f) => f.step)).toEqual(['settle', 'settle']);
  });

  it("a failed call keeps the vendor's error, not the store's (refund, settle and pause failing)", async () => {
    make();
    const throttled = new MailUpError({
      kind: 'throttled',
      protocol: 'soap',
      operation: 'CreateNewsletter',
      message: 'too many calls',
      retryAfterMs: 1000,
    });
    const error = await limiter
      .run(create, async () => {
        store.failing = true;
        throw throttled;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(throttled);
    expect(failures.map((f) => f.step)).toEqual(['settle', 'pause']);
    const neverLeft = new MailUpError({
      kind: 'transient',
      protocol: 'soap',
      operation: 'CreateNewsletter',
      message: 'connection refused',
      sent: 'no',
    });
    store.failing = false;
    const second = await limiter
      .run(create, async () => {
        store.failing = true;
        throw neverLeft;
      })
      .catch((e: unknown) => e);
    expect(second).toBe(neverLeft);
    expect(failures.map((f) => f.step)).toEqual(['settle', 'pause', 'refund']);
    store.failing = false;
    // Both reservations still count (a refund that failed is the safe side).
    expect((await limiter.inspectCall(create))?.remaining).toBe(98);
  });

  it('a listener that throws does not change the outcome either', async () => {
    clock = new ManualClock(T0);
    store = new FailingStore({ clock });
    limiter = new Limiter({
      clock,
      store,
      onStoreFailure: () => {
        throw new Error('listener bug');
      },
    });
    await expect(
      limiter.run(create, async () => {
        store.failing = true;
        return 'ok';
      }),
    ).resolves.toBe('ok');
  });

  it('the warn line carries no secret from the store error', async () => {
    make();
    const leaky = new MemoryQuotaStore({ clock });
    leaky.settle = async () => {
      throw new Error('connect failed redis://worker:S3cretPassw0rd@10.0.0.9:6379 (token=abc123secret)');
    };
    const own = new Limiter({ clock, store: leaky, account: 1, logger: log.logger });
    await expect(own.run(create, async () => 'ok')).resolves.toBe('ok');
    const line = log.lines.find((l) => l.includes('quota store failed to settle')) ?? '';
    expect(line).toContain('redis://worker:');
    expect(line).not.toContain('S3cretPassw0rd');
    expect(line).not.toContain('abc123secret');
    await own.close();
    await leaky.close();
  });
});
