export {
  CredentialCache,
  type CredentialCacheOptions,
  type RenewCall,
  type RenewReason,
} from './credential-cache.js';
export {
  type CredentialEventMap,
  CredentialEvents,
  type CredentialRefreshedEvent,
  type CredentialUnsavedEvent,
  type ReauthorizationRequiredEvent,
} from './credential-events.js';
export { secretFingerprint } from './fingerprint.js';
