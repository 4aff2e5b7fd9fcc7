import { describe, expect, it, vi } from 'vitest';
import {
  type ClientPlugin,
  type HttpRequest,
  type HttpResponse,
  MailUpError,
  ManualClock,
  type Transport,
  type TransportAttempt,
  type TransportSettings,
} from '../src/index.js';
import {
  definePlugin,
  type Operation,
  operationTable,
  ProtocolClient,
  type ProtocolClientOptions,
} from '../src/pipeline/index.js';

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
        seen.push(`${ctx.operation.id}→${ctx.operation.policy}`);
        return next();
      },
    },
  ]);
}

const OPS = operationTable('rest', [
  { name: 'GET Lists', method: 'GET', path: '/Lists', retryClass: 'read', policy: 'GET Console/User/Lists' },
  { name: 'POST Send', method: 'POST', path: '/Send', retryClass: 'send' },
]);

function client(
  overrides: Partial<ProtocolClientOptions<HttpRequest, HttpResponse, string[], Operation>> = {},
  transport = scriptedTransport().transport,
) {
  return new ProtocolClient<HttpRequest, HttpResponse, string[], Operation>({
    protocol: 'rest',
    operations: OPS,
    config: { transport, clock: new ManualClock(T0), retryPolicy: { baseDelayMs: 0, capDelayMs: 0 } },
    createTransport: () => {
      throw new Error('no default transport in this test');
    },
    serialize: (input, { operation }) => ({
      method: operation.method ?? 'GET',
      url: `https://api.example${operation.path}`,
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
    expect(await c.call(OPS['GET Lists'], undefined)).toEqual({ ok: true });
    expect(sent.map((s) => `${s.request.method} ${s.request.url}`)).toEqual(['GET https://api.example/Lists']);
    expect(seen).toEqual(['rest:GET Lists→GET Console/User/Lists']);
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

  it('refuses a second plugin whose middleware names are taken (it used to be dropped silently), unless it says override', async () => {
    // Regression: quotaPlugin(limiterB) after quotaPlugin(limiterA) was skipped without a word, so B never counted.
    const first: string[] = [];
    const second: string[] = [];
    expect(() =>
      client({
        config: { transport: scriptedTransport().transport, limiter: first, plugins: [recordingQuota(second)] },
      }),
    ).toThrow(
      expect.objectContaining({
        kind: 'validation',
        message: expect.stringMatching(/already has "test:quota".*override/),
      }),
    );
    const overriding: ClientPlugin = { ...recordingQuota(second), override: true };
    const { transport } = scriptedTransport();
    const c = client({ config: { transport, limiter: first, plugins: [overriding] } }, transport);
    expect(c.plugins).toEqual(['test:quota', 'test:quota']);
    expect(c.pipeline.stack.describe().filter((s) => s.startsWith('quota:'))).toEqual(['quota:test:quota']);
    await c.call(OPS['GET Lists'], undefined);
    expect({ first, second }).toEqual({ first: [], second: ['rest:GET Lists→GET Console/User/Lists'] });
    expect(definePlugin('p', [], { override: true }).override).toBe(true);
  });

  it('refuses a limiter when the protocol has no quota plugin (validation, before any call)', () => {
    expect(() => client({ limiterPlugin: undefined, config: { limiter: [] } })).toThrow(
      expect.objectContaining({ kind: 'validation', message: expect.stringMatching(/cannot use a limiter/) }),
    );
  });

  it('takes retry classes from the table: a read is repeated after a transient failure, a send after an ambiguous one is not', async () => {
    const transient = () => {
      throw new MailUpError({ kind: 'transient', protocol: 'rest', message: 'ECONNREFUSED', sent: 'no' });
    };
    const ambiguous = () => {
      throw new MailUpError({ kind: 'ambiguous', protocol: 'rest', message: 'reset after the request was sent' });
    };
    const reads = scriptedTransport([transient as () => never]);
    expect(await client({}, reads.transport).call(OPS['GET Lists'], undefined)).toEqual({ ok: true });
    expect(reads.sent).toHaveLength(2);
    const sends = scriptedTransport([ambiguous as () => never]);
    await expect(client({}, sends.transport).call(OPS['POST Send'], 'x')).rejects.toMatchObject({ kind: 'ambiguous' });
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
    expect(seen).toEqual(['rest:POST Newer→POST Newer', 'rest:GET Newer→GET Newer']);
  });

  it('a call that is not given a row is a validation error and nothing is sent', async () => {
    const { transport, sent } = scriptedTransport();
    await expect(client({}, transport).call('GET Lists' as never, undefined)).rejects.toMatchObject({
      kind: 'validation',
    });
    expect(sent).toEqual([]);
  });

  it('the row reaches every step by reference: no lookup by name once the call has started', async () => {
    const { transport } = scriptedTransport();
    const seenRows: unknown[] = [];
    const spy = definePlugin('test:rows', [
      ...(['quota', 'auth', 'build', 'transport', 'deserialize'] as const).map((step) => ({
        step,
        name: `test:rows:${step}`,
        position: 'first' as const,
        middleware: async (ctx: { operation: unknown }, next: () => Promise<unknown>) => {
          seenRows.push(ctx.operation);
          return next();
        },
      })),
    ]);
    const c = client({ config: { transport, plugins: [spy] } }, transport);
    const lookups = vi.spyOn(c.operations, 'get');
    await c.call(OPS['GET Lists'], undefined);
    expect(lookups).not.toHaveBeenCalled();
    expect(seenRows).toHaveLength(5);
    for (const row of seenRows) expect(row).toBe(OPS['GET Lists']);
  });

  it('gives every exchange the configured timeoutMs as a deadline, and a per-call timeout wins', async () => {
    const clock = new ManualClock(T0);
    const { transport, sent } = scriptedTransport();
    const c = client({ config: { transport, clock, timeoutMs: 5_000 } }, transport);
    await c.call(OPS['GET Lists'], undefined);
    await c.call(OPS['GET Lists'], undefined, { timeoutMs: 1_000 });
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
      operationTable('rest', [
        { name: 'A', retryClass: 'read' },
        { name: 'A', retryClass: 'read' },
      ]),
    ).toThrow(/listed twice/);
    expect(() => operationTable('rest', [{ name: 'B' } as never])).toThrow(/retry class/);
    expect(() => client({ operations: [{ name: 'B' } as never] })).toThrow(/retry class/);
  });

  it('ids follow the one scheme: <protocol>:<name>, or the id the row gives', () => {
    const t = operationTable('frontend', [
      { name: 'xmlSubscribe.aspx', id: 'frontend:xmlSubscribe', retryClass: 'send' },
    ]);
    expect(OPS['POST Send']).toMatchObject({ id: 'rest:POST Send', protocol: 'rest', policy: 'POST Send' });
    expect(t['xmlSubscribe.aspx']).toMatchObject({ id: 'frontend:xmlSubscribe', policy: 'xmlSubscribe.aspx' });
  });
});
