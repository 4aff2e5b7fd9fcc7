import type { ErrorKind, Protocol } from '../errors/error-kind.js';
import type { CallContext } from './call-context.js';

/** What every {@link CallEvent} carries: which call, which operation, which attempt, when. Never a secret. */
export interface CallEventBase {
  /** Id of the call (the caller's `callId`, or the one the pipeline gave it); `''` for a credential event no call caused. */
  readonly callId: string;
  /** The caller's `parentCallId` (e.g. the facade call this protocol call belongs to). */
  readonly parentCallId?: string;
  /** Operation id in the one scheme, e.g. `rest:GET Console/List`, `soap:MailupSend.GetLists`, `smtp:send`. */
  readonly operation: string;
  readonly protocol: Protocol;
  /** Attempt number (1-based) the event belongs to; 0 before the first attempt. */
  readonly attempt: number;
  /** Epoch ms on the client's clock. */
  readonly at: number;
}

/** An attempt is about to be written to the transport. */
export interface RequestCallEvent extends CallEventBase {
  readonly type: 'request';
}

/** An attempt ended: an answer was decoded (`ok`), or the transport / the decoder failed (`errorKind`). */
export interface ResponseCallEvent extends CallEventBase {
  readonly type: 'response';
  readonly ok: boolean;
  /** The HTTP status (or SMTP reply code) when the protocol has one. */
  readonly status?: number;
  /** The failure's kind when `ok` is false. */
  readonly errorKind?: ErrorKind;
  /** Milliseconds from the request to the decoded answer or the failure. */
  readonly ms: number;
}

/** The retry step is about to repeat the call after `errorKind`, once `delayMs` passed. */
export interface RetryCallEvent extends CallEventBase {
  readonly type: 'retry';
  readonly errorKind: ErrorKind;
  readonly delayMs: number;
}

/**
 * A wait imposed by a rate: `source: 'client'` when the client's own limiter holds the call back (`policy` names
 * the policy row), `source: 'server'` when the server answered that the call was throttled (a REST 429, a SOAP
 * throttle answer) with the wait it named.
 */
export interface ThrottledCallEvent extends CallEventBase {
  readonly type: 'throttled';
  readonly source: 'client' | 'server';
  /** How long the call waits (client) or was told to wait (server), ms. */
  readonly waitMs: number;
  /** The policy row the wait comes from (client side), e.g. `rest:* 5/s`. */
  readonly policy?: string;
}

/** A credential holder renewed its credential (an OAuth refresh, a SOAP login). */
export interface CredentialRenewedCallEvent extends CallEventBase {
  readonly type: 'credential-renewed';
  /** The store key of the credential (never the credential). */
  readonly key: string;
  readonly reason: 'ahead-of-expiry' | 'rejected-by-server' | 'saved-late';
  /** Epoch ms (server clock) the new credential expires at. */
  readonly expiresAt: number;
}

/** The credential cannot be renewed: a human (or the login flow) must authenticate again. */
export interface ReauthorizationRequiredCallEvent extends CallEventBase {
  readonly type: 'reauthorization-required';
  readonly key: string;
  readonly reason: 'invalid-grant' | 'lost-response';
}

/** A renewed credential the server issued is kept in memory only: the store refused it (saving is retried). */
export interface CredentialsUnsavedCallEvent extends CallEventBase {
  readonly type: 'credentials-unsaved';
  readonly key: string;
}

/** Every event a {@link CallObserver} receives: typed, redacted (ids, kinds, numbers; never a secret or a body). */
export type CallEvent =
  | RequestCallEvent
  | ResponseCallEvent
  | RetryCallEvent
  | ThrottledCallEvent
  | CredentialRenewedCallEvent
  | ReauthorizationRequiredCallEvent
  | CredentialsUnsavedCallEvent;

/** The `type` of a {@link CallEvent}. */
export type CallEventType = CallEvent['type'];

/**
 * Receives every {@link CallEvent} of a client (`ClientConfig.observer`). It is called synchronously; an observer
 * that throws (or returns a rejected promise) never breaks a call, the failure is dropped.
 *
 * @example
 * ```ts
 * const observer: CallObserver = (event) => {
 *   if (event.type === 'retry') metrics.increment('mailup.retry', { op: event.operation, kind: event.errorKind });
 * };
 * ```
 */
export type CallObserver = (event: CallEvent) => void;

/** The fields of one event type, without the {@link CallEventBase} the pipeline fills in. */
export type CallEventFields<E extends CallEvent = CallEvent> = E extends CallEvent
  ? Omit<E, keyof CallEventBase>
  : never;

/** Calls `observer` with `event`, swallowing whatever it throws or rejects with. */
export function notifyObserver(observer: CallObserver | undefined, event: CallEvent): void {
  if (!observer) return;
  try {
    const out = observer(event) as unknown;
    if (out && typeof (out as PromiseLike<unknown>).then === 'function') {
      (out as Promise<unknown>).then(undefined, () => undefined);
    }
  } catch {
    // an observer's failure is its own business: the call goes on
  }
}

/**
 * Sends one event of the call `ctx` to the client's observer (nothing at all when the client has none): the base
 * fields (call id, parent, operation id, protocol, attempt, time) come from the context. Used by the pipeline's
 * own steps and by plugins (the quota step's `throttled`).
 */
export function emitCallEvent(ctx: CallContext, fields: CallEventFields): void {
  const observer = ctx.observer;
  if (!observer) return;
  const event = {
    callId: ctx.callId,
    ...(ctx.parentCallId === undefined ? {} : { parentCallId: ctx.parentCallId }),
    operation: ctx.operation.id,
    protocol: ctx.protocol,
    attempt: ctx.attempt,
    at: ctx.clock.now(),
    ...fields,
  } as CallEvent;
  notifyObserver(observer, Object.freeze(event));
}
