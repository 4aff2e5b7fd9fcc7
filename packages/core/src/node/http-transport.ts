import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import type { Protocol } from '../errors/error-kind.js';
import type { RequestSummary } from '../errors/mailup-error.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { HttpRequest, HttpResponse, HttpSender } from '../http/http-message.js';
import { isLoopbackHost } from '../http/loopback-host.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactString } from '../redaction/redact.js';
import { type TransportAttempt, transportAttempt } from '../transport/transport.js';
import { CORE_VERSION } from '../version.js';
import { networkError } from './network-error.js';
import { bypassesProxy, HttpsTunnelAgent, HttpTunnelAgent, type ProxyConfig, parseProxyUrl } from './proxy.js';
import { type ResolvedAddress, refusedUrlReason, resolveLoopbackName } from './url-policy.js';

/** TLS settings. Verification is always on: `rejectUnauthorized: false` is refused with a validation error. */
export interface HttpTlsOptions {
  /** Extra CA certificates to trust (e.g. a corporate proxy CA, or a test CA). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Only `true` is accepted; present so that an attempt to switch verification off is caught loudly. */
  rejectUnauthorized?: boolean;
}

/** Options of {@link HttpTransport}. */
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
  /** Response size cap in bytes (`maxContentLength`). Default 20 MiB. */
  maxResponseBytes?: number;
  /** Request body cap in bytes (`maxBodyLength`). Default 50 MiB. */
  maxRequestBytes?: number;
  /**
   * Allows plain `http://` to non-loopback hosts, for services that only exist over http (frontend pages,
   * the Import service). Logged once per transport instance as a warning.
   */
  allowInsecureHttp?: boolean;
  tls?: HttpTlsOptions;
  /** Sockets kept per host. Default 16. */
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
   * lower-case; `NO_PROXY` / `no_proxy` lists hosts that go direct). A URL string (`http://[user:pass@]host:port`)
   * uses that proxy for every request not matched by {@link HttpTransportOptions.noProxy}; `false` ignores the
   * environment and connects directly. Every request through a proxy uses a CONNECT tunnel: for https the TLS
   * session is negotiated inside the tunnel with the origin and verified against the origin's certificate (the
   * proxy never sees plaintext); plain http also goes through CONNECT. Loopback hosts are never proxied.
   * Proxy credentials are sent as `proxy-authorization` on the CONNECT only and never appear in errors or logs.
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

/**
 * The HTTP transport of every MailUp HTTP member: axios over instance-owned keep-alive agents, a per-call timeout
 * and AbortSignal, size caps, TLS always verified, plain http refused except on loopback or with an explicit
 * opt-in. Returns any status as data; throws only on network failure ({@link MailUpError} `transient` when
 * nothing left, `ambiguous` when bytes may have reached the server, with `details.bytesMayHaveLeft`).
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ protocol: 'rest' });
 * const res = await transport.send({ method: 'GET', url: 'https://services.mailup.com/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists' });
 * console.log(res.status, res.body);
 * transport.close();
 * ```
 */
export class HttpTransport implements HttpSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly axios: AxiosInstance;
  private readonly logger: Logger;
  private warnedInsecure = false;
  private closed = false;
  private readonly userAgent: string;
  private readonly proxies: { http?: ProxyConfig; https?: ProxyConfig; noProxy?: string };
  private readonly tunnelAgents = new Map<string, http.Agent>();

  constructor(private readonly options: HttpTransportOptions) {
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
    this.userAgent = options.userAgent ?? `mailup-kit/${CORE_VERSION} node/${process.versions.node}`;
    checkHeader(options.protocol, 'user-agent', this.userAgent);
    this.proxies = resolveProxies(options);
    this.logger = options.logger ?? silentLogger;
    const maxSockets = options.maxSockets ?? 16;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets, rejectUnauthorized: true, ca: options.tls?.ca });
    this.axios = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      proxy: false,
      maxRedirects: 0,
      decompress: true,
      validateStatus: () => true,
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      transformRequest: [(data: unknown) => data],
      maxContentLength: options.maxResponseBytes ?? 20 * 1024 * 1024,
      maxBodyLength: options.maxRequestBytes ?? 50 * 1024 * 1024,
    });
  }

  /**
   * Sends one request for one attempt (default: a standalone attempt with no signal and the transport's
   * timeout). Never throws on an HTTP status. The exchange is bounded by an absolute deadline: the attempt's
   * (`attempt.deadline`), else `options.timeoutMs` from now (see {@link HttpTransportOptions.timeoutMs}).
   */
  async send(request: HttpRequest, attempt: TransportAttempt = transportAttempt()): Promise<HttpResponse> {
    const url = this.checkRequest(request, attempt);
    const remaining = attempt.remainingMs();
    if (remaining !== undefined && Number.isNaN(remaining)) {
      throw new MailUpError({
        kind: 'validation',
        protocol: this.options.protocol,
        operation: attempt.operation,
        message: 'the attempt deadline is not a number (a timeoutMs that is not a positive number of milliseconds?)',
      });
    }
    const pinned = await this.checkLoopbackName(url, attempt);
    if (attempt.signal?.aborted) {
      throw networkError(undefined, this.options.protocol, request, false, { attempt });
    }
    const budget = remaining ?? this.options.timeoutMs ?? 30_000;
    const timerMs = Math.max(0, Math.min(budget, 2_147_483_647));
    // Reported in timeout errors: the relative timeout asked for, when the deadline came from one.
    const deadlineMs = remaining === undefined ? timerMs : (attempt.timeoutMs ?? timerMs);
    let bytesMayHaveLeft = false;
    const markSent = () => {
      if (bytesMayHaveLeft) return;
      bytesMayHaveLeft = true;
      attempt.markBytesMayHaveLeft();
    };
    // The deadline: one timer for the whole exchange. At expiry the request is destroyed with every socket it
    // used, whatever phase (DNS, connect, TLS, upload, headers, body) it is in. A direct request needs no
    // AbortController for it (one per call was a measurable share of a loopback call); a proxied one also aborts
    // its CONNECT through a signal.
    const tunnel = this.tunnelAgentFor(url);
    const sockets = new Set<Socket>();
    const deadline = tunnel ? new AbortController() : undefined;
    let deadlineHit = false;
    let clientRequest: http.ClientRequest | undefined;
    const deadlineError = () =>
      Object.assign(new Error('the deadline of the whole exchange passed'), { code: 'ETIMEDOUT' });
    // Raced with the exchange: a request still queued for a socket (every pooled socket busy) is not ended by
    // destroy() until a socket frees up, so the deadline answers for it.
    let passDeadline: (error: Error) => void = () => {};
    const deadlinePassed = new Promise<never>((_, reject) => {
      passDeadline = reject;
    });
    const timer = setTimeout(() => {
      deadlineHit = true;
      deadline?.abort();
      clientRequest?.destroy(deadlineError());
      for (const socket of sockets) socket.destroy();
      passDeadline(deadlineError());
    }, timerMs);
    const signal =
      deadline && attempt.signal
        ? AbortSignal.any([attempt.signal, deadline.signal])
        : (deadline?.signal ?? attempt.signal);
    // A loopback name that was checked connects to the addresses the check saw (no second, different answer).
    const lookup = pinned ? pinnedLookup(pinned) : this.options.lookup;
    const transport = {
      request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
        const req = (url.protocol === 'https:' ? https : http).request(
          {
            ...options,
            ...(lookup && !tunnel ? { lookup } : {}),
            ...(tunnel ? { agent: tunnel, mailupSignal: signal } : {}),
          },
          callback,
        );
        clientRequest = req;
        if (deadlineHit) req.destroy(deadlineError());
        req.on('socket', (socket: Socket) => {
          sockets.add(socket);
          watchSocket(socket, url.protocol === 'https:', markSent);
        });
        return req;
      },
    };
    try {
      const exchange = this.axios.request<ArrayBuffer>({
        method: request.method,
        url: url.href,
        headers: mergeHeaders({ 'user-agent': this.userAgent }, this.options.headers, request.headers),
        data: toSendable(request.body),
        // No axios timeout: it is an idle (socket) timeout in practice. The deadline above bounds the exchange.
        timeout: 0,
        signal,
        transport,
      });
      exchange.catch(() => {}); // when the deadline won the race, the exchange's own rejection is expected
      const response = await Promise.race([exchange, deadlinePassed]);
      const bytes = Buffer.from(response.data as ArrayBuffer);
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(response.headers)) {
        if (value !== undefined && value !== null)
          headers[key.toLowerCase()] = Array.isArray(value) ? value : String(value);
      }
      return {
        status: response.status,
        headers,
        body: request.responseType === 'buffer' ? bytes : bytes.toString('utf8'),
        url: url.href,
      };
    } catch (error) {
      throw networkError(error, this.options.protocol, request, bytesMayHaveLeft, {
        deadlineMs,
        deadlineHit: deadlineHit && attempt.signal?.aborted !== true,
        attempt,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Plain http to a loopback NAME (`localhost`, `*.localhost`) without `allowInsecureHttp` is allowed only when the
   * name resolves to loopback addresses only (with the transport's lookup); returns them so the connection uses
   * exactly those.
   */
  private async checkLoopbackName(url: URL, attempt: TransportAttempt): Promise<ResolvedAddress[] | undefined> {
    if (url.protocol !== 'http:' || this.options.allowInsecureHttp === true) return undefined;
    const result = await resolveLoopbackName(url.hostname, this.options.lookup);
    if ('refused' in result) {
      throw new MailUpError({
        kind: 'validation',
        protocol: this.options.protocol,
        operation: attempt.operation,
        message: result.refused,
      });
    }
    return result.addresses.length > 0 ? result.addresses : undefined;
  }

  /** A redacted summary of `request` for errors (method and URL without secret query parameters). */
  summarize(request: HttpRequest): RequestSummary {
    return { method: request.method.toUpperCase(), url: redactString(request.url) };
  }

  /** Destroys the keep-alive sockets (direct and tunnelled). Later calls fail. */
  close(): void {
    this.closed = true;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    for (const agent of this.tunnelAgents.values()) agent.destroy();
    this.tunnelAgents.clear();
  }

  /** The CONNECT-tunnel agent for `url`'s proxy, or undefined for a direct connection. */
  private tunnelAgentFor(url: URL): http.Agent | undefined {
    const proxy = url.protocol === 'https:' ? this.proxies.https : this.proxies.http;
    if (!proxy || bypassesProxy(url, this.proxies.noProxy)) return undefined;
    const key = `${url.protocol}${proxy.label}${proxy.authorization ?? ''}`;
    let agent: http.Agent | undefined = this.tunnelAgents.get(key);
    if (!agent) {
      const maxSockets = this.options.maxSockets ?? 16;
      const tunnel = { proxy, lookup: this.options.lookup };
      agent =
        url.protocol === 'https:'
          ? new HttpsTunnelAgent(tunnel, { keepAlive: true, maxSockets, ca: this.options.tls?.ca })
          : new HttpTunnelAgent(tunnel, { keepAlive: true, maxSockets });
      this.tunnelAgents.set(key, agent);
    }
    return agent;
  }

  private checkRequest(request: HttpRequest, attempt: TransportAttempt): URL {
    const operation = attempt.operation;
    const fail = (message: string) =>
      new MailUpError({ kind: 'validation', protocol: this.options.protocol, operation, message });
    if (this.closed) throw fail('HttpTransport is closed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw fail(`invalid URL: ${redactString(String(request.url))}`);
    }
    const refused = refusedUrlReason(url, this.options.allowInsecureHttp === true);
    if (refused) throw fail(refused);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !this.warnedInsecure) {
      this.warnedInsecure = true;
      this.logger.warn(
        { protocol: this.options.protocol, host: url.hostname },
        `mailup-kit: sending ${this.options.protocol} calls over plain http:// to ${url.hostname} (allowInsecureHttp is on)`,
      );
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      checkHeader(this.options.protocol, name, value, operation);
    }
    const limit = this.options.maxRequestBytes ?? 50 * 1024 * 1024;
    const size = typeof request.body === 'string' ? Buffer.byteLength(request.body) : (request.body?.byteLength ?? 0);
    if (size > limit) throw fail(`request body of ${size} bytes is over the ${limit}-byte limit`);
    return url;
  }
}

/** axios sends strings and Buffers; a plain Uint8Array is viewed as a Buffer without copying. */
function toSendable(body: string | Uint8Array | undefined): string | Buffer | undefined {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return body;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function checkTimeout(protocol: Protocol, timeoutMs: number, operation?: string): void {
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

function checkHeader(protocol: Protocol, name: string, value: string, operation?: string): void {
  const inName = HEADER_CONTROL.test(name) || name.includes('\t') || name === '';
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

/** Base headers, then each layer; a later layer's header replaces an earlier one of the same name in any case. */
function mergeHeaders(...layers: Array<Readonly<Record<string, string>> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      const previous = names.get(name.toLowerCase());
      if (previous !== undefined) delete out[previous];
      names.set(name.toLowerCase(), name);
      out[name] = value;
    }
  }
  return out;
}

/** The proxies of a transport: the explicit option, else the environment (read once). */
function resolveProxies(options: HttpTransportOptions): { http?: ProxyConfig; https?: ProxyConfig; noProxy?: string } {
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

/** A lookup that answers with addresses already resolved and checked. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    else {
      const first = addresses[0] as ResolvedAddress;
      (callback as (e: null, a: string, f: number) => void)(null, first.address, first.family);
    }
  };
}

/** Calls `markSent` once the socket can carry the request: connected (TCP) or handshaken (TLS). */
function watchSocket(socket: Socket, tls: boolean, markSent: () => void): void {
  if (tls) {
    // A pooled keep-alive socket has finished its (verified) handshake; a new one has not.
    if ((socket as TLSSocket).authorized === true) markSent();
    else socket.once('secureConnect', markSent);
    return;
  }
  if (!socket.connecting) markSent();
  else socket.once('connect', markSent);
}
