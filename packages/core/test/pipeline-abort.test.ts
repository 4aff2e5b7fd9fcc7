import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { HttpRequest, HttpResponse, HttpSender } from '../src/http/http-message.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { transportMiddleware } from '../src/pipeline/transport-middleware.js';
import { retryPolicy } from '../src/retry/retry-policy.js';
import type { TransportAttempt } from '../src/transport/transport.js';

/** Fails every attempt with a retryable transient error, after calling `onAttempt`. */
class FailingSender implements HttpSender {
  attempts = 0;
  constructor(private readonly onAttempt: (request: HttpRequest, attempt: TransportAttempt) => void = () => {}) {}
  async send(request: HttpRequest, attempt: TransportAttempt): Promise<HttpResponse> {
    this.attempts++;
    this.onAttempt(request, attempt);
    throw new MailUpError({
      kind: 'transient',
      protocol: 'rest',
      message: 'reset',
      sent: 'no',
    });
  }
}

function pipelineWith(sender: HttpSender, clock = new ManualClock(0)) {
  const pipeline = new Pipeline({
    protocol: 'rest',
    clock,
    random: () => 0.5,
    retryPolicy: retryPolicy({ classes: { GetLists: 'read' } }),
  });
  pipeline.stack
    .add(
      async (ctx, next) => {
        ctx.request = { method: 'GET', url: 'https://example.test/Lists' };
        return next();
      },
      { step: 'serialize', name: 'serialize' },
    )
    .add(transportMiddleware(sender), { step: 'transport', name: 'core:transport' });
  return pipeline;
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

describe('a caller abort through the pipeline ends as MailUpError kind aborted', () => {
  it('aborted before the call starts ⇒ aborted, nothing sent, no bare DOMException', async () => {
    const sender = new FailingSender();
    const error = await failure(pipelineWith(sender).call('GetLists', {}, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({
      kind: 'aborted',
      retryable: false,
      sent: 'no',
      details: { aborted: true },
    });
    expect(sender.attempts).toBe(0);
  });

  it('aborted while the retry loop waits for its backoff ⇒ aborted, not retried, not transient', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sender = new FailingSender();
    const call = failure(pipelineWith(sender, clock).call('GetLists', {}, { signal: controller.signal }));
    await expect.poll(() => clock.pending).toBe(1);
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({
      kind: 'aborted',
      retryable: false,
      sent: 'no',
      details: { aborted: true },
    });
    expect(sender.attempts).toBe(1);
  });

  it("aborted after the request was written ⇒ aborted with sent 'maybe', never retried", async () => {
    const controller = new AbortController();
    const sender = new FailingSender((_request, attempt) => {
      attempt.markSent('maybe');
      controller.abort();
    });
    const error = await failure(pipelineWith(sender).call('GetLists', {}, { signal: controller.signal }));
    expect(error).toMatchObject({
      kind: 'aborted',
      retryable: false,
      sent: 'maybe',
      details: { aborted: true },
    });
    expect(sender.attempts).toBe(1);
  });

  it('a middleware that rejects with the bare signal.reason (like a queue wait) still surfaces aborted', async () => {
    const controller = new AbortController();
    const pipeline = pipelineWith(new FailingSender());
    pipeline.stack.add(
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason), { once: true });
          controller.abort();
        }),
      { step: 'quota', name: 'queue' },
    );
    const error = await failure(pipeline.call('GetLists', {}, { signal: controller.signal }));
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });
});
