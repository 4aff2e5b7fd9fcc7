import type { LookupFunction } from 'node:net';
import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { HttpRequest } from '../http/http-message.js';
import { isLoopbackHost } from '../http/loopback-host.js';
import type { Logger } from '../logger.js';
import { redactString } from '../redaction/redact.js';
import type { TransportAttempt } from '../transport/transport.js';
import { CORE_VERSION } from '../version.js';
import { type ProxyConfig, parseProxyUrl } from './proxy.js';
import { type ResolvedAddress, refusedUrlReason, resolveLoopbackName } from './url-policy.js';

/** TLS settings. Verification is always on: `rejectUnauthorized: false` is refused with a validation error. */
export interface HttpTlsOptions {
  /** Extra CA certificates to trust (e.g. a corporate proxy CA, or a test CA). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Only `true` is accepted; present so that an attempt to switch verification off is caught loudly. */
  rejectUnauthorized?: boolean;
}

/** Options of {@link HttpTransport} (and of the axios adapter, `@mailup-kit/core/axios`). */
export interface HttpTransportOptions {
  /** Protocol named in errors (`rest`, `soap`, `frontend` …). */
  protocol: Protocol;
  /**
   * Default deadline of a whole exchange, ms: an absolute bound from the first connect attempt to the last body
   * byte (not an idle timeout: a server that trickles bytes cannot keep a call alive past it). At the deadline the
   * socket is destroyed and the call fails with `details.timedOut` (kind `ambiguous` once bytes may have left,
   * `transient` before). Default 30 000.
   */
  timeoutMs?: number;
  /** Response size cap in bytes, enforced while the body streams in. Default 20 MiB. */
  maxResponseBytes?: number;
  /** Request body cap in bytes. Default 50 MiB. */
  maxRequestBytes?: number;
  /**
   * Allows plain `http://` to non-loopback hosts, for services that only exist over http (frontend pages,
   * the Import service). Logged once per transport instance as a warning.
   */
  allowInsecureHttp?: boolean;
  tls?: HttpTlsOptions;
  /** Connections kept per origin. Default 16. */
  maxSockets?: number;
  /** Headers added to every request. A per-request header of the same name (any case) wins. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The `user-agent` of every request. Default `mailup-kit/<core version> node/<node version>`. A `user-agent` in
   * {@link HttpTransportOptions.headers} or in a request's headers wins over it.
   */
  userAgent?: string;
  /**
   * Forward proxy. Default: from the environment (`HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http URLs, also
   * lower-case; `NO_PROXY` / `no_proxy` lists hosts that go direct). A URL string
   * (`http://[user:pass@]host:port` or `https://[user:pass@]host:port`) uses that proxy for every request not
   * matched by {@link HttpTransportOptions.noProxy}; `false` ignores the environment and connects directly. Every
   * request through a proxy uses a CONNECT tunnel: for https the TLS session is negotiated inside the tunnel with
   * the origin and verified against the origin's certificate (the proxy never sees plaintext); plain http also goes
   * through CONNECT. An `https://` proxy is itself verified (with {@link HttpTlsOptions.ca} too). Loopback hosts
   * are never proxied. Proxy credentials are sent as `proxy-authorization` on the CONNECT only and never appear in
   * errors, logs or `util.inspect`.
   */
  proxy?: string | false;
  /**
   * Hosts that bypass the proxy (`NO_PROXY` syntax: comma list, `*`, domain suffixes, `host:port`). Default
   * `NO_PROXY` / `no_proxy` from the environment.
   */
  noProxy?: string;
  /** The environment read for the proxy variables. Default `process.env` (read once, at construction). */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** DNS lookup override (custom resolvers, tests). */
  lookup?: LookupFunction;
}

/** The proxies a transport uses, resolved once at construction. */
export interface ResolvedProxies {
  http?: ProxyConfig;
  https?: ProxyConfig;
  noProxy?: string;
}

/** Default request body cap (50 MiB) and response cap (20 MiB). */
export const DEFAULT_MAX_REQUEST_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * What every HTTP transport checks at construction: TLS verification not switched off, a valid timeout and
 * headers, the user agent; returns the user agent and the proxies.
 */
export function checkTransportOptions(options: HttpTransportOptions): { userAgent: string; proxies: ResolvedProxies } {
  if (options.tls?.rejectUnauthorized === false) {
    throw new MailUpError({
      kind: 'validation',
      protocol: options.protocol,
      message:
        'TLS verification cannot be switched off (tls.rejectUnauthorized: false); trust a CA with tls.ca instead',
    });
  }
  if (options.timeoutMs !== undefined) checkTimeout(options.protocol, options.timeoutMs);
  for (const [name, value] of Object.entries(options.headers ?? {})) checkHeader(options.protocol, name, value);
  const userAgent = options.userAgent ?? `mailup-kit/${CORE_VERSION} node/${process.versions.node}`;
  checkHeader(options.protocol, 'user-agent', userAgent);
  return { userAgent, proxies: resolveProxies(options) };
}

/**
 * Checks one request before anything is resolved or sent (transport open, URL and scheme policy, headers, body
 * cap); warns once per `state` about plain http to a non-loopback host. Returns the parsed URL.
 *
 * `state.lastHost` / `state.lastHostLoopback` memoise {@link isLoopbackHost} for the last host name seen (one
 * entry): the answer is a pure function of the name, so it can never go stale. Whether a loopback NAME still
 * resolves to loopback only is not memoised: {@link checkLoopbackName} asks the resolver on every request.
 */
export function checkRequest(
  options: HttpTransportOptions,
  state: TransportState,
  logger: Logger,
  request: HttpRequest,
  attempt: TransportAttempt,
): URL {
  const operation = attempt.operation;
  if (state.closed) throw refusal(options, operation, 'HttpTransport is closed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw refusal(options, operation, `invalid URL: ${redactString(String(request.url))}`);
  }
  if (url.protocol === 'http:') {
    const loopback = loopbackHost(state, url.hostname);
    if (!loopback && options.allowInsecureHttp !== true)
      throw refusal(options, operation, refusedUrlReason(url, false) as string);
    if (!loopback && !state.warnedInsecure) {
      state.warnedInsecure = true;
      logger.warn(
        { protocol: options.protocol, host: url.hostname },
        `mailup-kit: sending ${options.protocol} calls over plain http:// to ${url.hostname} (allowInsecureHttp is on)`,
      );
    }
  } else {
    const refused = refusedUrlReason(url, options.allowInsecureHttp === true);
    if (refused) throw refusal(options, operation, refused);
  }
  if (request.headers) {
    for (const name in request.headers) checkHeader(options.protocol, name, request.headers[name] as string, operation);
  }
  const limit = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const body = request.body;
  const size = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (size > limit) throw refusal(options, operation, `request body of ${size} bytes is over the ${limit}-byte limit`);
  const remaining = attempt.remainingMs();
  if (remaining !== undefined && Number.isNaN(remaining)) {
    throw refusal(
      options,
      operation,
      'the attempt deadline is not a number (a timeoutMs that is not a positive number of milliseconds?)',
    );
  }
  return url;
}

/** A `validation` refusal of a request (nothing was resolved or sent). */
function refusal(options: HttpTransportOptions, operation: string | undefined, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: options.protocol, operation, message });
}

/** What a transport keeps between requests (per instance, never shared). */
export interface TransportState {
  closed: boolean;
  warnedInsecure: boolean;
  /** The last host name classified by {@link isLoopbackHost}, and its answer (a one-entry memo of a pure function). */
  lastHost?: string;
  lastHostLoopback?: boolean;
}

/** {@link isLoopbackHost} of `hostname`, memoised for the last name in `state`. */
function loopbackHost(state: TransportState, hostname: string): boolean {
  if (state.lastHost !== hostname) {
    state.lastHostLoopback = isLoopbackHost(hostname);
    state.lastHost = hostname;
  }
  return state.lastHostLoopback === true;
}

/**
 * True when plain http to `url` goes to a loopback NAME that {@link checkLoopbackName} must resolve (and pin)
 * before anything is sent: `http:`, no `allowInsecureHttp`, a loopback host that is not an IP literal. Synchronous,
 * so a transport can skip the asynchronous check (and its promise) for every other URL. Call after
 * {@link checkRequest} with the same `state`.
 */
export function needsLoopbackLookup(options: HttpTransportOptions, state: TransportState, url: URL): boolean {
  if (url.protocol !== 'http:' || options.allowInsecureHttp === true) return false;
  const hostname = url.hostname;
  return loopbackHost(state, hostname) && !/^[\d.]+$|^\[/.test(hostname);
}

/**
 * Plain http to a loopback NAME (`localhost`, `*.localhost`) without `allowInsecureHttp` is allowed only when the
 * name resolves to loopback addresses only (with the transport's lookup); returns them so the connection uses
 * exactly those. `undefined` when there is nothing to pin (https, an IP literal, or the opt-in).
 */
export async function checkLoopbackName(
  options: HttpTransportOptions,
  url: URL,
  attempt: TransportAttempt,
): Promise<ResolvedAddress[] | undefined> {
  if (url.protocol !== 'http:' || options.allowInsecureHttp === true) return undefined;
  if (!isLoopbackHost(url.hostname) || /^[\d.]+$|^\[/.test(url.hostname)) return undefined;
  const result = await resolveLoopbackName(url.hostname, options.lookup);
  if ('refused' in result) {
    throw new MailUpError({
      kind: 'validation',
      protocol: options.protocol,
      operation: attempt.operation,
      message: result.refused,
    });
  }
  return result.addresses.length > 0 ? result.addresses : undefined;
}

/** Refuses a timeout that is not a positive finite number of ms a timer can hold. */
export function checkTimeout(protocol: Protocol, timeoutMs: number, operation?: string): void {
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new MailUpError({
      kind: 'validation',
      protocol,
      operation,
      message: `timeoutMs must be a positive number of milliseconds (at most 2147483647), got ${String(timeoutMs)}`,
    });
  }
}

/** Control characters (0x00-0x1F except HTAB, and DEL): never valid in a header name or value. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this regex exists to find control characters
const HEADER_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Control characters including HTAB, and DEL: never valid in a header name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this regex exists to find control characters
const NAME_CONTROL = /[\u0000-\u001f\u007f]/;

/** Refuses a header whose name or value holds a control character (never echoing the value). */
export function checkHeader(protocol: Protocol, name: string, value: string, operation?: string): void {
  const inName = name === '' || NAME_CONTROL.test(name);
  if (inName || HEADER_CONTROL.test(String(value))) {
    // The value is never echoed (it may be a credential); the name is shown with control characters escaped.
    const shown = JSON.stringify(name).slice(1, -1);
    throw new MailUpError({
      kind: 'validation',
      protocol,
      operation,
      message:
        name === ''
          ? 'a header has an empty name'
          : `header "${shown}" contains a control character in its ${inName ? 'name' : 'value'} (0x00-0x1F except tab, or 0x7F); refused rather than silently stripped`,
    });
  }
}

/**
 * A transport's own headers prepared once, so that each request only lays its headers over them: see
 * {@link headerList}.
 */
export interface BaseHeaders {
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case names, as spelt and values, by position. */
  readonly lower: readonly string[];
  readonly spelt: readonly string[];
  readonly values: readonly string[];
}

/** {@link BaseHeaders} of `headers` (already merged: one spelling per name). */
export function baseHeaders(headers: Readonly<Record<string, string>>): BaseHeaders {
  const spelt = Object.keys(headers);
  return {
    headers,
    lower: spelt.map((name) => name.toLowerCase()),
    spelt,
    values: spelt.map((name) => headers[name] as string),
  };
}

/**
 * `mergeHeaders(base.headers, headers)` as undici's flat `[name, value, …]` list (a new array): a request header
 * replaces the base header of the same name in any case. A request whose header names are all lower-case (what
 * every client of this kit sends) is laid over the base directly, without an object per request; any other goes
 * through {@link mergeHeaders}.
 */
export function headerList(base: BaseHeaders, headers: Readonly<Record<string, string>> | undefined): string[] {
  const list: string[] = [];
  if (headers) {
    for (const name in headers) {
      if (name.toLowerCase() !== name) {
        const merged = mergeHeaders(base.headers, headers);
        for (const key in merged) list.push(key, merged[key] as string);
        return list;
      }
    }
  }
  for (let i = 0; i < base.lower.length; i++) {
    if (headers === undefined || !Object.hasOwn(headers, base.lower[i] as string)) {
      list.push(base.spelt[i] as string, base.values[i] as string);
    }
  }
  if (headers) for (const name in headers) list.push(name, headers[name] as string);
  return list;
}

/** Base headers, then each layer; a later layer's header replaces an earlier one of the same name in any case. */
export function mergeHeaders(...layers: Array<Readonly<Record<string, string>> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const layer of layers) {
    if (!layer) continue;
    for (const name in layer) {
      const lower = name.toLowerCase();
      const previous = names.get(lower);
      if (previous !== undefined) delete out[previous];
      names.set(lower, name);
      out[name] = layer[name] as string;
    }
  }
  return out;
}

/** The proxies of a transport: the explicit option, else the environment (read once). */
function resolveProxies(options: HttpTransportOptions): ResolvedProxies {
  if (options.proxy === false) return {};
  const env = options.env ?? process.env;
  const noProxy = options.noProxy ?? env.NO_PROXY ?? env.no_proxy;
  const parse = (text: string | undefined, source: string): ProxyConfig | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const parsed = parseProxyUrl(text.trim());
    if (typeof parsed === 'string') {
      throw new MailUpError({ kind: 'validation', protocol: options.protocol, message: `${source}: ${parsed}` });
    }
    return parsed;
  };
  if (typeof options.proxy === 'string') {
    const proxy = parse(options.proxy, 'proxy option');
    return { http: proxy, https: proxy, noProxy };
  }
  return {
    https: parse(env.HTTPS_PROXY ?? env.https_proxy, 'HTTPS_PROXY'),
    http: parse(env.HTTP_PROXY ?? env.http_proxy, 'HTTP_PROXY'),
    noProxy,
  };
}
