import { inspect } from 'node:util';
import zlib from 'node:zlib';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';
import type { RequestSummary } from '../errors/mailup-error.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { HttpRequest, HttpResponse, HttpSender } from '../http/http-message.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactString } from '../redaction/redact.js';
import { type TransportAttempt, transportAttempt } from '../transport/transport.js';
import {
  type BaseHeaders,
  baseHeaders,
  checkLoopbackName,
  checkRequest,
  checkTransportOptions,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTransportOptions,
  headerList,
  mergeHeaders,
  needsLoopbackLookup,
  type ResolvedProxies,
  type TransportState,
} from './http-common.js';
import { networkError } from './network-error.js';
import { bypassesProxy, type ProxyConfig } from './proxy.js';
import type { ResolvedAddress } from './url-policy.js';

export type { HttpTlsOptions, HttpTransportOptions } from './http-common.js';

/** Headers every request starts from (a caller's header of the same name, any case, wins). */
const BASE_HEADERS = { accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, deflate, br' };

/**
 * The HTTP transport of every MailUp HTTP member, on undici: one keep-alive connection pool per origin
 * (`maxSockets` connections), an absolute deadline for the whole exchange, the caller's AbortSignal, size caps
 * enforced while the body streams in, TLS always verified, plain http refused except on loopback or with an
 * explicit opt-in, forward proxies through undici's `ProxyAgent` (`http://` and `https://` proxies, CONNECT
 * tunnels). Returns any status as data; throws only on network failure ({@link MailUpError} `transient` when
 * nothing left, `ambiguous` when bytes may have reached the server, with `sent`).
 *
 * The sent fact: bytes may have left from the moment undici hands the request to a connected (for https: verified)
 * socket, just before the first byte is written. A failure before that (DNS, refused, TLS, a proxy refusing the
 * tunnel, the deadline while queued) is `transient`. A request whose keep-alive socket the server closed before
 * it was written is re-dispatched by undici on a new connection; one already written is never repeated here.
 *
 * For users who configure axios themselves, `@mailup-kit/core/axios` has an adapter with the same guarantees.
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
  private readonly agent: Agent;
  private readonly logger: Logger;
  private readonly state: TransportState = { closed: false, warnedInsecure: false };
  private readonly userAgent: string;
  private readonly proxies: ResolvedProxies;
  /** At most two: one per proxy (the http and the https one), made on first use. */
  private readonly proxyAgents = new Map<ProxyConfig, ProxyAgent>();
  private readonly baseHeaders: BaseHeaders;

  constructor(private readonly options: HttpTransportOptions) {
    const checked = checkTransportOptions(options);
    this.userAgent = checked.userAgent;
    this.proxies = checked.proxies;
    this.logger = options.logger ?? silentLogger;
    this.baseHeaders = baseHeaders(mergeHeaders(BASE_HEADERS, { 'user-agent': this.userAgent }, options.headers));
    this.agent = new Agent({ ...this.poolOptions(), connect: this.tlsOptions() });
  }

  /**
   * Sends one request for one attempt (default: a standalone attempt with no signal and the transport's
   * timeout). Never throws on an HTTP status. The exchange is bounded by an absolute deadline: the attempt's
   * (`attempt.deadline`), else `options.timeoutMs` from now (see {@link HttpTransportOptions.timeoutMs}).
   */
  send(request: HttpRequest, attempt: TransportAttempt = transportAttempt()): Promise<HttpResponse> {
    // Not an async function: a request that needs no lookup goes to undici in this turn, without a promise of its
    // own around the exchange's. Every refusal is still a rejection, never a synchronous throw.
    try {
      const url = checkRequest(this.options, this.state, this.logger, request, attempt);
      if (needsLoopbackLookup(this.options, this.state, url)) {
        return checkLoopbackName(this.options, url, attempt).then((pinned) =>
          this.dispatch(request, attempt, url, pinned),
        );
      }
      return this.dispatch(request, attempt, url, undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The exchange of a checked request (`pinned`: the addresses a loopback name was checked to resolve to). */
  private dispatch(
    request: HttpRequest,
    attempt: TransportAttempt,
    url: URL,
    pinned: ResolvedAddress[] | undefined,
  ): Promise<HttpResponse> {
    if (attempt.signal?.aborted) throw networkError(undefined, this.options.protocol, request, false, { attempt });
    const remaining = attempt.remainingMs();
    const budget = remaining ?? this.options.timeoutMs ?? 30_000;
    const timerMs = Math.max(0, Math.min(budget, 2_147_483_647));
    // Reported in timeout errors: the relative timeout asked for, when the deadline came from one.
    const deadlineMs = remaining === undefined ? timerMs : (attempt.timeoutMs ?? timerMs);
    const headers = headerList(this.baseHeaders, request.headers);
    // A loopback name that was checked is connected at the address the check saw (no second, different answer);
    // the request still names the host it was meant for.
    let origin = url.origin;
    if (pinned) {
      const first = pinned[0] as { address: string; family: number };
      origin = `http://${first.family === 6 ? `[${first.address}]` : first.address}${url.port ? `:${url.port}` : ''}`;
      if (!hasHeader(headers, 'host')) headers.push('host', url.host);
    }
    const dispatcher = this.dispatcherFor(url);
    const exchange = new Exchange(this, request, attempt, deadlineMs, dispatcher !== this.agent);
    return exchange.run(dispatcher, {
      origin,
      path: url.pathname + url.search,
      method: request.method.toUpperCase() as Dispatcher.HttpMethod,
      headers,
      body: request.body,
      timerMs,
      href: url.href,
    });
  }

  /** A redacted summary of `request` for errors (method and URL without secret query parameters). */
  summarize(request: HttpRequest): RequestSummary {
    return { method: request.method.toUpperCase(), url: redactString(request.url) };
  }

  /** Destroys the keep-alive connections (direct and through proxies). Later calls fail. */
  close(): void {
    this.state.closed = true;
    this.agent.destroy().catch(() => {});
    for (const agent of this.proxyAgents.values()) agent.destroy().catch(() => {});
    this.proxyAgents.clear();
  }

  /** Printed without its agents (a proxy agent holds the proxy's credentials). */
  [inspect.custom](): string {
    return `HttpTransport { protocol: '${this.options.protocol}', closed: ${this.state.closed} }`;
  }

  /** @internal The protocol named in errors. */
  get protocol(): HttpTransportOptions['protocol'] {
    return this.options.protocol;
  }

  /** @internal The response cap. */
  get maxResponseBytes(): number {
    return this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  private poolOptions() {
    return {
      connections: this.options.maxSockets ?? 16,
      // The transport's own deadline bounds every exchange; undici's idle timers would only cut it shorter.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  private tlsOptions() {
    return {
      rejectUnauthorized: true,
      ...(this.options.tls?.ca === undefined ? {} : { ca: this.options.tls.ca }),
      ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
    };
  }

  /** The proxy agent for `url`'s proxy, or the direct agent. */
  private dispatcherFor(url: URL): Dispatcher {
    const proxy = url.protocol === 'https:' ? this.proxies.https : this.proxies.http;
    if (!proxy || bypassesProxy(url, this.proxies.noProxy)) return this.agent;
    let agent = this.proxyAgents.get(proxy);
    if (!agent) {
      const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
      agent = new ProxyAgent({
        ...this.poolOptions(),
        uri: `${proxy.protocol}//${host}:${proxy.port}`,
        ...(proxy.authorization ? { token: proxy.authorization } : {}),
        requestTls: this.tlsOptions(),
        proxyTls: this.tlsOptions(),
      });
      this.proxyAgents.set(proxy, agent);
    }
    return agent;
  }
}

interface DispatchInput {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: string[];
  body: string | Uint8Array | undefined;
  timerMs: number;
  href: string;
}

type Abort = (error?: Error) => void;

/**
 * One exchange: an undici dispatch handler (the raw handler interface: no parsed-header objects or body streams
 * per call) with the deadline timer, the caller's signal and the streaming cap.
 */
class Exchange {
  private maybeSent = false;
  private settled = false;
  private deadlineHit = false;
  private abortRequest: Abort | undefined;
  private timer: NodeJS.Timeout | undefined;
  private status = 0;
  private headers: Record<string, string | string[]> = {};
  private chunks: Buffer[] = [];
  private href = '';
  private size = 0;
  private tooLarge = false;
  private resolve: (response: HttpResponse) => void = noop;
  private reject: (error: unknown) => void = noop;
  /** The caller's abort listener (made only when the attempt has a signal). */
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly transport: HttpTransport,
    private readonly request: HttpRequest,
    private readonly attempt: TransportAttempt,
    private readonly deadlineMs: number,
    private readonly proxied: boolean,
  ) {}

  run(dispatcher: Dispatcher, input: DispatchInput): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.href = input.href;
      this.timer = setTimeout(deadlinePassed, input.timerMs, this);
      const signal = this.attempt.signal;
      if (signal) {
        this.onAbort = () => this.fail(Object.assign(new Error('aborted by the caller'), { code: 'ABORT_ERR' }));
        signal.addEventListener('abort', this.onAbort, { once: true });
      }
      try {
        dispatcher.dispatch(
          { origin: input.origin, path: input.path, method: input.method, headers: input.headers, body: input.body },
          this as unknown as Dispatcher.DispatchHandler,
        );
      } catch (error) {
        this.fail(error);
      }
    });
  }

  // --- undici's raw handler interface ---

  onConnect(abort: Abort): void {
    if (this.settled) {
      // Failed while queued (deadline, abort): end it before a byte is written.
      abort(new Error('the exchange already ended'));
      return;
    }
    this.abortRequest = abort;
    // The request is about to be written on a connected (and, for https, verified) socket.
    this.maybeSent = true;
    this.attempt.markSent('maybe');
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void, _statusText: string): boolean {
    this.status = status;
    this.attempt.markSent('yes');
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
      const value = (raw[i + 1] as Buffer).toString('latin1');
      const previous = headers[name];
      if (name === 'set-cookie') {
        if (previous === undefined) headers[name] = [value];
        else (previous as string[]).push(value);
      } else headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    }
    this.headers = headers;
    const length = Number(headers['content-length']);
    if (length > this.transport.maxResponseBytes) this.overCap();
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.transport.maxResponseBytes) {
      this.overCap();
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    let bytes: Buffer;
    try {
      bytes = this.decode(this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks));
    } catch (error) {
      this.fail(error);
      return;
    }
    this.settle();
    this.resolve({
      status: this.status,
      headers: this.headers,
      body: this.request.responseType === 'buffer' ? bytes : bytes.toString('utf8'),
      url: this.href,
    });
  }

  onError(error: Error): void {
    this.fail(error);
  }

  onBodySent(): void {}

  onRequestSent(): void {}

  // --- the rest ---

  /** The exchange's deadline passed (its timer). */
  timedOut(): void {
    this.deadlineHit = true;
    this.fail(Object.assign(new Error('the deadline of the whole exchange passed'), { code: 'ETIMEDOUT' }));
  }

  private overCap(): void {
    this.tooLarge = true;
    this.fail(new Error('response too large'));
  }

  /** Undoes a content coding the server chose (we offer gzip, deflate and br), within the response cap. */
  private decode(bytes: Buffer): Buffer {
    const coding = this.headers['content-encoding'];
    if (coding === undefined || bytes.length === 0) return bytes;
    const cap = { maxOutputLength: this.transport.maxResponseBytes };
    try {
      switch (String(coding).trim().toLowerCase()) {
        case 'gzip':
        case 'x-gzip':
          return zlib.gunzipSync(bytes, cap);
        case 'deflate':
          return zlib.inflateSync(bytes, cap);
        case 'br':
          return zlib.brotliDecompressSync(bytes, cap);
        default:
          return bytes;
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') this.tooLarge = true;
      throw error;
    }
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.attempt.signal?.removeEventListener('abort', this.onAbort);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settle();
    this.abortRequest?.(error instanceof Error ? error : new Error(String(error)));
    this.reject(
      networkError(proxyFailure(error, this.proxied), this.transport.protocol, this.request, this.maybeSent, {
        deadlineMs: this.deadlineMs,
        deadlineHit: this.deadlineHit && this.attempt.signal?.aborted !== true,
        attempt: this.attempt,
        tooLarge: this.tooLarge,
      }),
    );
  }
}

function noop(): void {}

/** The timer callback of an exchange's deadline (one function for every exchange: no closure per call). */
function deadlinePassed(exchange: Exchange): void {
  exchange.timedOut();
}

/** A proxy that refused the tunnel (undici says `Proxy response (407) !== 200`) is reported as such. */
function proxyFailure(error: unknown, proxied: boolean): unknown {
  const message = (error as { message?: unknown } | undefined)?.message;
  if (!proxied || typeof message !== 'string') return error;
  const status = /^Proxy response \((\d+)\)/.exec(message)?.[1];
  if (status === undefined) return error;
  return Object.assign(new Error(`the proxy answered ${status} to CONNECT`), { code: 'ERR_PROXY_CONNECT' });
}

/** True when the flat `[name, value, …]` list has a header `name` (lower-case), in any case. */
function hasHeader(headers: readonly string[], name: string): boolean {
  for (let i = 0; i < headers.length; i += 2) if ((headers[i] as string).toLowerCase() === name) return true;
  return false;
}
