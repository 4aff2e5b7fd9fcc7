/**
 * The transactional, newsletter and recipient-import operations as the `MailUp` object holds them (one definition
 * each, typed for the facade's members), in `catalogue` order so `plan('<id>')` finds them.
 */
import type { Members } from '../config/members.js';
import type { OperationDef } from './binding.js';
import {
  type Newsletter,
  type NewsletterCreate,
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
} from './newsletters.js';
import { type RecipientsImport, type RecipientsImportResult, recipientsImport } from './recipient-import.js';
import {
  type EmailMessage,
  type EmailSendResult,
  type SmsSend,
  type SmsSendOutcome,
  transactionalEmail,
  transactionalSms,
} from './transactional.js';

/** `transactional.email.send` (Send API, SMTP+ relay). */
export const TRANSACTIONAL_EMAIL_SEND: OperationDef<EmailMessage, EmailSendResult, Members> = transactionalEmail();
/** `transactional.sms.send` (SMS API, SOAP SendSingleSMS partial). */
export const TRANSACTIONAL_SMS_SEND: OperationDef<SmsSend, SmsSendOutcome, Members> = transactionalSms();
/** `newsletters.create` (REST, SOAP). */
export const NEWSLETTERS_CREATE: OperationDef<NewsletterCreate, Newsletter, Members> = newslettersCreate();
/** `newsletters.get` (REST, SOAP). */
export const NEWSLETTERS_GET: OperationDef<NewsletterRef, Newsletter, Members> = newslettersGet();
/** `newsletters.update` (REST, SOAP). */
export const NEWSLETTERS_UPDATE: OperationDef<NewsletterUpdate, NewsletterRef, Members> = newslettersUpdate();
/** `newsletters.delete` (REST only). */
export const NEWSLETTERS_DELETE: OperationDef<NewsletterRef, NewsletterRef, Members> = newslettersDelete();
/** `newsletters.send` (REST, SOAP SendNewsletter partial). */
export const NEWSLETTERS_SEND: OperationDef<NewsletterSend, NewsletterSent, Members> = newslettersSend();
/** `newsletters.schedule` (REST, SOAP SendNewsletter with `deliverydt` partial). */
export const NEWSLETTERS_SCHEDULE: OperationDef<NewsletterSend, NewsletterSent, Members> = newslettersSchedule();
/** `newsletters.sendToRecipient` (REST, SOAP SendSingleNewsletter partial). */
export const NEWSLETTERS_SEND_TO_RECIPIENT: OperationDef<NewsletterSendOne, NewsletterSent, Members> =
  newslettersSendToRecipient();
/** `newsletters.stop` (REST only). */
export const NEWSLETTERS_STOP: OperationDef<SendingRef, SendingRef, Members> = newslettersStop();
/** `newsletters.status` (SOAP only). */
export const NEWSLETTERS_STATUS: OperationDef<SendingRef, NewsletterStatus, Members> = newslettersStatus();
/** `recipients.import` (REST bulk import, WSMailUpImport). */
export const RECIPIENTS_IMPORT: OperationDef<RecipientsImport, RecipientsImportResult, Members> = recipientsImport();

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table of operations (each is typed above)
type AnyOperationDef = OperationDef<any, any, Members>;

/** Every transactional, newsletter and import operation (the `MailUp` catalogue adds them to the core ones). */
export const SENDING_OPERATIONS: readonly AnyOperationDef[] = Object.freeze([
  TRANSACTIONAL_EMAIL_SEND,
  TRANSACTIONAL_SMS_SEND,
  NEWSLETTERS_CREATE,
  NEWSLETTERS_GET,
  NEWSLETTERS_UPDATE,
  NEWSLETTERS_DELETE,
  NEWSLETTERS_SEND,
  NEWSLETTERS_SCHEDULE,
  NEWSLETTERS_SEND_TO_RECIPIENT,
  NEWSLETTERS_STOP,
  NEWSLETTERS_STATUS,
  RECIPIENTS_IMPORT,
]);
