/** Moved to `@mailup-kit/core/node`; re-exported here so existing imports keep working. */
export { FileTokenStore, type FileTokenStoreOptions } from '@mailup-kit/core/node';
export { type AuthorizationCallback, parseAuthorizationCallback } from './authorization-callback.js';
export {
  type BulkImportDeps,
  bulkImport,
  type ImportCheckpoint,
  type ImportCheckpointLease,
  type ImportCheckpointStore,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ImportSource,
} from './bulk-import.js';
export {
  FileImportCheckpointStore,
  type FileImportCheckpointStoreOptions,
  MemoryImportCheckpointStore,
} from './checkpoint-store.js';
export { CONSOLE_PATH, DEFAULT_MAILUP_BASE_URL, OAUTH_ENDPOINTS } from './endpoints.js';
export {
  type Filter,
  type FilterProperty,
  type FilterValue,
  filter,
  isFilterExpression,
  type OrderKey,
  orderBy,
  quote,
} from './filter.js';
export { buildLogOnUrl, type LogOnUrlOptions } from './logon-url.js';
export { type LoopbackCallback, startLoopbackCallback } from './loopback-callback.js';
export {
  checkResponse,
  type Field,
  type FieldKind,
  field,
  type Infer,
  type InferFields,
  type Model,
  model,
  modelError,
  type ResponseShape,
  type ShapeResult,
} from './models/schema.js';
export type * from './models/wire-models.js';
export { MODELS } from './models/wire-models.js';
export {
  type ClientCredentialsPlacement,
  type CodeExchangeOptions,
  OAuthClient,
  type OAuthClientOptions,
  type PasswordGrantOptions,
} from './oauth-client.js';
export { type Collection, type PageOptions, pageQuery, paginate } from './paging.js';
export { AccountResources, GroupResources, ListResources } from './resources/account-resources.js';
export { EmailResources } from './resources/email-resources.js';
export { Paged, type RestCaller, type RestCallOptions } from './resources/paged.js';
export {
  type AddRecipientOptions,
  checkRecipient,
  ImportResources,
  type ImportTarget,
  RecipientResources,
  type StartImportOptions,
} from './resources/recipient-resources.js';
export {
  type SendingQueue,
  SendingResources,
  type SendOptions,
  SmsResources,
} from './resources/sending-resources.js';
export { SmtpPlusResources, StatisticsResources } from './resources/statistics-resources.js';
export { RecipientsWithImport, RestClient, type RestClientOptions, type RestRequest } from './rest-client.js';
export { restResourceError } from './rest-error.js';
export {
  fillPath,
  MESSAGE_STATISTICS_COUNTS,
  MESSAGE_STATISTICS_LISTS,
  type MessageStatisticsCount,
  type MessageStatisticsList,
  type PagedItem,
  type PagedOperationName,
  type PagedOperationOf,
  RECIPIENT_STATISTICS_COUNTS,
  RECIPIENT_STATISTICS_LISTS,
  REST_OPERATIONS,
  REST_SERVICES,
  type RecipientStatisticsCount,
  type RecipientStatisticsList,
  type RestCallRow,
  type RestFormat,
  type RestInput,
  type RestOperation,
  type RestOperationName,
  type RestOperationSpec,
  type RestResult,
  type RestRow,
  type RestService,
  serializeRest,
} from './rest-operations.js';
export {
  BEARER_AUTH_PLUGIN,
  bearerAuthPlugin,
  CLIENT_BASIC_PLUGIN,
  clientBasicPlugin,
  type PublicClientCredentials,
} from './rest-plugins.js';
export { parseWcfXml } from './rest-xml.js';
export { tokenEndpointError } from './token-endpoint-error.js';
export type {
  ReauthorizationRequiredEvent,
  TokenEventMap,
  TokenRefreshedEvent,
  TokensUnsavedEvent,
} from './token-events.js';
export {
  type RefreshCallOptions,
  type RefreshGrant,
  TokenManager,
  type TokenManagerOptions,
} from './token-manager.js';
export { assertTokenSet, clockSkewOf, parseTokenResponse, type TokenSet, tokenRecordFrom } from './token-set.js';
