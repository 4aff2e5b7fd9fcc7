import {
  type Clock,
  type CredentialStatus,
  type Logger,
  MailUpError,
  silentLogger,
  systemClock,
} from '@mailup-kit/core';
import {
  CredentialCache,
  type CredentialCaller,
  MemoryTokenStore,
  type RenewCall,
  type TokenStore,
} from '@mailup-kit/core/credentials';

/** An access key lives 60 minutes from login and is not extended by use (REFERENCE §3.3). */
export const ACCESS_KEY_LIFETIME_MS = 60 * 60_000;

/** Marker record that lets the first login happen under the store's lock (it is never sent anywhere). */
const PLACEHOLDER = 'mailup-kit:login-pending';

/** What a login answered. */
export interface LoginAnswer {
  accessKey: string;
  /** When the key was issued (local clock, ms). */
  issuedAt: number;
}

/** Options of {@link AccessKeySession}. */
export interface AccessKeySessionOptions {
  /** Logs in (LoginFromId or Login) and returns the new key. */
  login: (call: RenewCall) => Promise<LoginAnswer>;
  /** Where the key is kept; share a file or Redis store between processes to share one key. Default: memory. */
  store?: TokenStore;
  /** Key of the record in the store (default `soap:access-key:<consoleId>:<user>`). */
  key: string;
  clock?: Clock;
  logger?: Logger;
  /** Renew this long before the 60 minutes end (default 120 000 ms). */
  renewAheadMs?: number;
  /** Key lifetime (default {@link ACCESS_KEY_LIFETIME_MS}). */
  lifetimeMs?: number;
}

/**
 * The SOAP access key of one API user, on core's {@link CredentialCache}: one login per process at a time (single
 * flight), shared across processes through the token store (file or Redis: one login per key lifetime for a whole
 * fleet), renewed ahead of the 60-minute expiry (counted from login, never extended by use) and once when the
 * server answers that the key expired. The key never appears in logs or errors.
 *
 * @example
 * ```ts
 * const session = new AccessKeySession({ key: 'soap:51234', login: async () => ({ accessKey: '…', issuedAt: Date.now() }) });
 * const key = await session.accessKey();
 * ```
 */
export class AccessKeySession {
  /** The credential cache underneath (events: renewals, saves). */
  readonly cache: CredentialCache<LoginAnswer>;
  private readonly store: TokenStore;
  private readonly ownsStore: boolean;
  private seeded: Promise<void> | undefined;
  private readonly key: string;

  constructor(options: AccessKeySessionOptions) {
    const lifetime = options.lifetimeMs ?? ACCESS_KEY_LIFETIME_MS;
    this.store = options.store ?? new MemoryTokenStore();
    this.ownsStore = options.store === undefined;
    this.key = options.key;
    this.cache = new CredentialCache<LoginAnswer>({
      store: this.store,
      key: options.key,
      protocol: 'soap',
      name: 'AccessKeySession',
      label: 'access key',
      renewOperation: 'LoginFromId',
      clock: options.clock ?? systemClock,
      logger: options.logger ?? silentLogger,
      renewAheadMs: options.renewAheadMs ?? 120_000,
      renew: (_current, call) => options.login(call),
      toRecord: (answer) => {
        if (typeof answer.accessKey !== 'string' || answer.accessKey === '') {
          throw new MailUpError({
            kind: 'validation',
            protocol: 'soap',
            operation: 'LoginFromId',
            message: 'LoginFromId answered without an access key',
          });
        }
        return { accessToken: answer.accessKey, obtainedAt: answer.issuedAt, expiresAt: answer.issuedAt + lifetime };
      },
    });
  }

  /**
   * A valid access key (logs in when there is none or it is about to expire; while a renewal ahead of expiry runs,
   * other callers are served the still-valid key). `caller` names the call a login started here is made for.
   */
  async accessKey(signal?: AbortSignal, caller?: CredentialCaller): Promise<string> {
    await this.seed();
    return (await this.cache.get(signal, caller)).accessToken;
  }

  /** The server said `rejected` expired or is unknown: renew once (unless another caller already did). */
  async rejected(rejected: string, signal?: AbortSignal, caller?: CredentialCaller): Promise<void> {
    await this.cache.forceRenew(rejected, signal, caller);
  }

  /**
   * Where the access key stands (`absent` before the first login, `valid`, `expiring`, `expired`) and until when
   * (`expiresAt`), without logging in and without calling MailUp (it reads the token store only).
   */
  async status(): Promise<CredentialStatus> {
    const status = await this.cache.status();
    // The marker record of a first login under the lock (the only record that expires at 0) is no key.
    return status.present && status.expiresAt === 0 ? this.cache.statusOf(undefined) : status;
  }

  /** The key currently held in memory (no I/O), if it is a real one. */
  current(): string | undefined {
    const record = this.cache.peek();
    return record && record.accessToken !== PLACEHOLDER ? record.accessToken : undefined;
  }

  /** Forgets the key here and in the store (after a Logout). */
  async forget(): Promise<void> {
    await this.cache.clear();
    this.seeded = undefined;
  }

  /** Stops the cache; closes the store when the session created it. */
  async close(): Promise<void> {
    this.cache.close();
    if (this.ownsStore) await this.store.close();
  }

  /** A first login must also run under the store's lock: a never-valid marker record makes the cache renew. */
  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      const stored = await this.store.get(this.key);
      if (stored) return;
      await this.store.compareAndSet(this.key, 0, { accessToken: PLACEHOLDER, obtainedAt: 0, expiresAt: 0 });
    })().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }
}
