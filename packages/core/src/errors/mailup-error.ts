import { redactString, redactValue } from '../redaction/redact.js';
import { isRetryable } from '../retry/retryable.js';
import type { ErrorKind, Protocol } from './error-kind.js';

/** A redacted summary of the request that failed: enough to debug, never a secret. */
export interface RequestSummary {
  method?: string;
  /** URL with secret query parameters redacted. */
  url?: string;
  /** Call id given by the pipeline. */
  callId?: string;
  /** The caller's parent call id, when the call had one. */
  parentCallId?: string;
  /** Attempt number (1-based) when the error was raised. */
  attempt?: number;
}

/**
 * Whether a request reached the server: `'no'` — provably never left this machine (nothing to refund or to fear, a
 * fallback may send it elsewhere); `'maybe'` — bytes may have left (the server may have acted: a send must not be
 * repeated); `'yes'` — the server received it and answered.
 */
export type SentState = 'no' | 'maybe' | 'yes';

const SENT_RANK: Readonly<Record<SentState, number>> = { no: 0, maybe: 1, yes: 2 };

/** The stronger of two {@link SentState}s (`'yes'` > `'maybe'` > `'no'`). */
export function maxSent(a: SentState, b: SentState): SentState {
  return SENT_RANK[a] >= SENT_RANK[b] ? a : b;
}

/**
 * True only when `error` is a {@link MailUpError} whose request provably never left the machine (`sent === 'no'`):
 * the one test a limiter's refund, a retry of a send and a fallback to another protocol may rely on. Any other
 * value (a foreign error, `'maybe'`, `'yes'`) is false.
 *
 * @example
 * ```ts
 * try { await sms.send(message) } catch (e) { if (provablyNotSent(e)) await relay.send(message) }
 * ```
 */
export function provablyNotSent(error: unknown): boolean {
  return MailUpError.is(error) && error.sent === 'no';
}

/** The `sent` of an error built without one: only what the other facts prove. */
function defaultSent(options: { kind: string; httpStatus?: number }): SentState {
  if (options.httpStatus !== undefined) return 'yes';
  return options.kind === 'validation' || options.kind === 'quota-exhausted' ? 'no' : 'maybe';
}

/** Everything {@link MailUpError} is built from. */
export interface MailUpErrorOptions {
  kind: ErrorKind;
  message: string;
  protocol: Protocol;
  /** Facade or protocol operation name, e.g. `CreateNewsletter` or `GET Console/User/Lists`. */
  operation?: string;
  /** The vendor's own code, as MailUp sent it (`"429"`, `-1011`, `"103"` …). */
  vendorCode?: string | number;
  httpStatus?: number;
  /**
   * Whether the request reached the server (see {@link SentState}). Default: `'yes'` when `httpStatus` is given
   * (the server answered), `'no'` for kinds `validation` and `quota-exhausted` (refused here), else `'maybe'`
   * (not known: never claimed as not sent). Transports say it for every failure of theirs; the pipeline raises it
   * to what it observed (a response ⇒ `'yes'`) and says `'no'` when its transport step never ran.
   */
  sent?: SentState;
  /** The server's (or the limiter's) wait hint in milliseconds. */
  retryAfterMs?: number;
  /** Epoch ms from which the call can succeed again (quota-exhausted, throttled). */
  availableAt?: number;
  request?: RequestSummary;
  /** Extra structured facts (already redacted), e.g. `{ max: 5, actual: 10 }` for a 429. */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * The one error class of mailup-kit. Its message, request summary and details are redacted on construction
 * (secret query parameters, form fields, JSON/XML fields and headers never survive into it), and its `cause` is
 * reduced to a redacted copy (see {@link reduceCause}), so `console.error(err)` / `util.inspect(err)` print no
 * secret whatever the cause carried.
 *
 * Check for it with {@link MailUpError.is}, not `instanceof`: when core is loaded twice in one process (the ESM
 * and the CJS build, or two installed copies) there are two MailUpError classes and `instanceof` fails across
 * them; `MailUpError.is()` checks the name and works for both. Every vendor error channel (REST status + body, SOAP errorCode, Import
 * ReturnCode, frontend numeric bodies, transactional `Code`, SMS HTTP × code) is mapped into it.
 *
 * @example
 * ```ts
 * try { await client.lists() } catch (e) {
 *   if (MailUpError.is(e, 'throttled')) await sleep(e.retryAfterMs ?? 1000);
 * }
 * ```
 */
export class MailUpError extends Error {
  override readonly name = 'MailUpError';
  readonly kind: ErrorKind;
  readonly protocol: Protocol;
  readonly operation: string | undefined;
  readonly vendorCode: string | number | undefined;
  readonly httpStatus: number | undefined;
  /**
   * Whether repeating the call may succeed without risk, derived from the kind alone by `isRetryable(kind)`
   * (`transient`, `throttled`, `auth-expired`; never `ambiguous`: without knowing the operation, a repeat may
   * duplicate what the server already did). The retry step decides per retry class with the same function.
   */
  readonly retryable: boolean;
  /**
   * Whether the request reached the server before the failure (see {@link SentState}): `'no'` provably never
   * left, `'maybe'` the server may have acted (a send must not be repeated), `'yes'` it answered.
   */
  readonly sent: SentState;
  readonly retryAfterMs: number | undefined;
  readonly availableAt: number | undefined;
  /** Redacted summary of the request that failed (method, URL, call id, attempt), when one was sent. */
  readonly request: RequestSummary | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  static {
    // A bundler renames a class that refers to itself (esbuild: `class _MailUpError`), and Node prints the
    // constructor's name: pin it, so `console.log(err)` says MailUpError in every build.
    Object.defineProperty(MailUpError, 'name', { value: 'MailUpError', configurable: true });
  }

  constructor(options: MailUpErrorOptions) {
    // Redacted before Error captures the stack, so no secret reaches message, stack, String() or JSON.
    // The cause is reduced to a redacted plain error chain: an ioredis error's `command.args`, an axios error's
    // `config.data` or any other property of the original never rides along into util.inspect / console.error.
    super(
      redactString(options.message),
      options.cause === undefined ? undefined : { cause: reduceCause(options.cause) },
    );
    this.kind = options.kind;
    this.protocol = options.protocol;
    this.operation = options.operation;
    this.vendorCode = options.vendorCode;
    this.httpStatus = options.httpStatus;
    this.retryable = isRetryable(options.kind);
    this.sent = options.sent ?? defaultSent(options);
    this.retryAfterMs = options.retryAfterMs;
    this.availableAt = options.availableAt;
    this.request = options.request && (redactValue(options.request) as RequestSummary);
    this.details = options.details && (redactValue(options.details) as Readonly<Record<string, unknown>>);
  }

  /**
   * A copy of this error with `overrides` applied (every other field, the cause included, kept): the one way to
   * add a fact to an error (`err.with({ availableAt })`, `err.with({ request })`) instead of copying fields by
   * hand. `details` given here replaces the old details; spread `err.details` to extend them. The copy's stack
   * starts at the caller of `with` (where the fact was added), not inside `with`.
   */
  with(overrides: Partial<MailUpErrorOptions>): MailUpError {
    const copy = new MailUpError({ ...this.options(), ...overrides });
    // V8 only (Node, Chromium); elsewhere the stack keeps the frame of `with`.
    (Error as { captureStackTrace?: (target: object, above?: unknown) => void }).captureStackTrace?.(
      copy,
      MailUpError.prototype.with,
    );
    return copy;
  }

  /** The options this error was built from (after redaction). */
  private options(): MailUpErrorOptions {
    return {
      kind: this.kind,
      protocol: this.protocol,
      message: this.message,
      operation: this.operation,
      vendorCode: this.vendorCode,
      httpStatus: this.httpStatus,
      sent: this.sent,
      retryAfterMs: this.retryAfterMs,
      availableAt: this.availableAt,
      request: this.request,
      details: this.details,
      cause: this.cause,
    };
  }

  /**
   * True when `error` is a MailUpError (of one of `kinds`, if given). This is the check that always works: unlike
   * `instanceof`, it also accepts a MailUpError from another copy of core (ESM and CJS builds loaded in one
   * process, or two installed versions), because it checks the error's `name`, not its class.
   */
  static is(error: unknown, ...kinds: ErrorKind[]): error is MailUpError {
    if (!(error instanceof Error) || (error as { name?: unknown }).name !== 'MailUpError') return false;
    return kinds.length === 0 || kinds.includes((error as MailUpError).kind);
  }

  /** A plain, JSON-safe object (no cause chain secrets: the cause is reduced to its name and message). */
  toJSON(): Record<string, unknown> {
    const cause =
      this.cause instanceof Error ? { name: this.cause.name, message: redactString(this.cause.message) } : undefined;
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      protocol: this.protocol,
      operation: this.operation,
      vendorCode: this.vendorCode,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      sent: this.sent,
      retryAfterMs: this.retryAfterMs,
      availableAt: this.availableAt,
      request: this.request,
      details: this.details,
      cause,
    };
  }
}

/** Known own fields of a MailUpError: anything else on a MailUpError cause is dropped by {@link reduceCause}. */
const MAILUP_ERROR_FIELDS = new Set([
  'name',
  'kind',
  'protocol',
  'operation',
  'vendorCode',
  'httpStatus',
  'retryable',
  'sent',
  'retryAfterMs',
  'availableAt',
  'request',
  'details',
]);

/** How many nested causes are kept below an error's own cause. */
const MAX_CAUSE_DEPTH = 8;

/**
 * A redacted stand-in for `cause`, as every {@link MailUpError} stores it: an Error with the original's name,
 * redacted message and redacted stack, whose own `cause` is reduced the same way (at most 8 levels). No other
 * property of the original is copied (an ioredis error's `command.args` may hold a stored token record; an axios
 * error's `config` the request body). A MailUpError of this copy of core with only its own fields is kept as is
 * (it was redacted when built); any other MailUpError is rebuilt from its own fields. A non-Error cause becomes an
 * Error naming its type (a string keeps its redacted text).
 */
export function reduceCause(cause: unknown, depth = 0): unknown {
  if (cause === undefined || cause === null) return cause;
  if (depth > MAX_CAUSE_DEPTH) return new Error('[further causes omitted]');
  if (cause instanceof MailUpError && Object.keys(cause).every((key) => MAILUP_ERROR_FIELDS.has(key))) {
    return cause;
  }
  if (MailUpError.is(cause)) {
    // Another copy of core (or an older one): rebuilt from its own fields only, never its extra properties.
    const copy = new MailUpError({
      kind: cause.kind,
      protocol: cause.protocol,
      message: cause.message,
      operation: cause.operation,
      vendorCode: cause.vendorCode,
      httpStatus: cause.httpStatus,
      sent: cause.sent === 'no' || cause.sent === 'maybe' || cause.sent === 'yes' ? cause.sent : 'maybe',
      retryAfterMs: cause.retryAfterMs,
      availableAt: cause.availableAt,
      request: cause.request,
      details: cause.details,
    });
    return withCause(withStack(copy, cause), cause.cause, depth);
  }
  if (cause instanceof Error) {
    const message = redactString(String(cause.message ?? ''));
    const copy = new Error(message);
    Object.defineProperty(copy, 'name', { value: String(cause.name), writable: true, configurable: true });
    return withCause(withStack(copy, cause), cause.cause, depth);
  }
  if (typeof cause === 'string') return new Error(redactString(cause));
  const type = typeof cause === 'object' ? (cause.constructor?.name ?? 'Object') : typeof cause;
  return new Error(`non-Error cause (${type})`);
}

function withStack<E extends Error>(copy: E, original: Error): E {
  const stack = typeof original.stack === 'string' ? original.stack : undefined;
  const redacted = stack
    ? redactString(original.message ? stack.split(String(original.message)).join(copy.message) : stack)
    : `${copy.name}: ${copy.message}`;
  Object.defineProperty(copy, 'stack', { value: redacted, writable: true, configurable: true });
  return copy;
}

function withCause<E extends Error>(copy: E, cause: unknown, depth: number): E {
  if (cause !== undefined) {
    Object.defineProperty(copy, 'cause', {
      value: reduceCause(cause, depth + 1),
      writable: true,
      configurable: true,
    });
  } else if (Object.hasOwn(copy, 'cause')) {
    delete (copy as { cause?: unknown }).cause;
  }
  return copy;
}
