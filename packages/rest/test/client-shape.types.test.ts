import type { CallObserver, ClientCallOptions, ClientTlsOptions, CredentialStatus } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { RestCallOptions, RestClient, RestClientOptions, RestRequest, TokenManager } from '../src/index.js';

// Issue 18: REST takes the shared names (tls, observer, per-call ids and deadline), closes asynchronously, and its
// token manager answers status() without refreshing.

describe('rest: the one client shape (types)', () => {
  it('options and per-call options', () => {
    expectTypeOf<RestClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<RestClientOptions['observer']>().toEqualTypeOf<CallObserver | undefined>();
    expectTypeOf<RestCallOptions>().toMatchTypeOf<ClientCallOptions>();
    expectTypeOf<RestRequest>().toMatchTypeOf<ClientCallOptions>();
    const call: RestCallOptions = { callId: 'c', parentCallId: 'p', deadline: 1, accept: 'xml' };
    void call;
    // @ts-expect-error the parent call id is parentCallId
    const wrong: RestCallOptions = { parentId: 'p' };
    void wrong;
  });

  it('close() is a promise; status() never refreshes', () => {
    expectTypeOf<RestClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<TokenManager['status']>().returns.toEqualTypeOf<Promise<CredentialStatus>>();
    expectTypeOf<RestClient['lists']['get']>().parameter(1).toEqualTypeOf<RestCallOptions | undefined>();
  });
});
