import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { silentLogger } from '../src/logger.js';
import type { CallContext } from '../src/pipeline/call-context.js';
import type { Middleware } from '../src/pipeline/middleware.js';
import { MiddlewareStack } from '../src/pipeline/middleware-stack.js';
import { operationRow } from '../src/pipeline/operation.js';
import { PIPELINE_STEPS } from '../src/pipeline/steps.js';

function context(): CallContext {
  return {
    callId: 'c1',
    protocol: 'rest',
    operation: operationRow('rest', { name: 'Op', retryClass: 'read' }),
    retryClass: 'read',
    input: {},
    request: undefined,
    credentials: undefined,
    wire: undefined,
    response: 'raw',
    attempt: 1,
    signal: undefined,
    sent: 'no',
    exchanges: 0,
    logger: silentLogger,
    clock: new ManualClock(),
    items: new Map(),
  };
}

const tracing =
  (trace: string[], name: string): Middleware =>
  async (_ctx, next) => {
    trace.push(`>${name}`);
    const result = await next();
    trace.push(`<${name}`);
    return result;
  };

describe('MiddlewareStack', () => {
  it('orders middleware by step whatever the order they were added in, and runs them outermost first', async () => {
    const trace: string[] = [];
    const stack = new MiddlewareStack();
    for (const step of [...PIPELINE_STEPS].reverse()) stack.add(tracing(trace, step), { step, name: step });
    expect(stack.describe()).toEqual(PIPELINE_STEPS.map((s) => `${s}:${s}`));
    expect(await stack.run(context())).toBe('raw');
    expect(trace).toEqual([
      ...PIPELINE_STEPS.map((s) => `>${s}`),
      ...[...PIPELINE_STEPS].reverse().map((s) => `<${s}`),
    ]);
  });

  it('adds last by default, first on request, before and after a named middleware in its step', () => {
    const stack = new MiddlewareStack();
    const noop: Middleware = async (_c, next) => next();
    stack.add(noop, { step: 'serialize', name: 'b' });
    stack.add(noop, { step: 'serialize', name: 'c' });
    stack.add(noop, { step: 'serialize', name: 'a', position: 'first' });
    stack.add(noop, { step: 'deserialize', name: 'z' });
    stack.add(noop, { step: 'initialize', name: 'i' });
    stack.addBefore('c', noop, { name: 'b2' });
    stack.addAfter('z', noop, { name: 'z2' });
    stack.addAfter('i', noop, { name: 'i2' });
    expect(stack.describe()).toEqual([
      'initialize:i',
      'initialize:i2',
      'serialize:a',
      'serialize:b',
      'serialize:b2',
      'serialize:c',
      'deserialize:z',
      'deserialize:z2',
    ]);
  });

  it('replaces in place and removes', async () => {
    const stack = new MiddlewareStack();
    stack.add(async () => 'old', { step: 'deserialize', name: 'parse' });
    stack.add(async (_c, next) => next(), { step: 'auth', name: 'auth' });
    stack.replace('parse', async () => 'new');
    expect(stack.describe()).toEqual(['auth:auth', 'deserialize:parse']);
    expect(await stack.run(context())).toBe('new');
    expect(stack.remove('auth')).toBe(true);
    expect(stack.remove('auth')).toBe(false);
    expect(stack.has('auth')).toBe(false);
    expect(stack.describe()).toEqual(['deserialize:parse']);
  });

  it('refuses duplicate names, unknown targets, unknown steps and empty names with a validation error', () => {
    const stack = new MiddlewareStack('soap');
    const noop: Middleware = async (_c, next) => next();
    stack.add(noop, { step: 'auth', name: 'auth' });
    const attempts = [
      () => stack.add(noop, { step: 'transport', name: 'auth' }),
      () => stack.addBefore('auth', noop, { name: 'auth' }),
      () => stack.addAfter('missing', noop, { name: 'x' }),
      () => stack.replace('missing', noop),
      () => stack.add(noop, { step: 'bogus' as 'auth', name: 'y' }),
      () => stack.add(noop, { step: 'auth', name: '' }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MailUpError);
      expect(caught).toMatchObject({ kind: 'validation', protocol: 'soap' });
    }
    expect(stack.describe()).toEqual(['auth:auth']);
  });

  it('clone() is independent of the original', () => {
    const stack = new MiddlewareStack();
    stack.add(async (_c, n) => n(), { step: 'auth', name: 'auth' });
    const copy = stack.clone();
    copy.remove('auth');
    copy.add(async (_c, n) => n(), { step: 'quota', name: 'quota' });
    expect(stack.describe()).toEqual(['auth:auth']);
    expect(copy.describe()).toEqual(['quota:quota']);
    expect(stack.list().map((e) => e.name)).toEqual(['auth']);
  });

  it('lets a middleware short-circuit (not call next) and see errors from inner steps', async () => {
    const stack = new MiddlewareStack();
    const seen: string[] = [];
    stack.add(
      async (_c, next) => {
        try {
          return await next();
        } catch (error) {
          seen.push((error as Error).message);
          return 'recovered';
        }
      },
      { step: 'auth', name: 'catcher' },
    );
    stack.add(
      async () => {
        throw new Error('inner');
      },
      { step: 'transport', name: 'thrower' },
    );
    stack.add(async () => 'never', { step: 'deserialize', name: 'after' });
    expect(await stack.run(context())).toBe('recovered');
    expect(seen).toEqual(['inner']);
  });
});

describe('MiddlewareStack.run (issue 17: the pass-through steps are plain functions, the order is built once per change)', () => {
  it('a middleware that throws instead of rejecting is a rejected next() for the one before it', async () => {
    const stack = new MiddlewareStack();
    stack.add((_ctx, next) => next().catch((error: Error) => `recovered from ${error.message}`), {
      step: 'initialize',
      name: 'outer',
    });
    stack.add(
      () => {
        throw new Error('sync');
      },
      { step: 'serialize', name: 'thrower' },
    );
    await expect(stack.run(context())).resolves.toBe('recovered from sync');
  });

  it('a change made while a call runs applies from the next call on; the running call keeps its order', async () => {
    const stack = new MiddlewareStack();
    const trace: string[] = [];
    stack.add(
      async (_ctx, next) => {
        stack.add(tracing(trace, 'late'), { step: 'deserialize', name: 'late' });
        return next();
      },
      { step: 'initialize', name: 'adder' },
    );
    stack.add(tracing(trace, 'serialize'), { step: 'serialize', name: 'serialize' });
    await stack.run(context());
    expect(trace).toEqual(['>serialize', '<serialize']);
    stack.remove('adder');
    trace.length = 0;
    await stack.run(context());
    expect(trace).toEqual(['>serialize', '>late', '<late', '<serialize']);
    stack.replace('late', tracing(trace, 'replaced'));
    trace.length = 0;
    await stack.run(context());
    expect(trace).toEqual(['>serialize', '>replaced', '<replaced', '<serialize']);
  });
});
