/** Payload of `refreshed`: facts only, never a token. */
export interface TokenRefreshedEvent {
  key: string;
  /** Store version now holding the rotated tokens. */
  version: number;
  /** Server-clock epoch ms of the new access token's expiry. */
  expiresAt: number;
  /**
   * Why the refresh happened; `saved-late`: tokens rotated earlier, kept in memory while the store failed, are
   * now persisted.
   */
  reason: 'ahead-of-expiry' | 'rejected-by-server' | 'saved-late';
}

/** Payload of `reauthorization-required`: a human must log in again. */
export interface ReauthorizationRequiredEvent {
  key: string;
  /** `invalid-grant`: the server killed the grant; `lost-response`: a refresh may have rotated and its answer was lost. */
  reason: 'invalid-grant' | 'lost-response';
  /** The error message (already free of secrets). */
  message: string;
}

/**
 * Payload of `unsaved`: the server rotated the tokens but the store refused them (Redis down, disk full). They are
 * kept in memory and served, and saving is retried; until then, restarting this process would lose them.
 */
export interface TokensUnsavedEvent {
  key: string;
  /** The store's error message (already free of secrets). */
  message: string;
}

/** Every event a token manager emits, by name. */
export interface TokenEventMap {
  refreshed: TokenRefreshedEvent;
  'reauthorization-required': ReauthorizationRequiredEvent;
  unsaved: TokensUnsavedEvent;
}

type Listener<T> = (event: T) => void;

/**
 * A tiny typed event emitter for token lifecycle events. A throwing listener never breaks the token flow.
 *
 * @example
 * ```ts
 * const off = manager.events.on('reauthorization-required', (e) => alertOps(e.key, e.reason));
 * ```
 */
export class TokenEvents {
  private readonly listeners: { [K in keyof TokenEventMap]: Set<Listener<TokenEventMap[K]>> } = {
    refreshed: new Set(),
    'reauthorization-required': new Set(),
    unsaved: new Set(),
  };

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof TokenEventMap>(name: K, listener: Listener<TokenEventMap[K]>): () => void {
    this.listeners[name].add(listener);
    return () => this.listeners[name].delete(listener);
  }

  /** Calls every listener of `name` with a frozen copy of `event`. */
  emit<K extends keyof TokenEventMap>(name: K, event: TokenEventMap[K]): void {
    const frozen = Object.freeze({ ...(event as object) }) as TokenEventMap[K];
    const listeners = this.listeners[name] as Set<Listener<TokenEventMap[K]>>;
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
