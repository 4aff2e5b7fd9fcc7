export { tokenLockTimeout } from './lock-timeout.js';
export { MemoryTokenStore } from './memory-token-store.js';
export {
  assertTokenKey,
  assertTokenRecord,
  type CompareAndSetResult,
  type TokenRecord,
  type VersionedToken,
} from './token-record.js';
export {
  DEFAULT_TOKEN_LOCK_TTL_MS,
  DEFAULT_TOKEN_LOCK_WAIT_MS,
  type TokenLock,
  type TokenLockOptions,
  type TokenStore,
} from './token-store.js';
