import {
  type HttpRequest,
  type HttpResponse,
  MailUpError,
  type Transport,
  type TransportAttempt,
} from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { RestClient, type TokenManager } from '../src/index.js';

/** Hands out one fixed token; the REST client only asks for it and refreshes it on a 401. */
const tokens = {
  getAccessToken: async () => 'tok-1',
  forceRefresh: async () => undefined,
} as unknown as TokenManager;

class FakeTransport implements Transport<HttpRequest, HttpResponse> {
  readonly sent: Array<{ request: HttpRequest; attempt: TransportAttempt }> = [];
  constructor(private readonly body: string) {}
  async send(request: HttpRequest, attempt: TransportAttempt): Promise<HttpResponse> {
    this.sent.push({ request, attempt });
    attempt.markSent('maybe');
    return { status: 200, headers: { 'content-type': 'application/json' }, body: this.body, url: request.url };
  }
  summarize(request: HttpRequest) {
    return { method: request.method, url: request.url };
  }
}

describe('RestClient on the core seams', () => {
  it('bad input is a validation error labelled rest (not oauth), and nothing is sent', async () => {
    const transport = new FakeTransport('{}');
    const client = new RestClient({ tokens, transport, baseUrl: 'https://api.example' });
    const error = await client.userLists({ pageSize: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', protocol: 'rest', operation: 'GET Console/User/Lists' });
    expect(() => new RestClient({ tokens, transport, baseUrl: 'ftp://api.example' })).toThrow(
      expect.objectContaining({ kind: 'validation', protocol: 'rest' }),
    );
    expect(transport.sent).toHaveLength(0);
  });

  it('a 200 answer that is not JSON is mapped inside the pipeline: a permanent error with status and request', async () => {
    const transport = new FakeTransport('<html>maintenance</html>');
    const client = new RestClient({ tokens, transport, baseUrl: 'https://api.example' });
    const seen: unknown[] = [];
    client.pipeline.stack.add(
      async (_ctx, next) => {
        try {
          return await next();
        } catch (error) {
          seen.push(error);
          throw error;
        }
      },
      { step: 'quota', name: 'test:observer' },
    );
    const error = await client.authenticationInfo().catch((e: unknown) => e);
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(error).toMatchObject({
      protocol: 'rest',
      httpStatus: 200,
      request: {
        method: 'GET',
        url: 'https://api.example/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info',
      },
    });
    // A middleware of the pipeline sees the typed error, not a bare SyntaxError.
    expect(MailUpError.is(seen[0], 'permanent')).toBe(true);
  });

  it('the bearer token goes through the build step into the request the transport sends', async () => {
    const info = {
      Company: 'C',
      ExpiryDate: '2099-12-31 00:00:00.000',
      IsTrial: false,
      UID: '1',
      Url: 'x',
      Username: 'm1',
      Version: '9.0.0',
    };
    const transport = new FakeTransport(JSON.stringify(info));
    const client = new RestClient({ tokens, transport, baseUrl: 'https://api.example' });
    await expect(client.authenticationInfo()).resolves.toEqual(info);
    expect(transport.sent[0]?.request.headers).toMatchObject({
      authorization: 'Bearer tok-1',
      accept: 'application/json',
    });
    expect(transport.sent[0]?.attempt).toMatchObject({ attempt: 1, operation: 'rest:GET Console/Authentication/Info' });
    expect(client.pipeline.stack.describe().some((entry) => entry.startsWith('build:'))).toBe(true);
  });
});
