/**
 * `@mailup-kit/client`: the facade `MailUp` — one object over the MailUp API family that picks a transport per
 * operation, applies that protocol's limits, falls back without ever sending twice and explains its choice.
 */
// tx21: the transactional, newsletter and recipient-import catalogue entries
export type { Binding, BindingCall, Equivalence, OperationDef, OperationKind, Via } from './catalogue/binding.js';
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
// STAND-IN (tx21): the router until fac21's `MailUp` object lands; the lead removes this export at the merge.
export { type Routed, type RunOptions, runOperation } from './catalogue/stand-in.js';
export {
  type EmailMessage,
  type EmailSendResult,
  type SmsSend,
  type SmsSendOutcome,
  type TransactionalMembers,
  transactionalEmail,
  transactionalSms,
} from './catalogue/transactional.js';
