import type { CallObserver, ClientCallOptions } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { SmtpPlusRelay, SmtpPlusRelayOptions } from '../src/index.js';

// Issue 18: the relay's CA is tls: { ca } like every client's, per-call ids and deadline, async close.

describe('smtp: the one client shape (types)', () => {
  it('user / password, tls: { ca }, observer, per-call options, async close', () => {
    expectTypeOf<SmtpPlusRelayOptions['user']>().toEqualTypeOf<string>();
    expectTypeOf<SmtpPlusRelayOptions['password']>().toEqualTypeOf<string>();
    expectTypeOf<SmtpPlusRelayOptions['observer']>().toEqualTypeOf<CallObserver | undefined>();
    const options: SmtpPlusRelayOptions = { user: 's1_1', password: 'p', tls: { ca: 'pem' } };
    void options;
    expectTypeOf<SmtpPlusRelay['send']>().parameter(1).toEqualTypeOf<ClientCallOptions | undefined>();
    expectTypeOf<SmtpPlusRelay['close']>().returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error the CA is tls: { ca }
    const flat: SmtpPlusRelayOptions = { user: 's1_1', password: 'p', ca: 'pem' };
    void flat;
  });
});
