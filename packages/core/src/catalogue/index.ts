// `@mailup-kit/core/catalogue`: the vendor code tables (REST, SOAP, import, frontend, Send API, SMS, OAuth,
// WSActivation), X-SMTPAPI, throttle messages and the API use policy (platform-neutral).

export { API_USE_POLICY, MAX_SENDING_BACKLOG } from '../policy/api-use-policy.js';
export { findPolicyRow, PolicyRowIndex } from '../policy/find-policy-row.js';
export type { PolicyCondition, PolicyLimit, PolicyMatch, PolicyRow } from '../policy/policy-row.js';
export {
  FRONTEND_PAGES,
  FRONTEND_RETURN_CODES,
  type FrontendAnswer,
  type FrontendPage,
  frontendAnswer,
  frontendError,
  frontendPage,
} from './frontend-codes.js';
export { IMPORT_RETURN_CODES, importReturnCodeError } from './import-codes.js';
export { OAUTH_ERROR_KINDS, oauthError } from './oauth-errors.js';
export {
  parseRestErrorBody,
  REST_DESCRIPTION_RULES,
  REST_STATUS_KINDS,
  type RestDescriptionRule,
  type RestErrorBody,
  type RestErrorOptions,
  restError,
  restErrorKind,
} from './rest-errors.js';
export { SEND_API_STATUS_KINDS, type SendApiAnswer, sendApiResult } from './send-api-codes.js';
export { SMS_CODES, type SmsAnswer, type SmsCode, type SmsOutcome, smsResult } from './sms-codes.js';
export { SOAP_ERROR_CODES, soapResultError } from './soap-codes.js';
export { DEFAULT_THROTTLE_WAIT_MS, parseThrottleMessage, type ThrottleFacts } from './throttle-message.js';
export { findCode, type VendorCode, type VendorErrorContext, vendorCodeError } from './vendor-code.js';
export {
  decodeWsActivationMissing,
  WSACTIVATION_MISSING_FLAGS,
  WSACTIVATION_RETURN_CODES,
  wsActivationError,
} from './wsactivation-codes.js';
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
} from './x-smtpapi.js';
