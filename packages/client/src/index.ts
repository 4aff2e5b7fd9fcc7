/**
 * `@mailup-kit/client`: the facade `MailUp` — one object over the MailUp API family that picks a transport per
 * operation, applies that protocol's limits, falls back without ever sending twice and explains its choice.
 */
// tx21: the transactional, newsletter and recipient-import catalogue entries
export type { Binding, BindingCall, Equivalence, OperationDef, OperationKind, Via } from './catalogue/binding.js';
export {
  type EmailMessage,
  type EmailSendResult,
  type SmsSend,
  type SmsSendOutcome,
  type TransactionalMembers,
  transactionalEmail,
  transactionalSms,
} from './catalogue/transactional.js';
