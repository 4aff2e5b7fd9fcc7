import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import axios, { type AxiosInstance } from 'axios';
import type { Protocol } from '../errors/error-kind.js';
import type { RequestSummary } from '../errors/mailup-error.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { HttpRequest, HttpResponse, HttpSender } from '../http/http-message.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  checkLoopbackName,
  checkRequest,
  checkTransportOptions,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTransportOptions,
  mergeHeaders,
  type ResolvedProxies,
} from '../node/http-common.js';
import { networkError } from '../node/network-error.js';
import { bypassesProxy, HttpsTunnelAgent, HttpTunnelAgent } from '../node/proxy.js';
import type { ResolvedAddress } from '../node/url-policy.js';
import { redactString } from '../redaction/redact.js';
import { type TransportAttempt, transportAttempt } from '../transport/transport.js';

/** Options of {@link axiosTransport}: the same as core/node's `HttpTransport`, `protocol` defaulting to `rest`. */
export type AxiosTransportOptions = Omit<HttpTransportOptions, 'protocol'> & { protocol?: Protocol };

/**
 * An HTTP transport over an axios instance: the adapter for users who already configure axios (interceptors, their
 * own `httpAgent` / `httpsAgent`). It keeps the guarantees of core/node's `HttpTransport` (absolute deadline, the
 * sent fact, abort as `aborted`, size caps, header validation, the plain-http policy, user agent, `http://`
 * proxies through CONNECT) and passes the same conformance suite, except `https://` proxies (refused with a
 * validation error). It is slower per call than the default undici transport (see the package README for the
 * measured difference): use it only where axios itself is wanted.
 *
 * When the instance has its own agents (`instance.defaults.httpAgent` / `httpsAgent`), requests use them, and
 * their TLS settings are the caller's; otherwise the adapter makes keep-alive agents that always verify TLS.
 *
 * @example
 * ```ts
 * import axios from 'axios';
 * import { axiosTransport } from '@mailup-kit/core/axios';
 * const instance = axios.create();
 * instance.interceptors.request.use((config) => config);
 * const client = new RestClient({ ...credentials, transport: axiosTransport(instance, { protocol: 'rest' }) });
 * ```
 */
export function axiosTransport(instance?: AxiosInstance, options: AxiosTransportOptions = {}): AxiosTransport {
  return new AxiosTransport(instance ?? axios.create(), { ...options, protocol: options.protocol ?? 'rest' });
}

/** The class behind {@link axiosTransport}. */
export class AxiosTransport implements HttpSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly ownAgents: boolean;
  private readonly logger: Logger;
  private readonly state = { closed: false, warnedInsecure: false };
  private readonly userAgent: string;
  private readonly proxies: ResolvedProxies;
  private readonly tunnelAgents = new Map<string, http.Agent>();
  private readonly defaults: Record<string, unknown>;

  constructor(
    private readonly axios: AxiosInstance,
    private readonly options: HttpTransportOptions,
  ) {
    const checked = checkTransportOptions(options);
    this.userAgent = checked.userAgent;
    this.proxies = checked.proxies;
    for (const proxy of [this.proxies.http, this.proxies.https]) {
      if (proxy?.protocol === 'https:') {
        throw new MailUpError({
          kind: 'validation',
          protocol: options.protocol,
          message: `the axios adapter supports only http:// proxies (proxy ${proxy.label}); core/node's HttpTransport also supports https:// proxies`,
        });
      }
    }
    this.logger = options.logger ?? silentLogger;
    const maxSockets = options.maxSockets ?? 16;
    const given = axios.defaults as { httpAgent?: http.Agent; httpsAgent?: https.Agent };
    this.ownAgents = !given.httpAgent && !given.httpsAgent;
    this.httpAgent = given.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent =
      given.httpsAgent ??
      new https.Agent({ keepAlive: true, maxSockets, rejectUnauthorized: true, ca: options.tls?.ca });
    this.defaults = {
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      proxy: false,
      maxRedirects: 0,
      decompress: true,
      validateStatus: () => true,
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      transformRequest: [(data: unknown) => data],
      maxContentLength: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxBodyLength: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    };
  }

  /**
   * Sends one request for one attempt (default: a standalone attempt with no signal and the transport's
   * timeout). Never throws on an HTTP status. The exchange is bounded by an absolute deadline: the attempt's
   * (`attempt.deadline`), else `options.timeoutMs` from now (see {@link HttpTransportOptions.timeoutMs}).
   */
  async send(request: HttpRequest, attempt: TransportAttempt = transportAttempt()): Promise<HttpResponse> {
    const url = checkRequest(this.options, this.state, this.logger, request, attempt);
    const remaining = attempt.remainingMs();
    const pinned = await checkLoopbackName(this.options, url, attempt);
    if (attempt.signal?.aborted) {
      throw networkError(undefined, this.options.protocol, request, false, { attempt });
    }
    const budget = remaining ?? this.options.timeoutMs ?? 30_000;
    const timerMs = Math.max(0, Math.min(budget, 2_147_483_647));
    // Reported in timeout errors: the relative timeout asked for, when the deadline came from one.
    const deadlineMs = remaining === undefined ? timerMs : (attempt.timeoutMs ?? timerMs);
    let maybeSent = false;
    const markSent = () => {
      if (maybeSent) return;
      maybeSent = true;
      attempt.markSent('maybe');
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
        ...this.defaults,
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
      attempt.markSent('yes');
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
      throw networkError(error, this.options.protocol, request, maybeSent, {
        deadlineMs,
        deadlineHit: deadlineHit && attempt.signal?.aborted !== true,
        attempt,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Printed without its agents (a tunnel agent holds the proxy's credentials). */
  [inspect.custom](): string {
    return `AxiosTransport { protocol: '${this.options.protocol}', closed: ${this.state.closed} }`;
  }

  /** A redacted summary of `request` for errors (method and URL without secret query parameters). */
  summarize(request: HttpRequest): RequestSummary {
    return { method: request.method.toUpperCase(), url: redactString(request.url) };
  }

  /** Destroys the keep-alive sockets (direct and tunnelled). Later calls fail. */
  close(): void {
    this.state.closed = true;
    if (this.ownAgents) {
      this.httpAgent.destroy();
      this.httpsAgent.destroy();
    }
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
}

/** axios sends strings and Buffers; a plain Uint8Array is viewed as a Buffer without copying. */
function toSendable(body: string | Uint8Array | undefined): string | Buffer | undefined {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return body;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
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
