import type { Clock } from '../clock.js';
import type { Protocol } from '../errors/error-kind.js';
import type { SentState } from '../errors/mailup-error.js';
import type { Logger } from '../logger.js';
import type { RetryClass } from '../retry/retryable.js';
import type { CallContext } from './call-context.js';
import type { CallObserver } from './call-events.js';
import type { OperationRow } from './operation.js';

/** What {@link CallState} is made from (the pipeline's facts and the caller's options). */
export interface CallStateInit<In, Op extends OperationRow> {
  callId: string | undefined;
  parentCallId: string | undefined;
  protocol: Protocol;
  operation: Op;
  input: In;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  deadline: number | undefined;
  logger: Logger;
  clock: Clock;
  observer: CallObserver | undefined;
  /** Draws the call's id the first time something reads it. */
  newId: () => string;
}

/**
 * The {@link CallContext} a {@link Pipeline} makes for each call. Its id is drawn the first time something reads
 * `ctx.callId` (an error, a log line, an event, a credential renewal, a custom middleware) — most successful calls
 * never do, and drawing and formatting one per call was a measurable part of a loopback call — and `items` is
 * made on first use. Both are stable once read.
 */
export class CallState<In, Op extends OperationRow> implements CallContext<In, Op> {
  readonly parentCallId: string | undefined;
  readonly protocol: Protocol;
  readonly operation: Op;
  retryClass: RetryClass;
  input: In;
  request: unknown = undefined;
  credentials: unknown = undefined;
  wire: unknown = undefined;
  response: unknown = undefined;
  attempt = 0;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly deadline: number | undefined;
  sent: SentState = 'no';
  exchanges = 0;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly observer: CallObserver | undefined;
  private id: string;
  private bag: Map<string, unknown> | undefined;
  private readonly newId: () => string;

  constructor(init: CallStateInit<In, Op>) {
    this.id = init.callId ?? '';
    this.parentCallId = init.parentCallId;
    this.protocol = init.protocol;
    this.operation = init.operation;
    this.retryClass = init.operation.retryClass;
    this.input = init.input;
    this.signal = init.signal;
    this.timeoutMs = init.timeoutMs;
    this.deadline = init.deadline;
    this.logger = init.logger;
    this.clock = init.clock;
    this.observer = init.observer;
    this.newId = init.newId;
  }

  get callId(): string {
    if (this.id === '') this.id = this.newId();
    return this.id;
  }

  set callId(value: string) {
    this.id = value;
  }

  get items(): Map<string, unknown> {
    this.bag ??= new Map();
    return this.bag;
  }
}
