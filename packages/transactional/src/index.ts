export { DEFAULT_SEND_API_URL, DEFAULT_SMS_API_URL } from './endpoints.js';
export { type JsonCredentials, type JsonHttpRequest, jsonAuthPlugin, jsonBuildMiddleware } from './json-credentials.js';
export {
  checkXSmtpApiDto,
  type EmailAddressDto,
  type HtmlDto,
  type MessageDto,
  type MessagePartDto,
  messageBody,
  type NameValueDto,
  type TemplateMessageDto,
  templateBody,
  type XSmtpApiDto,
} from './message-dto.js';
export {
  SEND_API_OPERATIONS,
  SendApiClient,
  type SendApiClientOptions,
  type SendApiOperation,
  type SendApiResult,
  type SmtpUserInfo,
} from './send-api-client.js';
export {
  messageDtoFromNodemailer,
  type SendApiNodemailerTransport,
  type SendApiSentInfo,
  sendApiTransport,
} from './send-api-transport.js';
export {
  SMS_OPERATIONS,
  SmsClient,
  type SmsClientOptions,
  type SmsMessage,
  type SmsSendResult,
} from './sms-client.js';
export { SMS_MAX_CHARACTERS, type SmsSegments, smsSegments } from './sms-size.js';
