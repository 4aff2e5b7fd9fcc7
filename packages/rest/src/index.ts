export { type AuthorizationCallback, parseAuthorizationCallback } from './authorization-callback.js';
export { CONSOLE_PATH, DEFAULT_MAILUP_BASE_URL, OAUTH_ENDPOINTS } from './endpoints.js';
export { FileTokenStore, type FileTokenStoreOptions } from './file-token-store.js';
export { buildLogOnUrl, type LogOnUrlOptions } from './logon-url.js';
export {
  type ClientCredentialsPlacement,
  type CodeExchangeOptions,
  OAuthClient,
  type OAuthClientOptions,
  type PasswordGrantOptions,
} from './oauth-client.js';
export { retryAfterMs, tokenEndpointError } from './token-endpoint-error.js';
export {
  type ReauthorizationRequiredEvent,
  type TokenEventMap,
  TokenEvents,
  type TokenRefreshedEvent,
} from './token-events.js';
export { type RefreshGrant, TokenManager, type TokenManagerOptions } from './token-manager.js';
export { clockSkewOf, parseTokenResponse, type TokenSet, tokenRecordFrom } from './token-set.js';
