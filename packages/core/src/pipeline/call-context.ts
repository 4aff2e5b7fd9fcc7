import type { Clock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import type { SentState } from '../errors/mailup-error.js';
import type { Logger } from '../logger.js';
import type { RetryClass } from '../retry/retryable.js';
import type { CallObserver } from './call-events.js';
import type { OperationRow } from './operation.js';

/**
 * The state of one call as it goes through the pipeline. Middleware read and write it: `serialize` sets
 * `request` (structured), `auth` sets `credentials`, `build` renders `wire` from both, `transport` sends `wire`
 * and sets `response` and `sent`, the retry step sets `attempt`.
 *
 * `In` is the caller's input type; `Op` the protocol's operation row (its table's extra fields typed).
 */
export interface CallContext<In = unknown, Op extends OperationRow = OperationRow> {
  /** Unique id of the call (given by the initialize step), for logs and error summaries. */
  callId: string;
  /** The caller's parent call id (e.g. the facade call this protocol call is an attempt of), for logs, events, errors. */
  readonly parentCallId?: string;
  readonly protocol: Protocol;
  /**
   * The operation row of the call, by reference (never looked up again): `operation.id` is the one id
   * (`rest:GET Console/List`, `soap:MailupSend.GetLists` …) errors and logs carry, `operation.policy` the policy
   * table's key, plus the protocol's own fields.
   */
  readonly operation: Op;
  /** The row's retry class (or the policy's override, set by the initialize step); decides what may be repeated. */
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
  /**
   * Whether the current attempt reached the server: `'no'` until the transport marks `'maybe'` (bytes may have
   * left) and the transport step `'yes'` (a response arrived). Reset to `'no'` before every attempt.
   */
  sent: SentState;
  /**
   * How many exchanges the transport step started for this call (every attempt that reached it). A failure while
   * it did not move never left the machine: the pipeline says `sent: 'no'` for it.
   */
  exchanges: number;
  /** Already redacting. */
  readonly logger: Logger;
  readonly clock: Clock;
  /** The client's observer (`ClientConfig.observer`); send events with `emitCallEvent(ctx, …)`. */
  readonly observer?: CallObserver;
  /** A bag for middleware to pass facts to each other (e.g. the token used by this attempt). */
  readonly items: Map<string, unknown>;
}
