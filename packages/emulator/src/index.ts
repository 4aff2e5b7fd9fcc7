export { acceptsXml, restFormatter, restProblem, type XmlEncoder } from './answers/rest-formatter.js';
export { soapFault, soapFormatter } from './answers/soap-formatter.js';
export type { EmulatorControl } from './control.js';
export {
  FAULT_PHASES,
  type FaultAction,
  type FaultPhase,
  type FaultRequest,
  type FaultRule,
  phaseOf,
  validateFaultRule,
} from './faults.js';
export { isLoopbackHost } from './http/control-guard.js';
export { operationId, SMTP_SEND_OPERATION } from './journal/operation-id.js';
export {
  JOURNAL_DEFAULTS,
  type JournalBody,
  type JournalEntry,
  type JournalFilter,
  type JournalOptions,
  type JournalRecord,
  type JournalTransport,
  parseJournalFilter,
  RequestJournal,
} from './journal/request-journal.js';
export {
  describeEmulator,
  type EmulatorDescription,
  type EmulatorEndpoints,
  type SmtpEndpoint,
  type SoapEndpoint,
} from './launch/describe-emulator.js';
export {
  EMULATOR_COMMAND_HELP,
  type EmulatorCommandIO,
  runEmulatorCommand,
} from './launch/emulator-command.js';
export { EMULATOR_ENV_PREFIX, emulatorEnvLines } from './launch/env-lines.js';
export {
  EMULATOR_ENV,
  type LaunchFlags,
  type LaunchOptions,
  type RequestLogFormat,
  resolveLaunchOptions,
} from './launch/launch-options.js';
export { PARENT_WATCH_INTERVAL_MS, watchParent } from './launch/parent-watch.js';
export { formatRequestLog } from './launch/request-log.js';
export { soapActionMethod, soapBodyMethod, soapEnvelopeResolver } from './pipeline/soap-envelope.js';
export { FilterError, parseFilter, parseOrderBy } from './rest/filter-expression.js';
export {
  REST_SERVICE_BASES,
  type RestRouteInfo,
  restResourcesModule,
  restRouteTable,
} from './rest/rest-module.js';
export { encodeWcfXml, WCF_NAMESPACES } from './rest/wcf-xml.js';
export { type RouteMatch, Router } from './router.js';
export {
  CONTROL_PREFIX,
  EMULATOR_DEFAULTS,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './server.js';
export { generateSmtpCertificate, type SmtpCertificate } from './smtp/smtp-certificate.js';
export { checkXSmtpApi, X_SMTPAPI_KEYS } from './smtp/x-smtpapi.js';
export type { EmulatorAccount, EmulatorOAuthClient } from './store/account.js';
export {
  AccountData,
  DEFAULT_FIELD_NAMES,
  type IdTable,
  type NewList,
  type RecipientKey,
  type SubscribeOutcome,
} from './store/account-data.js';
export {
  applySeed,
  BUILTIN_SEEDS,
  DEFAULT_SEED_NAME,
  EMPTY_SEED,
  type EmulatorSeed,
  parseSeed,
  resolveSeed,
  SAMPLE_SEED,
  type SeedChoice,
  type SeedGroup,
  type SeedList,
  type SeedRecipient,
  type SeedSmtpUser,
} from './store/account-seed.js';
export { EmulatorStore, type SeedAccountOptions, seedAccount } from './store/emulator-store.js';
export type { EmulatorGroup, EmulatorList } from './store/list.js';
export type {
  EmulatorAttachment,
  EmulatorImage,
  EmulatorStatEvent,
  EmulatorTag,
  EmulatorTemplate,
  StatEventKind,
} from './store/message-content.js';
export {
  type AccessTokenRecord,
  type AuthorizationCode,
  type LogOnSession,
  OAuthGrants,
  type OAuthStats,
  type RefreshTokenRecord,
} from './store/oauth-grants.js';
export type {
  Channel,
  EmulatorRecipient,
  GroupMembership,
  Subscription,
  SubscriptionStatus,
} from './store/recipient.js';
export type {
  EmulatorImport,
  EmulatorMessage,
  EmulatorSending,
  ImportStatus,
  SendingStatus,
} from './store/sending.js';
export type { ServiceName, ServiceSettings, SmtpPlusUser } from './store/services.js';
export { SubscriptionTable } from './store/subscription-table.js';
export {
  type MailChannel,
  OUTBOX_RETENTION_DEFAULTS,
  type OutboxEvicted,
  type OutboxRetention,
  type StoredAddress,
  type StoredMail,
  type StoredPart,
  type StoredSms,
  TransactionalOutbox,
} from './store/transactional-outbox.js';
export {
  type AfterFilter,
  type Answer,
  type AnswerFormatter,
  type AuthScheme,
  type ControlAction,
  type EmulatorClock,
  type EmulatorContext,
  type EmulatorModule,
  type EmulatorProblem,
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorUrls,
  GATE_PHASES,
  type Gate,
  type GatePhase,
  type Handler,
  type ListenOptions,
  type ModuleFaults,
  type ModuleListener,
  type RequestAuth,
  type Resolved,
  type Resolver,
  type RouteInfo,
  type RouteOptions,
} from './types.js';
