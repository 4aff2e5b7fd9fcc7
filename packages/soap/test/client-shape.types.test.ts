import type { CallObserver, ClientCallOptions, ClientTlsOptions, CredentialStatus } from '@mailup-kit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AccessKeySession,
  ActivateWebServiceOptions,
  ImportClient,
  ImportClientOptions,
  SoapClient,
  SoapClientOptions,
} from '../src/index.js';

// Issue 18: SOAP, Import and WSActivation take the shared names: tls from ClientConfig, consoleUrl for the console
// host, per-call ids and deadline; close() is a promise; the access-key session answers status().

describe('soap: the one client shape (types)', () => {
  it('options', () => {
    expectTypeOf<SoapClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<ImportClientOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    expectTypeOf<SoapClientOptions['observer']>().toEqualTypeOf<CallObserver | undefined>();
    expectTypeOf<ImportClientOptions['consoleUrl']>().toEqualTypeOf<string>();
    expectTypeOf<ActivateWebServiceOptions['consoleUrl']>().toEqualTypeOf<string>();
    expectTypeOf<ActivateWebServiceOptions>().toMatchTypeOf<ClientCallOptions>();
    expectTypeOf<ActivateWebServiceOptions['tls']>().toEqualTypeOf<ClientTlsOptions | undefined>();
    // @ts-expect-error the console host is consoleUrl
    const wrong: Partial<ImportClientOptions> = { baseUrl: 'http://abcd.emailsp.net' };
    void wrong;
  });

  it('close() is a promise everywhere; status() on the session', () => {
    expectTypeOf<SoapClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<ImportClient['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<AccessKeySession['status']>().returns.toEqualTypeOf<Promise<CredentialStatus>>();
    expectTypeOf<SoapClient['getLists']>().parameter(0).toEqualTypeOf<ClientCallOptions | undefined>();
  });
});
