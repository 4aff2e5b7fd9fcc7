/**
 * `@mailup-kit/client`: the facade `MailUp` — one object for the whole MailUp API family that picks a transport
 * per operation, applies that protocol's limits, falls back without ever sending twice and explains its choice.
 */
export { ACCOUNT_INFO, type AccountInfo } from './catalogue/account.js';
export type {
  Binding,
  BindingCall,
  Equivalence,
  OperationDef,
  OperationKind,
  Via,
} from './catalogue/binding.js';
export { CORE_OPERATIONS } from './catalogue/catalogue.js';
export {
  GROUPS_CREATE,
  GROUPS_DELETE,
  GROUPS_OF,
  GROUPS_UPDATE,
  type GroupDeleted,
  type ListGroup,
  type ListGroupChanges,
  type NewListGroup,
} from './catalogue/groups.js';
export {
  type Deleted,
  LISTS_ALL,
  LISTS_CREATE,
  LISTS_DELETE,
  LISTS_GET,
  LISTS_UPDATE,
  type MailingList,
  type MailingListChanges,
  type NewMailingList,
} from './catalogue/lists.js';
// the transactional, newsletter and recipient-import catalogue entries
export {
  type Newsletter,
  type NewsletterCreate,
  type NewsletterMembers,
  type NewsletterRef,
  type NewsletterSend,
  type NewsletterSendOne,
  type NewsletterSent,
  type NewsletterStatus,
  type NewsletterUpdate,
  newslettersCreate,
  newslettersDelete,
  newslettersGet,
  newslettersSchedule,
  newslettersSend,
  newslettersSendToRecipient,
  newslettersStatus,
  newslettersStop,
  newslettersUpdate,
  type SendingRef,
} from './catalogue/newsletters.js';
export {
  type ImportMembers,
  type ImportPerson,
  type RecipientsImport,
  type RecipientsImportProgress,
  type RecipientsImportResult,
  recipientsImport,
} from './catalogue/recipient-import.js';
export {
  type ListRecipient,
  RECIPIENTS_GET,
  RECIPIENTS_PENDING,
  RECIPIENTS_STATUS,
  RECIPIENTS_SUBSCRIBE,
  RECIPIENTS_SUBSCRIBED,
  RECIPIENTS_UNSUBSCRIBE,
  RECIPIENTS_UNSUBSCRIBED,
  RECIPIENTS_UPDATE_FIELDS,
  type RecipientRef,
  type RecipientStatus,
  type RecipientStatusValue,
  type SubscribeInput,
  type SubscribeResult,
  type UnsubscribeResult,
  type UpdateFieldsInput,
} from './catalogue/recipients.js';
export {
  frontendRow,
  importRow,
  type RowRef,
  restRow,
  smtpRow,
  soapRow,
  txmailRow,
  txsmsRow,
} from './catalogue/rows.js';
export {
  NEWSLETTERS_CREATE,
  NEWSLETTERS_DELETE,
  NEWSLETTERS_GET,
  NEWSLETTERS_SCHEDULE,
  NEWSLETTERS_SEND,
  NEWSLETTERS_SEND_TO_RECIPIENT,
  NEWSLETTERS_STATUS,
  NEWSLETTERS_STOP,
  NEWSLETTERS_UPDATE,
  RECIPIENTS_IMPORT,
  SENDING_OPERATIONS,
  TRANSACTIONAL_EMAIL_SEND,
  TRANSACTIONAL_SMS_SEND,
} from './catalogue/sending.js';
export {
  STATISTICS_MESSAGE_COUNT,
  STATISTICS_MESSAGE_LIST,
  STATISTICS_RECIPIENT_COUNT,
  STATISTICS_RECIPIENT_LIST,
  type StatisticsCount,
  type StatisticsEntry,
} from './catalogue/statistics.js';
export {
  type EmailMessage,
  type EmailSendResult,
  type SmsSend,
  type SmsSendOutcome,
  type TransactionalMembers,
  transactionalEmail,
  transactionalSms,
} from './catalogue/transactional.js';
export type {
  BaseUrls,
  LimiterConfig,
  MailUpConfig,
  OAuthConfig,
  SmsListConfig,
  SmtpPlusConfig,
  SoapConfig,
} from './config/config.js';
export {
  configFromEnv,
  type EnvConfig,
  type EnvStores,
  type EnvType,
  type EnvVariable,
  MAILUP_ENV,
  secretEnvNames,
} from './config/env-table.js';
export { type FromEnvOverrides, mailUpConfigFromEnv } from './config/from-env.js';
export type { Members } from './config/members.js';
export { configError, validateConfig } from './config/validate-config.js';
export type {
  CredentialRenewedEvent,
  CredentialsUnsavedEvent,
  FacadeEvent,
  FacadeEventBase,
  FacadeEventOf,
  FacadeEventType,
  FallbackEvent,
  ReauthorizationRequiredFacadeEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  ThrottledEvent,
} from './events.js';
export {
  Legacy,
  type LegacyInputs,
  type LegacyMembers,
  type LegacyName,
  type LegacyOptions,
  type LegacyResult,
  type LegacyRoute,
} from './legacy/legacy.js';
export { REST_TRANSLATIONS, type RestTranslation } from './legacy/rest-translations.js';
export { type CollectionOptions, DEFAULT_SWITCHED_OFF_TTL_MS, MailUp, type WithRouted } from './mailup.js';
export {
  type MigrationKind,
  migrationOf,
  type RestCombination,
  type ServedElsewhere,
  SOAP_TO_REST,
  type SoapHeaderRef,
  type SoapMigration,
  type SoapOperationName,
} from './migration/soap-to-rest.js';
export {
  checkMigrationStage,
  type MigrationDecision,
  type MigrationStage,
  migrationDecision,
  movesToRest,
  soapOperationName,
} from './migration/stage.js';
export { callOptions } from './routing/call-options.js';
export {
  decideFallback,
  type FallbackDecision,
  type FallbackInput,
  type MoveReason,
  type StayReason,
} from './routing/fallback.js';
export { type RoutedIterable, type Walk, walk, walkAll } from './routing/iterable.js';
export type {
  CandidateStatus,
  FacadeCallOptions,
  Plan,
  PlannedCandidate,
  PlannedRow,
  Routed,
  RoutedAttempt,
} from './routing/router.js';
export {
  MemorySwitchedOffStore,
  type MemorySwitchedOffStoreOptions,
  type SwitchedOffEntry,
  type SwitchedOffKind,
  type SwitchedOffStore,
} from './routing/switched-off.js';
