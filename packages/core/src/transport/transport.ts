import { type Clock, systemClock } from '../clock.js';
import { maxSent, type RequestSummary, type SentState } from '../errors/mailup-error.js';
import { newCallId } from '../ids.js';

/**
 * What a transport knows about the attempt it is sending, given by the pipeline's transport step (or by
 * {@link transportAttempt} for a direct call). The request object carries only what goes on the wire.
 */
export interface TransportAttempt {
  /** Id of the call (the same for every attempt), for logs and error summaries. */
  readonly callId: string;
  /** Attempt number, 1-based. */
  readonly attempt: number;
  /** Operation id (`rest:GET Console/List` …), for errors and logs. */
  readonly operation: string | undefined;
  /** The caller's signal: abort ends the exchange with a kind `aborted` error. */
  readonly signal: AbortSignal | undefined;
  /**
   * Absolute deadline of this exchange (epoch ms on the attempt's clock): connect to last byte. `undefined` ⇒ the
   * transport's own default timeout.
   */
  readonly deadline: number | undefined;
  /** The relative budget (ms) the deadline was made from, when one was: what timeout errors report. */
  readonly timeoutMs?: number;
  /** Milliseconds left until {@link TransportAttempt.deadline} on the attempt's clock (may be ≤ 0), or undefined. */
  remainingMs(): number | undefined;
  /**
   * The transport calls `markSent('maybe')` as soon as bytes of the request may have reached the server, and may
   * call `markSent('yes')` once the server answered. Never lowers what was marked (idempotent).
   */
  markSent(state: Exclude<SentState, 'no'>): void;
  /** What was marked so far: `'no'` until {@link TransportAttempt.markSent} was called. */
  readonly sent: SentState;
}

/**
 * The contract every transport implements (HTTP over undici in `@mailup-kit/core/node`, SMTP, SOAP …): send one
 * rendered request for one attempt and return the raw response. A transport never retries, classifies its own
 * failures into MailUpErrors carrying `sent` (nothing left ⇒ `transient` with `sent: 'no'`, bytes may have left ⇒
 * `ambiguous` with `'maybe'`, the caller's abort ⇒ `aborted`) and calls `attempt.markSent('maybe')` at the first
 * moment the server could act.
 */
export interface Transport<Req, Res> {
  send(request: Req, attempt: TransportAttempt): Promise<Res>;
  /** A redacted summary of `request` (method, URL …) that the pipeline adds to errors raised after the send. */
  summarize?(request: Req): RequestSummary;
}

/** What {@link transportAttempt} is built from. */
export interface TransportAttemptOptions {
  callId?: string;
  /** Default 1. */
  attempt?: number;
  operation?: string;
  signal?: AbortSignal;
  /** Absolute deadline, epoch ms on `clock`. */
  deadline?: number;
  /** Relative deadline from now, ms (used when `deadline` is absent). */
  timeoutMs?: number;
  /** Called each time the attempt's {@link TransportAttempt.sent} rises (to `'maybe'`, then `'yes'`). */
  onSent?: (state: Exclude<SentState, 'no'>) => void;
  /** Default the system clock. */
  clock?: Clock;
}

/**
 * A {@link TransportAttempt} for a call made outside a pipeline (a direct `transport.send(request, attempt)`).
 *
 * @example
 * ```ts
 * const res = await transport.send({ method: 'GET', url }, transportAttempt({ signal, timeoutMs: 5_000 }));
 * ```
 */
export function transportAttempt(options: TransportAttemptOptions = {}): TransportAttempt {
  const clock = options.clock ?? systemClock;
  // An invalid timeout (not a positive finite number of ms) makes the deadline NaN, which a transport refuses
  // with a validation error before anything is sent.
  const deadline =
    options.deadline ??
    (options.timeoutMs === undefined
      ? undefined
      : isValidTimeoutMs(options.timeoutMs)
        ? clock.now() + options.timeoutMs
        : Number.NaN);
  return new StandaloneAttempt(options, clock, deadline);
}

/**
 * The attempt of a direct call. Its id is drawn when something reads it (an error, a log): a random id per call
 * (a `getRandomValues` draw) was ~12 % of the CPU of a direct `send()` on loopback, and most calls never read it.
 */
class StandaloneAttempt implements TransportAttempt {
  readonly attempt: number;
  readonly operation: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  private id: string | undefined;
  private state: SentState = 'no';

  constructor(
    private readonly options: TransportAttemptOptions,
    private readonly clock: Clock,
    readonly deadline: number | undefined,
  ) {
    this.id = options.callId;
    this.attempt = options.attempt ?? 1;
    this.operation = options.operation;
    this.signal = options.signal;
    this.timeoutMs = options.deadline === undefined ? options.timeoutMs : undefined;
  }

  get callId(): string {
    this.id ??= newCallId();
    return this.id;
  }

  remainingMs(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - this.clock.now();
  }

  markSent(state: Exclude<SentState, 'no'>): void {
    if (maxSent(this.state, state) === this.state) return;
    this.state = state;
    this.options.onSent?.(state);
  }

  get sent(): SentState {
    return this.state;
  }
}

/** True for a positive, finite number of milliseconds that a timer can hold (at most 2^31 - 1). */
export function isValidTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 2_147_483_647;
}
