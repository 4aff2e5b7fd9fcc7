import {
  type HttpRequest,
  type HttpResponse,
  MailUpError,
  type Transport,
  type TransportAttempt,
} from '@mailup-kit/core';
import { abortedError, NOTHING_SENT_CODES, networkCodeOf } from '@mailup-kit/core/errors';
import { isLoopbackHost, transportAttempt } from '@mailup-kit/core/pipeline';

/** Options of {@link FetchTransport}. */
export interface FetchTransportOptions {
  /** Deadline of an exchange when the attempt names none, ms (default 30 000). */
  timeoutMs?: number;
  /**
   * Answers larger than this many bytes are refused (default 20 MiB): a `content-length` past it before reading, a
   * chunked answer as soon as the bytes read pass it (the rest is never read; the connection is dropped).
   */
  maxResponseBytes?: number;
  /** `user-agent` header (Node only; browsers set their own). */
  userAgent?: string;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/**
 * The JSONP package's HTTP transport: the platform's `fetch` (Node ≥ 20 and browsers), so the package needs only
 * core's root entry. TLS is verified by the platform; plain `http://` only to loopback hosts; an absolute deadline
 * per exchange; abort ⇒ kind `aborted`; a network failure ⇒ `transient` with `sent: 'no'` when its code proves
 * the connection was never made (refused, DNS), else `sent: 'maybe'` (fetch does not say when the request was
 * written; JSONP calls are reads: the retry step may repeat them); an answer ⇒ `sent: 'yes'`. Pass core/node's `HttpTransport` as
 * `transport` instead for proxies and extra CAs.
 */
export class FetchTransport implements Transport<HttpRequest, HttpResponse> {
  constructor(private readonly options: FetchTransportOptions = {}) {}

  async send(request: HttpRequest, attempt: TransportAttempt = transportAttempt()): Promise<HttpResponse> {
    const operation = attempt.operation;
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new MailUpError({
        kind: 'validation',
        protocol: 'jsonp',
        operation,
        message: `plain ${url.protocol}// to ${url.hostname} is refused (use https://)`,
      });
    }
    const summary = { method: request.method, url: `${url.origin}${url.pathname}` };
    if (attempt.signal?.aborted) {
      throw abortedError({
        protocol: 'jsonp',
        operation,
        reason: attempt.signal.reason,
        sent: 'no',
        request: summary,
      });
    }
    const timeoutMs = attempt.remainingMs() ?? this.options.timeoutMs ?? 30_000;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.max(0, timeoutMs),
    );
    const onAbort = () => controller.abort();
    attempt.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    try {
      // Not marked 'maybe' up front: fetch says nothing of when the request is written, and a refused connection
      // (its code in the error) proves nothing left. Its own errors below carry what is known.
      const res = await (this.options.fetch ?? globalThis.fetch)(request.url, {
        method: request.method,
        headers,
        body: request.body as string | undefined,
        redirect: 'manual',
        signal: controller.signal,
      });
      attempt.markSent('yes');
      const max = this.options.maxResponseBytes ?? 20 * 1024 * 1024;
      if (Number(res.headers.get('content-length') ?? 0) > max) throw new RangeError('too large');
      const body = await readCapped(res, max);
      const out: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        out[key] = value;
      });
      return { status: res.status, headers: out, body, url: request.url };
    } catch (error) {
      if (MailUpError.is(error)) throw error;
      if (attempt.signal?.aborted) {
        throw abortedError({
          protocol: 'jsonp',
          operation,
          reason: attempt.signal.reason,
          sent: attempt.sent === 'yes' ? 'yes' : 'maybe',
          request: summary,
        });
      }
      const tooLarge = error instanceof RangeError;
      const code = networkCodeOf(error);
      const notSent = !tooLarge && code !== undefined && NOTHING_SENT_CODES.has(code);
      throw new MailUpError({
        kind: tooLarge ? 'permanent' : 'transient',
        protocol: 'jsonp',
        operation,
        message: tooLarge
          ? `${operation ?? 'jsonp'}: the answer is larger than the cap`
          : `${operation ?? 'jsonp'}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'network error'}`,
        request: summary,
        sent: notSent ? 'no' : attempt.sent === 'yes' ? 'yes' : 'maybe',
        details: { timedOut, ...(code ? { networkCode: code } : {}) },
      });
    } finally {
      clearTimeout(timer);
      attempt.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Nothing to close (fetch pools its own connections). */
  close(): void {}
}

/**
 * The answer's body as text, reading at most `max` bytes: past that the stream is cancelled (the rest of a chunked
 * answer is never read) and a `RangeError` is thrown. Bytes are counted as they arrive, not UTF-16 characters.
 */
async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => {});
      throw new RangeError('too large');
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
