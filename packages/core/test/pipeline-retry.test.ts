import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../src/errors/error-kind.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { HttpRequest, HttpResponse, HttpSender } from '../src/http/http-message.js';
import type { Logger } from '../src/logger.js';
import type { Middleware } from '../src/pipeline/middleware.js';
import { operationRow } from '../src/pipeline/operation.js';
import { Pipeline, type PipelineOptions } from '../src/pipeline/pipeline.js';
import { transportMiddleware } from '../src/pipeline/transport-middleware.js';
import { seededRandom } from '../src/retry/backoff.js';
import { RetryBudget } from '../src/retry/retry-budget.js';
import { retryPolicy } from '../src/retry/retry-policy.js';
import type { TransportAttempt } from '../src/transport/transport.js';
import { RecordingClock } from './support/recording-clock.js';

type Outcome = { status: number; body?: string } | { fail: ErrorKind; bytes: boolean; retryAfterMs?: number };

/** A scripted transport: each attempt takes the next outcome; a failure says whether bytes had left. */
class ScriptedSender implements HttpSender {
  readonly requests: HttpRequest[] = [];
  readonly attempts: TransportAttempt[] = [];
  constructor(private readonly script: Outcome[]) {}
  async send(request: HttpRequest, attempt: TransportAttempt): Promise<HttpResponse> {
    this.requests.push(request);
    this.attempts.push(attempt);
    const next = this.script.shift() ?? { status: 200, body: 'ok' };
    if ('fail' in next) {
      if (next.bytes) attempt.markSent('maybe');
      throw new MailUpError({
        kind: next.fail,
        protocol: 'rest',
        message: `scripted ${next.fail}`,
        retryAfterMs: next.retryAfterMs,
        sent: next.bytes ? 'maybe' : 'no',
      });
    }
    attempt.markSent('maybe');
    return { status: next.status, headers: {}, body: next.body ?? '', url: request.url };
  }
}

const deserialize: Middleware = async (ctx) => {
  const res = ctx.response as HttpResponse;
  if (res.status === 401)
    throw new MailUpError({ kind: 'auth-expired', protocol: 'rest', message: '401', httpStatus: 401 });
  if (res.status === 429) {
    throw new MailUpError({ kind: 'throttled', protocol: 'rest', message: '429', httpStatus: 429, retryAfterMs: 291 });
  }
  if (res.status >= 500)
    throw new MailUpError({ kind: 'transient', protocol: 'rest', message: '5xx', httpStatus: res.status });
  return res.body;
};

function setup(script: Outcome[], options: Partial<PipelineOptions> = {}) {
  const clock = new RecordingClock(1_000_000);
  const sender = new ScriptedSender(script);
  const trace: string[] = [];
  const pipeline = new Pipeline({
    protocol: 'rest',
    clock,
    random: seededRandom(1),
    retryPolicy: retryPolicy({ classes: { GetLists: 'read', PutList: 'idempotent-write', SendSMS: 'send' } }),
    ...options,
  });
  pipeline.stack
    .add(
      async (ctx, next) => {
        ctx.request = { method: 'POST', url: 'https://example.test/x' };
        trace.push('serialize');
        return next();
      },
      { step: 'serialize', name: 'serialize' },
    )
    .add(
      async (ctx, next) => {
        trace.push(`quota#${ctx.attempt}`);
        return next();
      },
      { step: 'quota', name: 'quota' },
    )
    .add(transportMiddleware(sender), { step: 'transport', name: 'core:transport' })
    .add(deserialize, { step: 'deserialize', name: 'deserialize' });
  return { clock, sender, trace, pipeline };
}

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (v) => v,
    (e: unknown) => e,
  );
}

describe('Pipeline retry step', () => {
  it('describes the default order and the protocol additions', () => {
    const { pipeline } = setup([]);
    expect(pipeline.stack.describe()).toEqual([
      'initialize:core:initialize',
      'serialize:serialize',
      'retry:core:retry',
      'quota:quota',
      'transport:core:transport',
      'deserialize:deserialize',
    ]);
  });

  it('gives the call an id and its retry class, serializes once and reserves quota on every attempt', async () => {
    const ids = ['call-1'];
    const { pipeline, clock, trace, sender } = setup(
      [{ status: 503 }, { fail: 'transient', bytes: true }, { status: 200, body: 'done' }],
      {
        newCallId: () => ids.shift() ?? 'x',
        random: () => 0.999,
      },
    );
    expect(await clock.drive(pipeline.call('GetLists', {}))).toBe('done');
    expect(trace).toEqual(['serialize', 'quota#1', 'quota#2', 'quota#3']);
    expect(sender.attempts.map((a) => [a.callId, a.attempt])).toEqual([
      ['call-1', 1],
      ['call-1', 2],
      ['call-1', 3],
    ]);
    expect(clock.sleeps).toEqual([99, 199]); // full jitter ceilings 100, 200 with random 0.999
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { pipeline, clock, sender } = setup([{ status: 500 }, { status: 500 }, { status: 502 }, { status: 200 }]);
    const error = await clock.drive(outcome(pipeline.call('PutList', {})));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 502 });
    expect(sender.requests).toHaveLength(3);
  });

  it('a send is never retried once bytes may have left: network ambiguity surfaces as ambiguous', async () => {
    const { pipeline, clock, sender } = setup([{ fail: 'ambiguous', bytes: true }]);
    const error = await clock.drive(outcome(pipeline.call('SendSMS', {})));
    expect(error).toMatchObject({ kind: 'ambiguous', sent: 'maybe' });
    expect(sender.requests).toHaveLength(1);
  });

  it('a send answered 500 is not retried and is reported as ambiguous', async () => {
    const { pipeline, clock, sender } = setup([{ status: 500 }]);
    const error = await clock.drive(outcome(pipeline.call('SendSMS', {})));
    expect(error).toMatchObject({ kind: 'ambiguous', httpStatus: 500, details: { originalKind: 'transient' } });
    expect(sender.requests).toHaveLength(1);
  });

  it('an unclassified operation is treated as a send', async () => {
    const { pipeline, clock, sender } = setup([{ status: 503 }]);
    await clock.drive(outcome(pipeline.call('SomethingNew', {})));
    expect(sender.requests).toHaveLength(1);
  });

  it('a send is retried when nothing left (connection refused)', async () => {
    const { pipeline, clock, sender } = setup([
      { fail: 'transient', bytes: false },
      { status: 200, body: 'sent' },
    ]);
    expect(await clock.drive(pipeline.call('SendSMS', {}))).toBe('sent');
    expect(sender.requests).toHaveLength(2);
  });

  it('auth-expired (401) is repeated exactly once for every class, including send, without waiting', async () => {
    for (const op of ['GetLists', 'PutList', 'SendSMS']) {
      const { pipeline, clock, sender } = setup([{ status: 401 }, { status: 200, body: 'ok' }]);
      expect(await clock.drive(pipeline.call(op, {}))).toBe('ok');
      expect(sender.requests).toHaveLength(2);
      expect(clock.sleeps).toEqual([]);
      const twice = setup([{ status: 401 }, { status: 401 }, { status: 200 }]);
      expect(await twice.clock.drive(outcome(twice.pipeline.call(op, {})))).toMatchObject({ kind: 'auth-expired' });
      expect(twice.sender.requests).toHaveLength(2);
    }
  });

  it('the auth repeat does not use up the attempts of a read', async () => {
    const { pipeline, clock, sender } = setup([
      { status: 500 },
      { status: 401 },
      { status: 500 },
      { status: 200, body: 'ok' },
    ]);
    expect(await clock.drive(pipeline.call('GetLists', {}))).toBe('ok');
    expect(sender.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('honours the server wait hint on a throttled read', async () => {
    const { pipeline, clock } = setup([{ status: 429 }, { status: 200, body: 'ok' }]);
    const started = clock.now();
    expect(await clock.drive(pipeline.call('GetLists', {}))).toBe('ok');
    expect(clock.sleeps).toEqual([291]);
    expect(clock.now() - started).toBe(291);
  });

  it('does not retry when the wait hint is beyond the policy maximum', async () => {
    const { pipeline, clock, sender } = setup([{ status: 429 }], {
      retryPolicy: retryPolicy({ classes: { GetLists: 'read' }, waitHint: { minMs: 0, maxMs: 100 } }),
    });
    expect(await clock.drive(outcome(pipeline.call('GetLists', {})))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 291,
    });
    expect(sender.requests).toHaveLength(1);
  });

  it('an empty retry budget means no retry; successes refill it', async () => {
    const budget = new RetryBudget({ capacity: 5, retryCost: 5, successRefill: 5 });
    const first = setup([{ status: 503 }, { status: 503 }, { status: 503 }], { budget });
    await first.clock.drive(outcome(first.pipeline.call('GetLists', {})));
    expect(first.sender.requests).toHaveLength(2); // one retry paid, the second refused
    expect(budget.available).toBe(0);
    const second = setup([{ status: 503 }], { budget });
    await second.clock.drive(outcome(second.pipeline.call('GetLists', {})));
    expect(second.sender.requests).toHaveLength(1);
    const ok = setup([{ status: 200 }], { budget });
    await ok.clock.drive(ok.pipeline.call('GetLists', {}));
    expect(budget.available).toBe(5);
    const third = setup([{ status: 503 }, { status: 200, body: 'ok' }], { budget });
    expect(await third.clock.drive(third.pipeline.call('GetLists', {}))).toBe('ok');
  });

  it('an abort during the backoff stops at once with a typed error and sends nothing more', async () => {
    const { pipeline, clock, sender } = setup([{ status: 503 }, { status: 200 }]);
    const controller = new AbortController();
    const call = outcome(pipeline.call('GetLists', {}, { signal: controller.signal }));
    for (let i = 0; i < 50 && clock.pending === 0; i++) await new Promise((r) => setImmediate(r));
    expect(clock.pending).toBe(1);
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ kind: 'aborted', retryable: false, details: { aborted: true } });
    expect((error as MailUpError).cause).toMatchObject({ httpStatus: 503 });
    expect(sender.requests).toHaveLength(1);
  });

  it('an aborted signal stops the call before anything is sent', async () => {
    const { pipeline, sender } = setup([]);
    await expect(pipeline.call('GetLists', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(sender.requests).toHaveLength(0);
  });

  it('validation errors thrown in initialize are never retried and nothing is sent', async () => {
    const { pipeline, sender } = setup([]);
    pipeline.stack.addAfter(
      'core:initialize',
      async (ctx, next) => {
        if (!(ctx.input as { id?: number }).id) {
          throw new MailUpError({ kind: 'validation', protocol: 'rest', message: 'id is required' });
        }
        return next();
      },
      { name: 'validate' },
    );
    await expect(pipeline.call('GetLists', {})).rejects.toMatchObject({ kind: 'validation' });
    expect(sender.requests).toHaveLength(0);
  });

  it("the row's retry class is the call's unless the policy's classes name the operation", async () => {
    const { pipeline, clock, sender } = setup([{ status: 503 }, { status: 200, body: 'ok' }]);
    await clock.drive(outcome(pipeline.call(operationRow('rest', { name: 'SendNow', retryClass: 'read' }), {})));
    expect(sender.requests).toHaveLength(2);
    const named = setup([{ status: 503 }, { status: 200, body: 'ok' }]);
    const row = operationRow('rest', { name: 'SendSMS', retryClass: 'read' });
    await named.clock.drive(outcome(named.pipeline.call(row, {})));
    expect(named.sender.requests).toHaveLength(1);
  });

  it('logs retries through a redacting logger', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (...a) => lines.push(JSON.stringify(a)),
      info() {},
      warn() {},
      error() {},
    };
    const { pipeline, clock } = setup([{ status: 503 }, { status: 200 }], { logger });
    await clock.drive(pipeline.call('GetLists', {}));
    expect(lines.some((l) => l.includes('retrying'))).toBe(true);
  });

  it('transport step refuses a call without a serialized request', async () => {
    const pipeline = new Pipeline({ protocol: 'rest' });
    pipeline.stack.add(transportMiddleware(new ScriptedSender([])), { step: 'transport', name: 't' });
    await expect(pipeline.call('GetLists', {})).rejects.toMatchObject({ kind: 'validation' });
  });
});
