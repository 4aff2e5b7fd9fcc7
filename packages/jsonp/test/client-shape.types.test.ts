import type { ClientCallOptions } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { JsonpGet, JsonpRestClient } from '../src/node/index.js';

// Issue 18: the JSONP client takes the per-call ids and deadline and closes asynchronously.

describe('jsonp: the one client shape (types)', () => {
  it('per-call options, async close', () => {
    expectTypeOf<JsonpGet>().toMatchTypeOf<ClientCallOptions>();
    const call: JsonpGet = { path: '/x', callId: 'c', parentCallId: 'p', deadline: 1 };
    void call;
    expectTypeOf<JsonpRestClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error a misspelt option is refused
    const wrong: JsonpGet = { path: '/x', deadlineMs: 1 };
    void wrong;
  });
});
