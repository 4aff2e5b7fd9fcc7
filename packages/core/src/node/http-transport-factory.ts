import type { ClientTlsOptions, TransportSettings } from '../client/client-config.js';
import type { Protocol } from '../errors/error-kind.js';
import type { HttpTlsOptions, HttpTransportOptions } from './http-common.js';
import { HttpTransport } from './http-transport.js';

/** What a protocol client fixes for its default HTTP transport beyond the shared {@link TransportSettings}. */
export type HttpTransportExtras = Omit<
  HttpTransportOptions,
  'protocol' | 'logger' | 'userAgent' | 'timeoutMs' | 'proxy' | 'tls'
>;

/**
 * The one factory of every HTTP client's default transport (REST, SOAP, Import, WSActivation, frontend, Send API,
 * SMS): an {@link HttpTransport} for `protocol` from the client's shared settings (logger, user agent, timeout,
 * proxy, `tls: { ca }`) plus the protocol's own extras (e.g. `allowInsecureHttp`, `maxResponseBytes`).
 *
 * @example
 * ```ts
 * const client = new ProtocolClient({ protocol: 'txsms', createTransport: httpTransportFactory('txsms'), … });
 * ```
 */
export function httpTransportFactory(
  protocol: Protocol,
  extras: HttpTransportExtras = {},
): (settings: TransportSettings) => HttpTransport {
  return (settings) => new HttpTransport(httpTransportOptions(protocol, settings, extras));
}

/** The {@link HttpTransportOptions} {@link httpTransportFactory} builds its transport from. */
export function httpTransportOptions(
  protocol: Protocol,
  settings: TransportSettings,
  extras: HttpTransportExtras = {},
): HttpTransportOptions {
  const { logger, userAgent, timeoutMs, proxy, tls } = settings;
  return {
    ...extras,
    protocol,
    ...(logger === undefined ? {} : { logger }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(proxy === undefined ? {} : { proxy }),
    ...(tls === undefined ? {} : { tls: httpTls(tls) }),
  };
}

/** A client's `tls` as the transport takes it (byte arrays as Buffers; `rejectUnauthorized` passed on, so refused). */
function httpTls(tls: ClientTlsOptions): HttpTlsOptions {
  const bytes = (value: string | Uint8Array) => (typeof value === 'string' ? value : Buffer.from(value));
  const ca = tls.ca;
  const out: HttpTlsOptions = { ...(tls as HttpTlsOptions) };
  if (ca === undefined) delete out.ca;
  else out.ca = Array.isArray(ca) ? ca.map(bytes) : bytes(ca as string | Uint8Array);
  return out;
}
