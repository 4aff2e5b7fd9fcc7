/** Moved to `@mailup-kit/core/node`; re-exported here so existing imports keep working. */
export { FileTokenStore, type FileTokenStoreOptions } from '@mailup-kit/core/node';
export { bearerAuthMiddleware } from './auth-middleware.js';
export { type AuthorizationCallback, parseAuthorizationCallback } from './authorization-callback.js';
export { CookieSession, type SessionResponse } from './cookie-session.js';
export { CONSOLE_PATH, DEFAULT_MAILUP_BASE_URL, OAUTH_ENDPOINTS } from './endpoints.js';
export { buildLogOnUrl, type LogOnUrlOptions } from './logon-url.js';
export { type LoopbackCallback, startLoopbackCallback } from './loopback-callback.js';
export {
  type ClientCredentialsPlacement,
  type CodeExchangeOptions,
  OAuthClient,
  type OAuthClientOptions,
  type PasswordGrantOptions,
} from './oauth-client.js';
export type { AuthenticationInfo, Collection, PageOptions, UserList } from './resources.js';
export { RestClient, type RestClientOptions, type RestRequest } from './rest-client.js';
export { restResourceError } from './rest-error.js';
export { REST_OPERATIONS, type RestInput, serializeRest } from './rest-operations.js';
export { BEARER_AUTH_PLUGIN, bearerAuthPlugin } from './rest-plugins.js';
export { tokenEndpointError } from './token-endpoint-error.js';
export {
  type ReauthorizationRequiredEvent,
  type TokenEventMap,
  TokenEvents,
  type TokenRefreshedEvent,
  type TokensUnsavedEvent,
} from './token-events.js';
export {
  type RefreshCallOptions,
  type RefreshGrant,
  TokenManager,
  type TokenManagerOptions,
} from './token-manager.js';
export { assertTokenSet, clockSkewOf, parseTokenResponse, type TokenSet, tokenRecordFrom } from './token-set.js';
