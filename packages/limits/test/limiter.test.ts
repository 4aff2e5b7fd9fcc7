import { MailUpError, ManualClock } from '@mailup-kit/core';
import { type LimitedCall, Limiter, PolicyTable, parseQuotaKey } from '@mailup-kit/limits';
import { afterEach, describe, expect, it } from 'vitest';

const T0 = Date.UTC(2026, 2, 28, 10, 0, 0);
const lists: LimitedCall = { protocol: 'rest', operation: 'GET Console/User/Lists' };
const create: LimitedCall = { protocol: 'soap', operation: 'CreateNewsletter' };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!MailUpError.is(error)) throw new Error(`expected a MailUpError, got ${String(error)}`);
  return error;
}

describe('Limiter', () => {
  let clock: ManualClock;
  let limiter: Limiter;
  const make = (options: ConstructorParameters<typeof Limiter>[0] = {}) => {
    clock = new ManualClock(T0);
    limiter = new Limiter({
      clock,
      account: 51234,
      ...options,
      policy: { safetyMargin: 0, ...(options.policy as object) },
    });
    return limiter;
  };
  afterEach(async () => limiter?.close());

  it('lets 5 REST calls per second through and queues the 6th until the window slides', async () => {
    make();
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    let sixth = false;
    const pending = limiter.acquire(lists).then(() => {
      sixth = true;
    });
    await settle();
    expect(sixth).toBe(false);
    await clock.advance(999);
    expect(sixth).toBe(false);
    await clock.advance(1);
    await pending;
    expect(sixth).toBe(true);
  });

  it('adds a safety margin to rate windows by default (network jitter), none to daily windows', async () => {
    clock = new ManualClock(T0);
    limiter = new Limiter({ clock, account: 51234 });
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    const usage = await limiter.inspectCall(lists);
    expect(usage?.nextAllowedAt).toBe(T0 + 1010);
    expect(limiter.policy.windowsOf(limiter.policy.row('soap', 'SendNewsletter')!, T0)).toEqual([
      { type: 'sliding', id: '24h', limit: 200, periodMs: 86_400_000 },
    ]);
    expect(() => new PolicyTable({ safetyMargin: 1 })).toThrow(/safetyMargin/);
  });

  it('counts every REST method (route pattern) on its own key', async () => {
    make();
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    const other = await limiter.acquire({ protocol: 'rest', operation: 'GET Console/Authentication/Info' });
    expect(other.key).toBe('51234:rest:GET Console/Authentication/Info');
  });

  it('fails at once with quota-exhausted and the time it frees up when the wait is too long', async () => {
    make();
    for (let i = 0; i < 100; i++) {
      await clock.advance(1000);
      await limiter.acquire(create);
    }
    const error = await failure(limiter.acquire(create));
    expect(error.kind).toBe('quota-exhausted');
    expect(error.availableAt).toBe(T0 + 1000 + 86_400_000);
    expect(error.retryAfterMs).toBe(86_400_000 - 99_000);
    expect(error.details).toMatchObject({ key: '51234:soap:CreateNewsletter', blockedBy: '24h' });
    expect(clock.pending).toBe(0);
  });

  it('uses a calendar day in Europe/Rome when configured, freeing at local midnight', async () => {
    make({ policy: { daily: { calendar: {} } } });
    await clock.set(Date.UTC(2026, 2, 28, 22, 30)); // 23:30 in Rome, the day before DST starts
    for (let i = 0; i < 100; i++) await limiter.acquire(create);
    const error = await failure(limiter.acquire(create));
    expect(error.availableAt).toBe(Date.UTC(2026, 2, 28, 23));
    await clock.set(Date.UTC(2026, 2, 28, 23));
    await expect(limiter.acquire(create)).resolves.toMatchObject({ key: '51234:soap:CreateNewsletter' });
  });

  it('picks the SendSingleNewsletter limit from the input type, counting each type on its own', async () => {
    make();
    const html: LimitedCall = { protocol: 'soap', operation: 'SendSingleNewsletter', input: { type: 'HTML' } };
    const byId: LimitedCall = { protocol: 'soap', operation: 'SendSingleNewsletter', input: { type: 'ID' } };
    for (let i = 0; i < 100; i++) await limiter.acquire(html);
    expect((await failure(limiter.acquire(html))).kind).toBe('quota-exhausted');
    const ticket = await limiter.acquire(byId);
    expect(ticket.key).toBe('51234:soap:SendSingleNewsletter#ID');
    expect((await limiter.inspectCall(byId))?.windows[0]).toMatchObject({ limit: 5000, used: 1, remaining: 4999 });
  });

  it('serves waiters first-in first-out per key', async () => {
    make({
      policy: {
        rows: [
          {
            protocol: 'rest',
            operation: 'GET Slow',
            match: 'exact',
            limits: [{ kind: 'rate', calls: 1, perMs: 100 }],
            source: 'test',
          },
        ],
      },
    });
    const slow: LimitedCall = { protocol: 'rest', operation: 'GET Slow' };
    const order: number[] = [];
    const all = [0, 1, 2, 3].map((i) => limiter.acquire(slow).then(() => order.push(i)));
    await settle();
    for (let i = 0; i < 4; i++) await clock.advance(100);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('lets a queued caller abort without consuming or blocking those behind it', async () => {
    make();
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    const controller = new AbortController();
    const aborted = limiter.acquire(lists, { signal: controller.signal });
    const next = limiter.acquire(lists);
    await settle();
    controller.abort(new Error('caller gave up'));
    const error = await failure(aborted);
    expect(error).toMatchObject({ kind: 'aborted', protocol: 'rest', operation: 'GET Console/User/Lists' });
    expect(error.sent).toBe('no');
    expect(error.details).toMatchObject({ abortReason: 'Error: caller gave up' });
    await clock.advance(1000);
    await expect(next).resolves.toMatchObject({ key: '51234:rest:GET Console/User/Lists' });
    expect((await limiter.inspectCall(lists))?.windows[0]?.used).toBe(1);
  });

  it('ends an abort during the quota wait (its turn already taken) as kind aborted, nothing consumed', async () => {
    make();
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    const controller = new AbortController();
    const waiting = limiter.acquire(lists, { signal: controller.signal });
    await settle();
    controller.abort();
    const error = await failure(waiting);
    expect(error).toMatchObject({ kind: 'aborted', retryable: false, sent: 'no' });
    expect((await limiter.inspectCall(lists))?.windows[0]?.used).toBe(5);
  });

  it('refuses an already-aborted signal as kind aborted before touching the store', async () => {
    make();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(limiter.acquire(lists, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', sent: 'no' });
    expect((await limiter.inspectCall(lists))?.windows[0]?.used ?? 0).toBe(0);
  });

  it('bounds the queue per key', async () => {
    make({ maxQueue: 2 });
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    const a = limiter.acquire(lists);
    const b = limiter.acquire(lists);
    const error = await failure(limiter.acquire(lists));
    expect(error).toMatchObject({ kind: 'quota-exhausted', details: { queued: 2, maxQueue: 2 } });
    await clock.advance(2000);
    await Promise.all([a, b]);
  });

  it('paces transactional email to the level of service and refuses a backlog past its bound', async () => {
    make({ policy: { levelOfService: { txmail: 3600 }, maxBacklog: 5 } });
    const send: LimitedCall = { protocol: 'txmail', operation: 'sendmessage' };
    await limiter.acquire(send);
    const queued = [limiter.acquire(send), limiter.acquire({ ...send, cost: 1 })];
    await settle();
    const error = await failure(limiter.acquire({ ...send, cost: 4 }));
    expect(error).toMatchObject({ kind: 'quota-exhausted', details: { backlog: 2, maxBacklog: 5 } });
    expect(error.message).toContain('backlog');
    await clock.advance(1000);
    await queued[0];
    await clock.advance(1000);
    await queued[1];
  });

  it('refuses more than 1,000,000 queued messages by default', async () => {
    make({ policy: { levelOfService: { smtp: 1000 } } });
    const relay: LimitedCall = { protocol: 'smtp', operation: 'relay' };
    const first = limiter.acquire({ ...relay, cost: 999_999 });
    expect((await failure(limiter.acquire({ ...relay, cost: 2 }))).details).toMatchObject({ maxBacklog: 1_000_000 });
    expect((await failure(first)).kind).toBe('validation'); // 999,999 can never fit a 1-message window
  });

  it('refunds only when the request provably never left the machine', async () => {
    make();
    const refused = new MailUpError({
      kind: 'transient',
      protocol: 'rest',
      message: 'ECONNREFUSED',
      sent: 'no',
    });
    const lost = new MailUpError({
      kind: 'ambiguous',
      protocol: 'rest',
      message: 'ECONNRESET',
      sent: 'maybe',
    });
    await expect(limiter.run(lists, async () => Promise.reject(refused))).rejects.toBe(refused);
    expect((await limiter.inspectCall(lists))?.windows[0]?.used).toBe(0);
    await expect(limiter.run(lists, async () => Promise.reject(lost))).rejects.toBe(lost);
    await expect(limiter.run(lists, async () => Promise.reject(new Error('plain')))).rejects.toThrow('plain');
    expect((await limiter.inspectCall(lists))?.windows[0]?.used).toBe(2);
    await expect(limiter.run(lists, async () => 'ok')).resolves.toBe('ok');
  });

  it('lets calls with no numeric limit through (frontend pages, OAuth)', async () => {
    make();
    for (let i = 0; i < 50; i++) await limiter.acquire({ protocol: 'frontend', operation: 'xmlSubscribe.aspx' });
    expect(await limiter.inspectCall({ protocol: 'frontend', operation: 'xmlSubscribe.aspx' })).toBeUndefined();
    expect((await limiter.acquire({ protocol: 'oauth', operation: 'token' })).key).toBe('');
  });

  it('validates its input: no operation, bad cost, bad options, bad policy rows', async () => {
    make();
    expect((await failure(limiter.acquire({ protocol: 'rest', operation: '' }))).kind).toBe('validation');
    expect((await failure(limiter.acquire({ ...lists, cost: 0 }))).kind).toBe('validation');
    const unknown = { protocol: 'ftp', operation: 'GET x' } as unknown as LimitedCall;
    expect((await failure(limiter.acquire(unknown))).message).toMatch(/unknown protocol/);
    expect((await failure(limiter.acquire({ ...lists, cost: 6 }))).kind).toBe('validation');
    expect(() => new Limiter({ maxQueue: 0 })).toThrow(MailUpError);
    expect(() => new PolicyTable({ levelOfService: { txmail: -1 } })).toThrow(/levelOfService/);
    expect(
      () =>
        new PolicyTable({ rows: [{ protocol: 'rest', operation: '(', match: 'pattern', limits: [], source: 'x' }] }),
    ).toThrow(/pattern/);
    expect(
      () =>
        new PolicyTable({
          rows: [
            { protocol: 'rest', operation: 'x', match: 'exact', limits: [{ kind: 'daily', calls: 0 }], source: 'x' },
          ],
        }),
    ).toThrow(/positive/);
  });

  it('takes overrides: a configured row wins over the built-in table', async () => {
    make({
      policy: {
        rows: [
          {
            protocol: 'soap',
            operation: 'CreateNewsletter',
            match: 'exact',
            limits: [{ kind: 'daily', calls: 2 }],
            source: 'contract',
          },
        ],
      },
    });
    await limiter.acquire(create);
    await limiter.acquire(create);
    expect((await failure(limiter.acquire(create))).kind).toBe('quota-exhausted');
  });

  it('reports remaining budget and next allowed time per operation', async () => {
    make();
    for (let i = 0; i < 5; i++) await limiter.acquire(lists);
    await limiter.acquire(create);
    const report = await limiter.inspect();
    const byOp = new Map(report.map((r) => [`${r.protocol} ${r.operation}`, r]));
    expect(byOp.get('rest GET Console/User/Lists')).toMatchObject({ remaining: 0, nextAllowedAt: T0 + 1000 });
    expect(byOp.get('soap CreateNewsletter')).toMatchObject({ remaining: 99, nextAllowedAt: T0, account: '51234' });
    expect(byOp.get('soap SendNewsletter')).toMatchObject({ remaining: 200 });
    expect(byOp.has('soap SendSingleNewsletter#ID')).toBe(true);
  });

  it('parses quota keys into account, protocol, operation and variant', () => {
    expect(parseQuotaKey('7:soap:SendSingleNewsletter#ID')).toEqual({
      account: '7',
      protocol: 'soap',
      operation: 'SendSingleNewsletter',
      variant: 'ID',
    });
    expect(parseQuotaKey('no-colons')).toBeUndefined();
  });
});

describe('Limiter memory', () => {
  it('remembers at most 1,000 operations for inspect(), keeping every policy row listed', async () => {
    const clock = new ManualClock(T0);
    const limiter = new Limiter({ clock, account: 51234 });
    for (let i = 0; i < 3000; i++) await limiter.acquire({ protocol: 'rest', operation: `GET Console/Thing${i}` });
    expect(limiter.stats().trackedOperations).toBe(1000);
    const byOp = new Map((await limiter.inspect()).map((r) => [`${r.protocol} ${r.operation}`, r]));
    expect(byOp.has('soap CreateNewsletter')).toBe(true);
    expect(byOp.has('soap SendSingleNewsletter#ID')).toBe(true);
    expect(byOp.has('rest GET Console/Thing2999')).toBe(true);
    await limiter.close();
  });
});
