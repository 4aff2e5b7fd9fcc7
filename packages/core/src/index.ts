export { bodyText, type JsonBodyContext, parseJsonBody, parseJsonObject } from './body/json-body.js';
export {
  FRONTEND_PAGES,
  FRONTEND_RETURN_CODES,
  type FrontendAnswer,
  type FrontendPage,
  frontendAnswer,
  frontendError,
  frontendPage,
} from './catalogue/frontend-codes.js';
export { IMPORT_RETURN_CODES, importReturnCodeError } from './catalogue/import-codes.js';
export { OAUTH_ERROR_KINDS, oauthError } from './catalogue/oauth-errors.js';
export {
  parseRestErrorBody,
  REST_DESCRIPTION_RULES,
  REST_STATUS_KINDS,
  type RestDescriptionRule,
  type RestErrorBody,
  type RestErrorOptions,
  restError,
  restErrorKind,
} from './catalogue/rest-errors.js';
export { SEND_API_STATUS_KINDS, type SendApiAnswer, sendApiResult } from './catalogue/send-api-codes.js';
export { SMS_CODES, type SmsAnswer, type SmsCode, type SmsOutcome, smsResult } from './catalogue/sms-codes.js';
export { SOAP_ERROR_CODES, soapResultError } from './catalogue/soap-codes.js';
export { DEFAULT_THROTTLE_WAIT_MS, parseThrottleMessage, type ThrottleFacts } from './catalogue/throttle-message.js';
export { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './catalogue/vendor-code.js';
export {
  decodeWsActivationMissing,
  WSACTIVATION_MISSING_FLAGS,
  WSACTIVATION_RETURN_CODES,
  wsActivationError,
} from './catalogue/wsactivation-codes.js';
export {
  checkXSmtpApi,
  readXSmtpApiHeader,
  X_SMTPAPI_FIELDS,
  X_SMTPAPI_KEYS,
  X_SMTPAPI_PRIORITY,
  X_SMTPAPI_RULES,
  type XSmtpApiContext,
  type XSmtpApiDto,
  type XSmtpApiDynamicField,
  type XSmtpApiField,
  type XSmtpApiFieldType,
  type XSmtpApiKey,
  type XSmtpApiPriority,
  type XSmtpApiResult,
  type XSmtpApiSettings,
  xSmtpApiDto,
  xSmtpApiHeader,
} from './catalogue/x-smtpapi.js';
export * from './client/index.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export * from './credentials/index.js';
export { type AbortedErrorOptions, abortedError } from './errors/aborted-error.js';
export { ERROR_KINDS, type ErrorKind, PROTOCOLS, type Protocol, RETRYABLE_KINDS } from './errors/error-kind.js';
export {
  MailUpError,
  type MailUpErrorOptions,
  maxSent,
  provablyNotSent,
  type RequestSummary,
  reduceCause,
  type SentState,
} from './errors/mailup-error.js';
export { NOTHING_SENT_CODES, networkCodeOf } from './errors/nothing-sent.js';
export { type BearerAuthOptions, type BearerTokens, bearerAuthMiddleware } from './http/bearer-auth.js';
export { type HttpCredentials, httpBuildMiddleware, renderHttpRequest } from './http/http-build.js';
export type { HttpRequest, HttpResponse, HttpSender } from './http/http-message.js';
export { isLoopbackAddress, isLoopbackHost } from './http/loopback-host.js';
export { newCallId } from './ids.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
export type { CallContext } from './pipeline/call-context.js';
export {
  type CallEvent,
  type CallEventBase,
  type CallEventFields,
  type CallEventType,
  type CallObserver,
  type CredentialRenewedCallEvent,
  type CredentialsUnsavedCallEvent,
  emitCallEvent,
  notifyObserver,
  type ReauthorizationRequiredCallEvent,
  type RequestCallEvent,
  type ResponseCallEvent,
  type RetryCallEvent,
  type ThrottledCallEvent,
} from './pipeline/call-events.js';
export { initializeMiddleware } from './pipeline/initialize-middleware.js';
export type { Middleware } from './pipeline/middleware.js';
export { type MiddlewareEntry, MiddlewareStack } from './pipeline/middleware-stack.js';
export {
  type Operation,
  type OperationRow,
  type OperationSpec,
  type OperationTableOf,
  operationRow,
  operationTable,
} from './pipeline/operation.js';
export { type CallOptions, Pipeline, type PipelineOptions } from './pipeline/pipeline.js';
export { type RetryMiddlewareOptions, raiseSent, retryMiddleware } from './pipeline/retry-middleware.js';
export { PIPELINE_STEPS, type PipelineStep } from './pipeline/steps.js';
export { attemptOf, transportMiddleware } from './pipeline/transport-middleware.js';
export { waitOrAbort } from './pipeline/wait-or-abort.js';
export * from './policy/index.js';
export * from './quota/index.js';
export { redactForm, redactHeaders, redactString, redactUrl, redactValue } from './redaction/redact.js';
export { redactingLogger } from './redaction/redacting-logger.js';
export { defaultSecretNames, REDACTED, SECRET_NAMES, SecretNames } from './redaction/secret-names.js';
export { defineSecretProperty } from './redaction/secret-property.js';
export { boundedWaitHint, fullJitterDelay, seededRandom } from './retry/backoff.js';
export { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget.js';
export {
  asAmbiguous,
  decideRetry,
  type NoRetryReason,
  type RetryDecision,
  type RetryDecisionInput,
} from './retry/retry-decision.js';
export {
  DEFAULT_RETRY_POLICY,
  RETRY_CLASSES,
  type RetryClass,
  type RetryPolicy,
  retryClassFor,
  retryPolicy,
} from './retry/retry-policy.js';
export { isRetryable } from './retry/retryable.js';
export * from './tokens/index.js';
export {
  type Transport,
  type TransportAttempt,
  type TransportAttemptOptions,
  transportAttempt,
} from './transport/transport.js';
export { isEmailAddress, MAX_EMAIL_LENGTH, MAX_EMAIL_LOCAL_LENGTH } from './validation/email-address.js';
export { CORE_VERSION } from './version.js';
