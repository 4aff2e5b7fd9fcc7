// The kernel: what an application using a MailUp client imports. What a protocol package, a store or a plugin
// author needs lives in the platform-neutral subpath entries: `@mailup-kit/core/pipeline` (the call pipeline,
// middleware, retry machinery, request building), `/errors` (error helpers beyond MailUpError), `/catalogue`
// (the vendor code tables, X-SMTPAPI, throttle messages, the API use policy), `/credentials` (credential cache,
// token records and stores, fingerprints), `/quota` (quota stores, windows and the quota log). Growing this list
// is a conscious change: test/root-exports.test.ts pins it.
export type { ClientConfig, ClientTlsOptions, TransportSettings } from './client/client-config.js';
export type { ClientPlugin } from './client/client-plugin.js';
export type { ClientCallOptions } from './client/protocol-client.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export type { CredentialStatus } from './credentials/credential-cache.js';
export { ERROR_KINDS, type ErrorKind, PROTOCOLS, type Protocol } from './errors/error-kind.js';
export {
  MailUpError,
  type MailUpErrorOptions,
  provablyNotSent,
  type RequestSummary,
  type SentState,
} from './errors/mailup-error.js';
export type { HttpRequest, HttpResponse, HttpSender } from './http/http-message.js';
export { newCallId } from './ids.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
export type {
  CallEvent,
  CallEventBase,
  CallEventFields,
  CallEventType,
  CallObserver,
  CredentialRenewedCallEvent,
  CredentialsUnsavedCallEvent,
  ReauthorizationRequiredCallEvent,
  RequestCallEvent,
  ResponseCallEvent,
  RetryCallEvent,
  ThrottledCallEvent,
} from './pipeline/call-events.js';
export { redactString } from './redaction/redact.js';
export { redactingLogger } from './redaction/redacting-logger.js';
export { REDACTED } from './redaction/secret-names.js';
export {
  DEFAULT_RETRY_POLICY,
  RETRY_CLASSES,
  type RetryClass,
  type RetryPolicy,
  retryPolicy,
} from './retry/retry-policy.js';
export type { Transport, TransportAttempt, TransportAttemptOptions } from './transport/transport.js';
export { CORE_VERSION } from './version.js';
