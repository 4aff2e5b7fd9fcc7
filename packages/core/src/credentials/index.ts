// `@mailup-kit/core/credentials`: the credential cache and its events, token records, token stores' types, the
// in-memory token store and secret fingerprints (platform-neutral). `CredentialStatus` is in the root entry.

export { tokenLockTimeout } from '../tokens/lock-timeout.js';
export { MemoryTokenStore } from '../tokens/memory-token-store.js';
export {
  assertTokenKey,
  assertTokenRecord,
  type CompareAndSetResult,
  type TokenRecord,
  type VersionedToken,
} from '../tokens/token-record.js';
export {
  DEFAULT_TOKEN_LOCK_TTL_MS,
  DEFAULT_TOKEN_LOCK_WAIT_MS,
  type TokenLock,
  type TokenLockOptions,
  type TokenStore,
} from '../tokens/token-store.js';
export {
  CredentialCache,
  type CredentialCacheOptions,
  type CredentialCaller,
  type RenewCall,
  type RenewReason,
} from './credential-cache.js';
export {
  type CredentialEventCaller,
  type CredentialEventMap,
  CredentialEvents,
  type CredentialRefreshedEvent,
  type CredentialUnsavedEvent,
  type ReauthorizationRequiredEvent,
} from './credential-events.js';
export { type CredentialObserverFacts, observeCredentialEvents } from './credential-observer.js';
export { secretFingerprint } from './fingerprint.js';
