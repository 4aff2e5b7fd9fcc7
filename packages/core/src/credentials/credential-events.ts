/** The call that caused a credential event (its renewal was started for that call), when one did. */
export interface CredentialEventCaller {
  readonly callId: string;
  readonly parentCallId?: string;
  readonly attempt?: number;
}

/** Payload of `refreshed`: facts only, never a credential. */
export interface CredentialRefreshedEvent {
  key: string;
  /** Store version now holding the renewed credential. */
  version: number;
  /** Server-clock epoch ms of the new credential's expiry. */
  expiresAt: number;
  /**
   * Why the renewal happened; `saved-late`: a credential renewed earlier, kept in memory while the store failed,
   * is now persisted.
   */
  reason: 'ahead-of-expiry' | 'rejected-by-server' | 'saved-late';
  /** The call that started the renewal, when a call did. */
  caller?: CredentialEventCaller;
}

/** Payload of `reauthorization-required`: a human (or the login flow) must authenticate again. */
export interface ReauthorizationRequiredEvent {
  key: string;
  /**
   * `invalid-grant`: the server killed the renewal secret; `lost-response`: a renewal that spends a single-use
   * secret may have gone through and its answer was lost.
   */
  reason: 'invalid-grant' | 'lost-response';
  /** The error message (already free of secrets). */
  message: string;
  /** The call that started the renewal, when a call did. */
  caller?: CredentialEventCaller;
}

/**
 * Payload of `unsaved`: the server issued a credential but the store refused it (Redis down, disk full). It is
 * kept in memory and served, and saving is retried; until then, restarting this process would lose it.
 */
export interface CredentialUnsavedEvent {
  key: string;
  /** The store's error message (already free of secrets). */
  message: string;
  /** The call that started the renewal, when a call did. */
  caller?: CredentialEventCaller;
}

/** Every event a {@link CredentialCache} emits, by name. */
export interface CredentialEventMap {
  refreshed: CredentialRefreshedEvent;
  'reauthorization-required': ReauthorizationRequiredEvent;
  unsaved: CredentialUnsavedEvent;
}

type Listener<T> = (event: T) => void;

/**
 * A tiny typed event emitter for credential lifecycle events. A throwing listener never breaks the flow.
 *
 * @example
 * ```ts
 * const events = new CredentialEvents();
 * const off = events.on('reauthorization-required', (e) => console.warn(e.key, e.reason));
 * off();
 * ```
 */
export class CredentialEvents {
  private readonly listeners: { [K in keyof CredentialEventMap]: Set<Listener<CredentialEventMap[K]>> } = {
    refreshed: new Set(),
    'reauthorization-required': new Set(),
    unsaved: new Set(),
  };

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof CredentialEventMap>(name: K, listener: Listener<CredentialEventMap[K]>): () => void {
    this.listeners[name].add(listener);
    return () => this.listeners[name].delete(listener);
  }

  /** Calls every listener of `name` with a frozen copy of `event`. */
  emit<K extends keyof CredentialEventMap>(name: K, event: CredentialEventMap[K]): void {
    const frozen = Object.freeze({ ...(event as object) }) as CredentialEventMap[K];
    const listeners = this.listeners[name] as Set<Listener<CredentialEventMap[K]>>;
    for (const listener of listeners) {
      try {
        listener(frozen);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    for (const set of Object.values(this.listeners)) set.clear();
  }
}
