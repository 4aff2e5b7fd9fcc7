import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseJsonBody } from '../src/body/json-body.js';
import { ManualClock } from '../src/clock.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { type HttpCredentials, httpBuildMiddleware, renderHttpRequest } from '../src/http/http-build.js';
import type { HttpRequest, HttpResponse } from '../src/http/http-message.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { PIPELINE_STEPS } from '../src/pipeline/steps.js';
import { transportMiddleware } from '../src/pipeline/transport-middleware.js';
import { retryPolicy } from '../src/retry/retry-policy.js';
import type { Transport, TransportAttempt } from '../src/transport/transport.js';
import { transportAttempt } from '../src/transport/transport.js';

interface Sent {
  request: HttpRequest;
  attempt: TransportAttempt;
  remaining: number | undefined;
}

/** A fake transport: answers `answers` in order (an Error is thrown), recording what each attempt carried. */
class FakeTransport implements Transport<HttpRequest, HttpResponse> {
  readonly sent: Sent[] = [];
  constructor(private readonly answers: Array<HttpResponse | MailUpError>) {}
  async send(request: HttpRequest, attempt: TransportAttempt): Promise<HttpResponse> {
    this.sent.push({ request, attempt, remaining: attempt.remainingMs() });
    const answer = this.answers.shift() ?? { status: 200, headers: {}, body: '{}', url: request.url };
    if (answer instanceof MailUpError) throw answer;
    attempt.markSent('maybe');
    return answer;
  }
  summarize(request: HttpRequest) {
    return { method: request.method, url: request.url };
  }
}

const ok = (body: string): HttpResponse => ({ status: 200, headers: {}, body, url: 'https://api.example/x' });

function pipelineOver(transport: FakeTransport, clock = new ManualClock(1_000)) {
  let token = 0;
  const pipeline = new Pipeline<{ id: number }, { n: number }>({
    protocol: 'rest',
    clock,
    random: () => 0,
    retryPolicy: retryPolicy({ classes: { Get: 'read', Send: 'send' }, baseDelayMs: 0 }),
  });
  pipeline.stack
    .add(
      async (ctx, next) => {
        ctx.request = { method: 'GET', url: `https://api.example/items/${ctx.input.id}` } satisfies HttpRequest;
        return next();
      },
      { step: 'serialize', name: 'test:serialize' },
    )
    .add(
      async (ctx, next) => {
        token++;
        ctx.credentials = { headers: { authorization: `Bearer t${token}` } } satisfies HttpCredentials;
        return next();
      },
      { step: 'auth', name: 'test:auth' },
    )
    .add(httpBuildMiddleware(), { step: 'build', name: 'core:build' })
    .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
    .add(
      async (ctx) => {
        const res = ctx.response as HttpResponse;
        return parseJsonBody(res.body, { protocol: ctx.protocol, operation: ctx.operation.id, httpStatus: res.status });
      },
      { step: 'deserialize', name: 'test:json' },
    );
  return pipeline;
}

describe('pipeline seams: auth → build → transport with the attempt outside the request', () => {
  it('runs the steps in DESIGN order: initialize → serialize → retry → quota → auth → build → transport → deserialize', () => {
    expect(PIPELINE_STEPS).toEqual([
      'initialize',
      'serialize',
      'retry',
      'quota',
      'auth',
      'build',
      'transport',
      'deserialize',
    ]);
    expect(pipelineOver(new FakeTransport([])).stack.describe()).toEqual([
      'initialize:core:initialize',
      'serialize:test:serialize',
      'retry:core:retry',
      'auth:test:auth',
      'build:core:build',
      'transport:core:transport',
      'deserialize:test:json',
    ]);
  });

  it('the build step renders each attempt with that attempt’s credentials; the structured request stays clean', async () => {
    const transport = new FakeTransport([
      new MailUpError({ kind: 'transient', protocol: 'rest', message: 'reset before sending' }),
      ok('{"n":1}'),
    ]);
    const pipeline = pipelineOver(transport);
    await expect(pipeline.call('Get', { id: 4 })).resolves.toEqual({ n: 1 });
    expect(transport.sent.map((s) => s.request.headers?.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(transport.sent.map((s) => s.request.url)).toEqual([
      'https://api.example/items/4',
      'https://api.example/items/4',
    ]);
    // Attempt metadata rides in the attempt, not in the request object.
    for (const { request } of transport.sent) {
      expect(Object.keys(request).sort()).toEqual(['headers', 'method', 'url']);
    }
  });

  it('the attempt carries call id, attempt number, signal and an absolute deadline on the pipeline clock', async () => {
    const clock = new ManualClock(50_000);
    const transport = new FakeTransport([
      new MailUpError({ kind: 'transient', protocol: 'rest', message: 'reset' }),
      ok('{"n":2}'),
    ]);
    const signal = new AbortController().signal;
    await pipelineOver(transport, clock).call('Get', { id: 1 }, { timeoutMs: 2_000, signal, callId: 'call-7' });
    expect(transport.sent.map((s) => [s.attempt.callId, s.attempt.attempt, s.attempt.operation])).toEqual([
      ['call-7', 1, 'rest:Get'],
      ['call-7', 2, 'rest:Get'],
    ]);
    expect(transport.sent[0]?.attempt.signal).toBe(signal);
    expect(transport.sent[0]?.attempt.deadline).toBe(52_000);
    expect(transport.sent[0]?.remaining).toBe(2_000);
  });

  it('a call deadline bounds every attempt: the earlier of the deadline and now + timeoutMs wins', async () => {
    const transport = new FakeTransport([ok('{"n":3}')]);
    await pipelineOver(transport, new ManualClock(10_000)).call(
      'Get',
      { id: 1 },
      { timeoutMs: 5_000, deadline: 11_500 },
    );
    expect(transport.sent[0]?.attempt.deadline).toBe(11_500);
    expect(transport.sent[0]?.remaining).toBe(1_500);
  });

  it("markSent('maybe') reaches the retry step: a send failing after it is ambiguous and not repeated", async () => {
    const transport = new FakeTransport([]);
    transport.send = async (request, attempt) => {
      transport.sent.push({ request, attempt, remaining: undefined });
      attempt.markSent('maybe');
      throw new MailUpError({ kind: 'transient', protocol: 'rest', message: 'reset after writing' });
    };
    const error = await pipelineOver(transport)
      .call('Send', { id: 1 })
      .catch((e: unknown) => e);
    expect(transport.sent).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'ambiguous', sent: 'maybe', retryable: false });
  });

  it('a malformed JSON answer is a typed permanent error inside the pipeline, with the request summary', async () => {
    const transport = new FakeTransport([ok('{not json')]);
    const pipeline = pipelineOver(transport);
    const seenByOuterStep: unknown[] = [];
    pipeline.stack.add(
      async (_ctx, next) => {
        try {
          return await next();
        } catch (error) {
          seenByOuterStep.push(error);
          throw error;
        }
      },
      { step: 'quota', name: 'test:observer' },
    );
    const error = (await pipeline.call('Get', { id: 9 }).catch((e: unknown) => e)) as MailUpError;
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(error).toMatchObject({
      protocol: 'rest',
      operation: 'rest:Get',
      httpStatus: 200,
      details: { invalidJson: true },
      request: { method: 'GET', url: 'https://api.example/items/9', attempt: 1 },
    });
    expect(MailUpError.is(seenByOuterStep[0], 'permanent')).toBe(true);
    expect(transport.sent).toHaveLength(1);
  });

  it('Pipeline<In, Out> types the input and the result', () => {
    const pipeline = pipelineOver(new FakeTransport([]));
    expectTypeOf(pipeline.call).parameter(1).toEqualTypeOf<{ id: number }>();
    expectTypeOf(pipeline.call('Get', { id: 1 })).resolves.toEqualTypeOf<{ n: number }>();
  });
});

describe('renderHttpRequest: credentials as a header, a query parameter or a form field', () => {
  const base: HttpRequest = { method: 'POST', url: 'https://api.example/send?x=1', body: 'a=1' };
  it('adds headers, query parameters and form fields without touching the structured request', () => {
    const rendered = renderHttpRequest(base, {
      headers: { authorization: 'Bearer t' },
      query: { accessKey: 'k' },
      form: { ListSecret: 's' },
    });
    expect(rendered).toEqual({
      method: 'POST',
      url: 'https://api.example/send?x=1&accessKey=k',
      headers: { authorization: 'Bearer t', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&ListSecret=s',
    });
    expect(base).toEqual({ method: 'POST', url: 'https://api.example/send?x=1', body: 'a=1' });
    expect(renderHttpRequest(base, undefined)).toBe(base);
  });
});

describe('transportAttempt: an attempt for a direct transport call', () => {
  it('computes the deadline on its clock, flags bytes once, and makes an invalid timeout a NaN deadline', () => {
    const clock = new ManualClock(100);
    let flagged = 0;
    const attempt = transportAttempt({ clock, timeoutMs: 50, onSent: () => flagged++ });
    expect(attempt).toMatchObject({ attempt: 1, deadline: 150, timeoutMs: 50, sent: 'no' });
    expect(attempt.callId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    attempt.markSent('maybe');
    attempt.markSent('maybe');
    expect(flagged).toBe(1);
    expect(attempt.sent).toBe('maybe');
    expect(transportAttempt({ timeoutMs: 0 }).deadline).toBeNaN();
    expect(transportAttempt({ timeoutMs: Number.POSITIVE_INFINITY }).deadline).toBeNaN();
  });
});
