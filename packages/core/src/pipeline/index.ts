// `@mailup-kit/core/pipeline`: what a protocol package or a plugin author builds a client with (platform-neutral):
// the Pipeline and its middleware stack and steps, the transport/retry/initialize middleware, the ProtocolClient
// template, plugins, operation rows, the call context and observer plumbing, retry decisions and budgets, request
// building (JSON bodies, HTTP build, bearer auth, loopback hosts, e-mail addresses) and the redaction helpers
// beyond `redactString`.
export { bodyText, type JsonBodyContext, parseJsonBody, parseJsonObject } from '../body/json-body.js';
export { applyPlugins, definePlugin, type PluginMiddleware } from '../client/client-plugin.js';
export {
  callOptionsOf,
  DeferredInput,
  deferInput,
  ProtocolClient,
  type ProtocolClientOptions,
} from '../client/protocol-client.js';
export { type BearerAuthOptions, type BearerTokens, bearerAuthMiddleware } from '../http/bearer-auth.js';
export { type HttpCredentials, httpBuildMiddleware, renderHttpRequest } from '../http/http-build.js';
export { isLoopbackAddress, isLoopbackHost } from '../http/loopback-host.js';
export { redactForm, redactHeaders, redactUrl, redactValue } from '../redaction/redact.js';
export { defaultSecretNames, SECRET_NAMES, SecretNames } from '../redaction/secret-names.js';
export { defineSecretProperty } from '../redaction/secret-property.js';
export { boundedWaitHint, fullJitterDelay, seededRandom } from '../retry/backoff.js';
export { RetryBudget, type RetryBudgetOptions } from '../retry/retry-budget.js';
export {
  asAmbiguous,
  decideRetry,
  type NoRetryReason,
  type RetryDecision,
  type RetryDecisionInput,
} from '../retry/retry-decision.js';
export { retryClassFor } from '../retry/retry-policy.js';
export { transportAttempt } from '../transport/transport.js';
export { isEmailAddress, MAX_EMAIL_LENGTH, MAX_EMAIL_LOCAL_LENGTH } from '../validation/email-address.js';
export type { CallContext } from './call-context.js';
export { emitCallEvent, notifyObserver } from './call-events.js';
export { initializeMiddleware } from './initialize-middleware.js';
export type { Middleware } from './middleware.js';
export { type MiddlewareEntry, MiddlewareStack } from './middleware-stack.js';
export {
  type Operation,
  type OperationRow,
  type OperationSpec,
  type OperationTableOf,
  operationRow,
  operationTable,
} from './operation.js';
export { type CallOptions, Pipeline, type PipelineOptions } from './pipeline.js';
export { type RetryMiddlewareOptions, raiseSent, retryMiddleware } from './retry-middleware.js';
export { PIPELINE_STEPS, type PipelineStep } from './steps.js';
export { attemptOf, transportMiddleware } from './transport-middleware.js';
export { waitOrAbort } from './wait-or-abort.js';
