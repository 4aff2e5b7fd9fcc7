import { describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { HttpRequest, HttpResponse } from '../src/http/http-message.js';
import type { CallEvent } from '../src/pipeline/call-events.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { transportMiddleware } from '../src/pipeline/transport-middleware.js';
import type { Transport, TransportAttempt } from '../src/transport/transport.js';

/** Answers 200, or fails once with `failure`; keeps the attempts it was given. */
class Answering implements Transport<HttpRequest, HttpResponse> {
  readonly attempts: TransportAttempt[] = [];
  constructor(private failure?: MailUpError) {}
  async send(request: HttpRequest, attempt: TransportAttempt): Promise<HttpResponse> {
    this.attempts.push(attempt);
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    return { status: 200, headers: {}, body: 'ok', url: request.url };
  }
}

function counted(observer?: (event: CallEvent) => void) {
  const drawn: string[] = [];
  const newCallId = () => {
    const id = `id-${drawn.length + 1}`;
    drawn.push(id);
    return id;
  };
  const transport = new Answering();
  const pipeline = new Pipeline({ protocol: 'rest', newCallId, ...(observer ? { observer } : {}) });
  pipeline.stack.add(
    async (ctx, next) => {
      ctx.request = { method: 'GET', url: 'https://api.example/x' } satisfies HttpRequest;
      return next();
    },
    { step: 'serialize', name: 'test:serialize' },
  );
  pipeline.stack.add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' });
  return { pipeline, drawn, transport };
}

describe('call ids are drawn when first read (issue 17: no id per call that nobody reads)', () => {
  it('a successful call nobody asks the id of draws none', async () => {
    const { pipeline, drawn } = counted();
    for (let i = 0; i < 3; i++) await pipeline.call('Get', {});
    expect(drawn).toEqual([]);
  });

  it('a failed call draws one id, the same in its error and in what the transport was given', async () => {
    const { pipeline, drawn, transport } = counted();
    const failure = new MailUpError({ kind: 'permanent', protocol: 'rest', message: 'no' });
    (transport as unknown as { failure?: MailUpError }).failure = failure;
    const error = await pipeline.call('Get', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'permanent', request: { callId: 'id-1' } });
    expect(transport.attempts[0]?.callId).toBe('id-1');
    expect(drawn).toEqual(['id-1']);
  });

  it('an observed call carries one id in every event; a given id is used as it is', async () => {
    const events: CallEvent[] = [];
    const { pipeline, drawn } = counted((event) => events.push(event));
    await pipeline.call('Get', {});
    await pipeline.call('Get', {}, { callId: 'mine' });
    expect(events.map((e) => e.callId)).toEqual(['id-1', 'id-1', 'mine', 'mine']);
    expect(drawn).toEqual(['id-1']);
  });
});
