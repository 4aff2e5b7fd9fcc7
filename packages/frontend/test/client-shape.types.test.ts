import type { ClientCallOptions, ClientTlsOptions } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { FrontendClient, FrontendClientOptions, SubscribeFormOptions, SubscribeInput } from '../src/index.js';

// Issue 18: the console host is consoleUrl (as for Import and WSActivation), tls comes from ClientConfig.

describe('frontend: the one client shape (types)', () => {
  it('consoleUrl, tls, per-call options, async close', () => {
    expectTypeOf<FrontendClientOptions['consoleUrl']>().toEqualTypeOf<string>();
    expectTypeOf<SubscribeFormOptions['consoleUrl']>().toEqualTypeOf<string>();
    expectTypeOf<FrontendClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<SubscribeInput>().toMatchTypeOf<ClientCallOptions>();
    expectTypeOf<FrontendClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error baseUrl was renamed consoleUrl
    const wrong: FrontendClientOptions = { baseUrl: 'http://abcd.emailsp.net' };
    void wrong;
  });
});
