export type { SmtpDelivery } from './connection-pool.js';
export { type SmtpPlusNodemailerTransport, smtpPlusTransport } from './nodemailer-transport.js';
export {
  DEFAULT_SMTP_PLUS_HOST,
  DEFAULT_SMTP_PLUS_PORT,
  isDocumentedSmtpPlusPort,
  SMTP_PLUS_HOSTS,
} from './relay-hosts.js';
export { type SmtpFailureFacts, smtpFailure } from './smtp-error.js';
export { type ComposedMessage, composeMessage, type SmtpPlusMessage } from './smtp-message.js';
export {
  SMTP_OPERATIONS,
  SmtpPlusRelay,
  type SmtpPlusRelayOptions,
  type SmtpPlusSendResult,
} from './smtp-plus-relay.js';
export { SmtpTransport, type SmtpTransportOptions } from './smtp-transport.js';
export {
  buildXSmtpApi,
  type DynamicField,
  parseXSmtpApi,
  type SmtpPlusPriority,
  type XSmtpApi,
  xSmtpApiObject,
} from './x-smtpapi.js';
