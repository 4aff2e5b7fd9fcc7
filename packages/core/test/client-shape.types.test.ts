import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallEvent,
  CallObserver,
  ClientCallOptions,
  ClientConfig,
  ClientTlsOptions,
  CredentialStatus,
} from '../src/index.js';
import type { ProtocolClient } from '../src/pipeline/index.js';

// Issue 18: the names every client shares, locked at the type level (tsc checks this file: a renamed or
// misspelt option fails the typecheck, an unused @ts-expect-error too).

describe('core: the one client shape (types)', () => {
  it('ClientCallOptions: signal, timeoutMs, callId, parentCallId, deadline', () => {
    expectTypeOf<ClientCallOptions>().toEqualTypeOf<{
      signal?: AbortSignal;
      timeoutMs?: number;
      callId?: string;
      parentCallId?: string;
      deadline?: number;
    }>();
    // @ts-expect-error a misspelt option is refused
    const wrong: ClientCallOptions = { callID: 'x' };
    void wrong;
  });

  it('ClientConfig: observer (one function) and tls: { ca }', () => {
    expectTypeOf<ClientConfig['observer']>().toEqualTypeOf<CallObserver | undefined>();
    expectTypeOf<CallObserver>().toEqualTypeOf<(event: CallEvent) => void>();
    expectTypeOf<ClientConfig['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    const config: ClientConfig = { tls: { ca: '-----BEGIN CERTIFICATE-----' }, observer: () => {} };
    void config;
    // @ts-expect-error the CA lives under tls
    const flat: ClientConfig = { ca: 'pem' };
    void flat;
    // @ts-expect-error the observer is a function, not an { onEvent } object
    const object: ClientConfig = { observer: { onEvent: () => {} } };
    void object;
  });

  it('every event has the base fields; the event types are the seven of the contract', () => {
    expectTypeOf<CallEvent['type']>().toEqualTypeOf<
      | 'request'
      | 'response'
      | 'retry'
      | 'throttled'
      | 'credential-renewed'
      | 'reauthorization-required'
      | 'credentials-unsaved'
    >();
    expectTypeOf<CallEvent>().toHaveProperty('callId').toEqualTypeOf<string>();
    expectTypeOf<CallEvent>().toHaveProperty('operation').toEqualTypeOf<string>();
    expectTypeOf<CallEvent>().toHaveProperty('attempt').toEqualTypeOf<number>();
    expectTypeOf<CallEvent>().toHaveProperty('at').toEqualTypeOf<number>();
  });

  it('close() is asynchronous; status() states', () => {
    expectTypeOf<ProtocolClient<unknown, unknown>['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<CredentialStatus['state']>().toEqualTypeOf<
      'absent' | 'valid' | 'expiring' | 'expired' | 'reauthorization-required'
    >();
    expectTypeOf<CredentialStatus>().toHaveProperty('expiresAt').toEqualTypeOf<number | undefined>();
  });
});
