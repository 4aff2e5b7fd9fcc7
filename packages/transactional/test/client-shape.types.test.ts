import type { ClientCallOptions, ClientTlsOptions } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { SendApiClient, SendApiClientOptions, SmsClient, SmsClientOptions } from '../src/index.js';

// Issue 18: the Send API's SMTP+ credentials are user / password, as for the relay; tls from ClientConfig.

describe('transactional: the one client shape (types)', () => {
  it('user / password, tls, per-call options, async close', () => {
    expectTypeOf<SendApiClientOptions['user']>().toEqualTypeOf<string>();
    expectTypeOf<SendApiClientOptions['password']>().toEqualTypeOf<string>();
    expectTypeOf<SendApiClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<SmsClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<SendApiClient['sendMessage']>().parameter(1).toEqualTypeOf<ClientCallOptions | undefined>();
    expectTypeOf<SendApiClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<SmsClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error username / secret were renamed user / password
    const wrong: SendApiClientOptions = { username: 's12345_1', secret: 'x' };
    void wrong;
  });
});
