import { describe, expect, it } from 'vitest';
import {
  type ClientPlugin,
  definePlugin,
  type HttpRequest,
  type HttpResponse,
  MailUpError,
  ManualClock,
  operationOf,
  ProtocolClient,
  type ProtocolClientOptions,
  type Transport,
  type TransportAttempt,
  type TransportSettings,
} from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

/** A transport that answers from a script and records every send with its attempt facts. */
function scriptedTransport(answers: Array<HttpResponse | (() => never)> = []) {
  const sent: Array<{ request: HttpRequest; attempt: TransportAttempt }> = [];
  let closed = 0;
  const transport: Transport<HttpRequest, HttpResponse> & { close(): void } = {
    async send(request, attempt) {
      sent.push({ request, attempt });
      const next = answers.shift() ?? { status: 200, headers: {}, body: '{"ok":true}', url: request.url };
      if (typeof next === 'function') return next();
      return next;
    },
    close() {
      closed++;
    },
  };
  return { transport, sent, closed: () => closed };
}

/** A plugin that records the operation (and its policy name) each attempt reaches the quota step with. */
function recordingQuota(seen: string[]): ClientPlugin {
  return definePlugin('test:quota', [
    {
      step: 'quota',
      name: 'test:quota',
      middleware: async (ctx, next) => {
        seen.push(`${ctx.operation}→${operationOf(ctx)?.policy ?? ctx.operation}`);
        return next();
      },
    },
  ]);
}

function client(
  overrides: Partial<ProtocolClientOptions<HttpRequest, HttpResponse, string[]>> = {},
  transport = scriptedTransport().transport,
) {
  return new ProtocolClient<HttpRequest, HttpResponse, string[]>({
    protocol: 'rest',
    operations: [
      { name: 'GET Lists', method: 'GET', path: '/Lists', retryClass: 'read', policy: 'GET Console/User/Lists' },
      { name: 'POST Send', method: 'POST', path: '/Send', retryClass: 'send' },
    ],
    config: { transport, clock: new ManualClock(T0), retryPolicy: { baseDelayMs: 0, capDelayMs: 0 } },
    createTransport: () => {
      throw new Error('no default transport in this test');
    },
    serialize: (op, input) => ({
      method: op.method ?? 'GET',
      url: `https://api.example${op.path}`,
      body: input as string,
    }),
    deserialize: (res) => JSON.parse(String(res.body)),
    limiterPlugin: (seen) => recordingQuota(seen),
    ...overrides,
  });
}

describe('ProtocolClient (the client template: operation table + plugins on one pipeline)', () => {
  it('runs a table operation through serialize → quota → transport → deserialize, with the row available to every step', async () => {
    const seen: string[] = [];
    const { transport, sent } = scriptedTransport();
    const c = client({ config: { transport, limiter: seen } }, transport);
    expect(await c.call('GET Lists', undefined)).toEqual({ ok: true });
    expect(sent.map((s) => `${s.request.method} ${s.request.url}`)).toEqual(['GET https://api.example/Lists']);
    expect(seen).toEqual(['GET Lists→GET Console/User/Lists']);
    expect(c.plugins).toEqual(['test:quota']);
    expect(c.pipeline.stack.describe()).toEqual([
      'initialize:core:initialize',
      'initialize:rest:prepare',
      'serialize:rest:serialize',
      'retry:core:retry',
      'quota:test:quota',
      'transport:core:transport',
      'deserialize:rest:deserialize',
    ]);
  });

  it('applies a plugin once even when it is named twice (the limiter and the plugins list)', () => {
    const seen: string[] = [];
    const c = client({
      config: { transport: scriptedTransport().transport, limiter: seen, plugins: [recordingQuota(seen)] },
    });
    expect(c.plugins).toEqual(['test:quota']);
    expect(c.pipeline.stack.describe().filter((s) => s.startsWith('quota:'))).toEqual(['quota:test:quota']);
  });

  it('refuses a limiter when the protocol has no quota plugin (validation, before any call)', () => {
    expect(() => client({ limiterPlugin: undefined, config: { limiter: [] } })).toThrow(
      expect.objectContaining({ kind: 'validation', message: expect.stringMatching(/cannot use a limiter/) }),
    );
  });

  it('takes retry classes from the table: a read is repeated after a transient failure, a send after an ambiguous one is not', async () => {
    const transient = () => {
      throw new MailUpError({ kind: 'transient', protocol: 'rest', message: 'ECONNREFUSED', bytesMayHaveLeft: false });
    };
    const ambiguous = () => {
      throw new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'reset after the request was sent' });
    };
    const reads = scriptedTransport([transient as () => never]);
    expect(await client({}, reads.transport).call('GET Lists', undefined)).toEqual({ ok: true });
    expect(reads.sent).toHaveLength(2);
    const sends = scriptedTransport([ambiguous as () => never]);
    await expect(client({}, sends.transport).call('POST Send', 'x')).rejects.toMatchObject({ kind: 'ambiguous' });
    expect(sends.sent).toHaveLength(1);
  });

  it('request() runs an operation that is not in the table on the same pipeline, as a send unless told otherwise', async () => {
    const seen: string[] = [];
    const { transport, sent } = scriptedTransport([
      (() => {
        throw new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'lost' });
      }) as () => never,
    ]);
    const c = client({ config: { transport, limiter: seen } }, transport);
    await expect(c.request({ name: 'POST Newer', method: 'POST', path: '/Newer' } as never, 'b')).rejects.toMatchObject(
      {
        kind: 'ambiguous',
      },
    );
    expect(sent).toHaveLength(1); // a send is never repeated once bytes may have left
    expect(await c.request({ name: 'GET Newer', method: 'GET', path: '/Newer', retryClass: 'read' })).toEqual({
      ok: true,
    });
    expect(seen).toEqual(['POST Newer→POST Newer', 'GET Newer→GET Newer']);
  });

  it('an unknown operation is a validation error and nothing is sent', async () => {
    const { transport, sent } = scriptedTransport();
    await expect(client({}, transport).call('GET Nope', undefined)).rejects.toMatchObject({ kind: 'validation' });
    expect(sent).toEqual([]);
  });

  it('gives every exchange the configured timeoutMs as a deadline, and a per-call timeout wins', async () => {
    const clock = new ManualClock(T0);
    const { transport, sent } = scriptedTransport();
    const c = client({ config: { transport, clock, timeoutMs: 5_000 } }, transport);
    await c.call('GET Lists', undefined);
    await c.call('GET Lists', undefined, { timeoutMs: 1_000 });
    expect(sent.map((s) => (s.attempt.deadline ?? 0) - T0)).toEqual([5_000, 1_000]);
  });

  it('builds its default transport from the configuration (user agent, proxy, timeout) and closes only that one', () => {
    const settings: TransportSettings[] = [];
    const own = scriptedTransport();
    const c = client({
      config: { userAgent: 'my-app/1.0', proxy: false, timeoutMs: 2_000 },
      createTransport: (s) => {
        settings.push(s);
        return own.transport;
      },
    });
    expect(settings).toEqual([expect.objectContaining({ userAgent: 'my-app/1.0', proxy: false, timeoutMs: 2_000 })]);
    c.close();
    expect(own.closed()).toBe(1);
    const given = scriptedTransport();
    client({}, given.transport).close();
    expect(given.closed()).toBe(0);
  });

  it('refuses an operation table with a duplicate or class-less row', () => {
    expect(() =>
      client({
        operations: [
          { name: 'A', retryClass: 'read' },
          { name: 'A', retryClass: 'read' },
        ],
      }),
    ).toThrow(/listed twice/);
    expect(() => client({ operations: [{ name: 'B' } as never] })).toThrow(/retry class/);
  });
});
