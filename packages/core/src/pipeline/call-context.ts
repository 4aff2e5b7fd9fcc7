import type { Clock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import type { Logger } from '../logger.js';
import type { RetryClass } from '../retry/retryable.js';
import type { CallObserver } from './call-events.js';

/**
 * The state of one call as it goes through the pipeline. Middleware read and write it: `serialize` sets
 * `request` (structured), `auth` sets `credentials`, `build` renders `wire` from both, `transport` sends `wire`
 * and sets `response` and `bytesMayHaveLeft`, the retry step sets `attempt`.
 *
 * `In` is the caller's input type.
 */
export interface CallContext<In = unknown> {
  /** Unique id of the call (given by the initialize step), for logs and error summaries. */
  callId: string;
  /** The caller's parent call id (e.g. the facade call this protocol call is an attempt of), for logs, events, errors. */
  readonly parentCallId?: string;
  readonly protocol: Protocol;
  /** Protocol operation name (`CreateNewsletter`, `GET Console/User/Lists`, `SendSMS` …). */
  readonly operation: string;
  /** Looked up by the initialize step from the retry policy; decides what the retry step may repeat. */
  retryClass: RetryClass;
  /** The caller's input, validated by the initialize step. */
  input: In;
  /** The structured request set by the serialize step (for HTTP members an `HttpRequest` without credentials). */
  request: unknown;
  /**
   * What the auth step resolved for this attempt: a header, a body field, a SOAP argument, SMTP AUTH (for HTTP
   * members an `HttpCredentials`). Cleared before every attempt.
   */
  credentials: unknown;
  /** What the build step rendered from `request` + `credentials`; the transport step sends it. */
  wire: unknown;
  /** The raw response of the current attempt (for HTTP members an `HttpResponse`). */
  response: unknown;
  /** Attempt number, 1-based, set by the retry step. */
  attempt: number;
  readonly signal: AbortSignal | undefined;
  /** Per-attempt timeout asked by the caller (ms): each exchange's deadline is now + timeoutMs. */
  readonly timeoutMs?: number;
  /** Absolute deadline of the whole call (epoch ms on `clock`); no exchange runs past it. */
  readonly deadline?: number;
  /** Set by the transport as soon as bytes of the current attempt may have reached the server. */
  bytesMayHaveLeft: boolean;
  /** Already redacting. */
  readonly logger: Logger;
  readonly clock: Clock;
  /** The client's observer (`ClientConfig.observer`); send events with `emitCallEvent(ctx, …)`. */
  readonly observer?: CallObserver;
  /** A bag for middleware to pass facts to each other (e.g. the token used by this attempt). */
  readonly items: Map<string, unknown>;
}
