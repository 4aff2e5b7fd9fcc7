import type { Logger, Protocol } from '@mailup-kit/core';
import type { Via } from './catalogue/binding.js';

/** Fields every facade event carries (redacted: ids, names and numbers only, never a credential or a body). */
export interface FacadeEventBase {
  /** The call id of the attempt (a child of the facade call), or of the facade call for `fallback`. */
  readonly callId: string;
  /** The facade call id (absent on a credential event no call caused). */
  readonly parentCallId?: string;
  /**
   * The facade operation (`lists.all`) for the facade's own events; the protocol operation for events a member
   * reports (`rest:GET Console/List`, and for credential events the renewal's: `oauth:token`,
   * `soap:MailupSend.LoginFromId`).
   */
  readonly operation: string;
  readonly protocol: Protocol;
  /** 1-based attempt number within the facade call (the member's attempt for a member's event; 0 when no call caused it). */
  readonly attempt: number;
  /** Epoch ms (the facade's clock). */
  readonly at: number;
}

/** An attempt starts on a transport. */
export interface RequestEvent extends FacadeEventBase {
  readonly type: 'request';
  readonly via: Via;
}

/** An attempt ended: `ok`, or the error's kind. */
export interface ResponseEvent extends FacadeEventBase {
  readonly type: 'response';
  readonly via: Via;
  readonly outcome: 'ok' | string;
  readonly durationMs: number;
}

/** The facade moved from one transport to the next. */
export interface FallbackEvent extends FacadeEventBase {
  readonly type: 'fallback';
  readonly from: Via;
  readonly to: Via;
  /** Why (see `decideFallback`). */
  readonly reason: string;
  /** The kind of the error that moved it. */
  readonly errorKind: string;
}

/** A protocol client repeated a call (forwarded from the members' observers once they have them). */
export interface RetryEvent extends FacadeEventBase {
  readonly type: 'retry';
  readonly delayMs?: number;
}

/** A call was held or refused by a rate (forwarded from the members' observers once they have them). */
export interface ThrottledEvent extends FacadeEventBase {
  readonly type: 'throttled';
  readonly waitMs?: number;
}

/** A credential (OAuth tokens, SOAP access key) was renewed. */
export interface CredentialRenewedEvent extends FacadeEventBase {
  readonly type: 'credential-renewed';
  /** The store key of the credential (never the credential). */
  readonly key: string;
  readonly reason: string;
  readonly expiresAt: number;
}

/** A human must authenticate again (a dead refresh token). */
export interface ReauthorizationRequiredFacadeEvent extends FacadeEventBase {
  readonly type: 'reauthorization-required';
  /** The store key of the credential. */
  readonly key: string;
  readonly reason: string;
}

/** A credential the server issued is held only in memory: the store refused it. */
export interface CredentialsUnsavedEvent extends FacadeEventBase {
  readonly type: 'credentials-unsaved';
  /** The store key of the credential. */
  readonly key: string;
}

/** Every event of `mailup.on(...)`: one stream for every protocol. */
export type FacadeEvent =
  | RequestEvent
  | ResponseEvent
  | FallbackEvent
  | RetryEvent
  | ThrottledEvent
  | CredentialRenewedEvent
  | ReauthorizationRequiredFacadeEvent
  | CredentialsUnsavedEvent;

/** The name of one event type. */
export type FacadeEventType = FacadeEvent['type'];

/** The event of one type. */
export type FacadeEventOf<T extends FacadeEventType> = Extract<FacadeEvent, { type: T }>;

type AnyListener = (event: FacadeEvent) => void;

/**
 * The facade's event stream: typed listeners per event type (or `'*'` for all). A listener that throws is logged
 * and ignored: an observer never changes a call's outcome. Emitting with no listener costs one map lookup.
 */
export class FacadeEvents {
  private readonly listeners = new Map<string, Set<AnyListener>>();
  /** Listeners subscribed now (every type): with none, {@link wants} answers without a lookup. */
  private count = 0;

  constructor(private readonly logger: Logger) {}

  /** Subscribes `fn` to `type` (or every type with `'*'`); returns the unsubscribe function. */
  on<T extends FacadeEventType>(type: T | '*', fn: (event: FacadeEventOf<T>) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    const listener = fn as AnyListener;
    if (!set.has(listener)) this.count++;
    set.add(listener);
    return () => {
      if (set.delete(listener)) this.count--;
    };
  }

  /** True when someone listens to `type` (lets callers skip building an event). */
  wants(type: FacadeEventType): boolean {
    if (this.count === 0) return false;
    return (this.listeners.get(type)?.size ?? 0) > 0 || (this.listeners.get('*')?.size ?? 0) > 0;
  }

  emit(event: FacadeEvent): void {
    for (const key of [event.type, '*']) {
      const set = this.listeners.get(key);
      if (set === undefined) continue;
      for (const fn of set) {
        try {
          fn(event);
        } catch (error) {
          this.logger.warn({ type: event.type, error: (error as Error)?.name }, 'mailup-kit: a MailUp listener threw');
        }
      }
    }
  }

  clear(): void {
    for (const set of this.listeners.values()) set.clear(); // an unsubscribe after clear() finds nothing to drop
    this.listeners.clear();
    this.count = 0;
  }
}
