export {
  CredentialCache,
  type CredentialCacheOptions,
  type CredentialCaller,
  type CredentialStatus,
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
