import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpResponse, type Logger, MailUpError, retryPolicy } from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import { HttpTransport } from '@mailup-kit/core/node';
import { Pipeline, transportMiddleware } from '@mailup-kit/core/pipeline';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter, quotaMiddleware } from '@mailup-kit/limits';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';

describe('quotaMiddleware in the core pipeline, against the emulator enforcing the policy', () => {
  let emulator: RunningEmulator;
  let token: string;
  let transport: HttpTransport;
  let limiter: Limiter;
  let server429: number;

  const pipelineWith = (maxAttempts: number) => {
    const pipeline = new Pipeline({
      protocol: 'rest',
      retryPolicy: retryPolicy({ maxAttempts, classes: { 'GET Console/User/Lists': 'read' } }),
    });
    pipeline.stack
      .add(
        async (ctx, next) => {
          ctx.request = {
            method: 'GET',
            url: `${emulator.urls.http}${LISTS}`,
            headers: { authorization: `Bearer ${token}` },
          };
          return next();
        },
        { step: 'serialize', name: 'test:serialize' },
      )
      .add(quotaMiddleware(limiter, { account: 51234 }), { step: 'quota', name: 'limits:quota' })
      .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
      .add(
        async (ctx) => {
          const res = ctx.response as HttpResponse;
          if (res.status >= 400) {
            if (res.status === 429) server429++;
            // The core catalogue parses the emulator's newer 429 wording into retryAfterMs.
            throw restError(res.status, String(res.body), { operation: ctx.operation.id });
          }
          return JSON.parse(String(res.body));
        },
        { step: 'deserialize', name: 'test:json' },
      );
    return pipeline;
  };

  beforeEach(async () => {
    emulator = await startEmulator();
    token = await passwordToken(emulator);
    transport = new HttpTransport({ protocol: 'rest' });
    limiter = new Limiter({ account: 51234 });
    server429 = 0;
  });
  afterEach(async () => {
    await limiter.close();
    transport.close();
    await emulator.close();
  });

  it('spaces 12 parallel calls so that the server refuses none', async () => {
    const pipeline = pipelineWith(1);
    const results = await Promise.all(Array.from({ length: 12 }, () => pipeline.call('GET Console/User/Lists', {})));
    expect(results).toHaveLength(12);
    expect(server429).toBe(0);
    const usage = await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/User/Lists' });
    expect(usage?.windows[0]?.used).toBeGreaterThan(0);
  });

  it('pauses the key for the wait the server named when someone else spent the budget', async () => {
    for (let i = 0; i < 5; i++) {
      await (
        await fetch(`${emulator.urls.http}${LISTS}`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer();
    }
    const pipeline = pipelineWith(1);
    const error = await pipeline.call('GET Console/User/Lists', {}).catch((e: unknown) => e);
    expect(MailUpError.is(error, 'throttled')).toBe(true);
    expect((error as MailUpError).retryAfterMs).toBeGreaterThan(0);
    expect((error as MailUpError).retryAfterMs).toBeLessThanOrEqual(1000);
    expect(server429).toBe(1);
    const usage = await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/User/Lists' });
    expect(usage?.pausedUntil).toBeGreaterThan(Date.now());
    // The reservation is not refunded (the request reached the server), and the next call waits out the pause.
    expect(usage?.windows[0]?.used).toBe(1);
    await expect(pipelineWith(1).call('GET Console/User/Lists', {})).resolves.toBeDefined();
    expect(server429).toBe(1);
  });

  it('refunds the reservation when the request never left the machine (connection refused)', async () => {
    const url = emulator.urls.http;
    await emulator.close();
    const pipeline = pipelineWith(1);
    const error = await pipeline.call('GET Console/User/Lists', {}).catch((e: unknown) => e);
    expect(MailUpError.is(error)).toBe(true);
    expect((error as MailUpError).sent).toBe('no');
    const usage = await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/User/Lists' });
    expect(usage?.windows[0]?.used).toBe(0);
    emulator = await startEmulator();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});

describe('quotaMiddleware against a server that names an absurd wait', () => {
  let server: Server;
  let url: string;
  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '999999999' });
      res.end(JSON.stringify({ ErrorCode: '429', ErrorDescription: 'Too Many Requests', ErrorName: 'Throttled' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('pauses the key for at most maxServerPauseMs (Retry-After: 999999999 over a real socket) and warns once', async () => {
    const warnings: { fields: unknown; message: string }[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (fields, message) => warnings.push({ fields, message: String(message) }),
    };
    const limiter = new Limiter({ account: 51234, logger });
    const transport = new HttpTransport({ protocol: 'rest' });
    const pipeline = new Pipeline({ protocol: 'rest', retryPolicy: retryPolicy({ maxAttempts: 1 }) });
    pipeline.stack
      .add(
        async (ctx, next) => {
          ctx.request = { method: 'GET', url: `${url}${LISTS}`, headers: {} };
          return next();
        },
        { step: 'serialize', name: 'test:serialize' },
      )
      .add(quotaMiddleware(limiter), { step: 'quota', name: 'limits:quota' })
      .add(transportMiddleware(transport), { step: 'transport', name: 'core:transport' })
      .add(
        async (ctx) => {
          const res = ctx.response as HttpResponse;
          throw restError(res.status, String(res.body), { operation: ctx.operation.id, headers: res.headers });
        },
        { step: 'deserialize', name: 'test:json' },
      );
    try {
      const before = Date.now();
      const error = await pipeline.call('GET Console/User/Lists', {}).catch((e: unknown) => e);
      expect(MailUpError.is(error, 'throttled')).toBe(true);
      expect((error as MailUpError).retryAfterMs).toBe(999_999_999_000);
      const usage = await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/User/Lists' });
      expect(usage?.pausedUntil).toBeGreaterThanOrEqual(before + 300_000);
      expect(usage?.pausedUntil).toBeLessThanOrEqual(Date.now() + 300_000);
      const again = await pipeline.call('GET Console/User/Lists', {}).catch((e: unknown) => e);
      expect(MailUpError.is(again, 'quota-exhausted')).toBe(true); // refused locally: nothing sent
      expect(warnings.filter((w) => /clamped/.test(w.message))).toHaveLength(1);
    } finally {
      await limiter.close();
      transport.close();
    }
  });
});
