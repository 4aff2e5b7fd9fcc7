/**
 * The facade's transactional operations: `transactional.email.send` (the Send API and the SMTP+ relay, one
 * nodemailer message object for both) and `transactional.sms.send` (the SMS API and SOAP `SendSingleSMS`).
 * Both are sends: the router never repeats one on another transport once its bytes may have left.
 */
import { MailUpError } from '@mailup-kit/core';
import { isEmailAddress } from '@mailup-kit/core/pipeline';
import type { SmtpPlusMessage, SmtpPlusRelay } from '@mailup-kit/smtp';
import type { SoapClient } from '@mailup-kit/soap';
import { messageDtoFromNodemailer, type SendApiClient, type SmsClient } from '@mailup-kit/transactional';
import { callOptions } from '../routing/call-options.js';
import type { Binding, OperationDef } from './binding.js';
import { smtpRow, soapRow, txmailRow, txsmsRow } from './rows.js';

/** The configured members the transactional operations use (any subset). */
export interface TransactionalMembers {
  /** The Send API client (`@mailup-kit/transactional`). */
  readonly txmail?: SendApiClient;
  /** The SMTP+ relay (`@mailup-kit/smtp`). */
  readonly smtp?: SmtpPlusRelay;
  /** The SMS API clients (`@mailup-kit/transactional`), by list id: each is configured for one list. */
  readonly txsms?: ReadonlyMap<number, SmsClient>;
  /** MailUpSend/Manage/Report (`@mailup-kit/soap`). */
  readonly soap?: SoapClient;
}

/**
 * The canonical input of `transactional.email.send`: nodemailer's message object (`from`, `to`, `cc`, `bcc`,
 * `replyTo`, `subject`, `text`, `html`, `attachments`, `headers`, `messageId`) plus MailUp's typed `xSmtpApi`
 * settings — the same object `nodemailer.createTransport(smtpPlusTransport(…))` takes.
 */
export type EmailMessage = SmtpPlusMessage;

/** What `transactional.email.send` answers, whichever transport served it. */
export interface EmailSendResult {
  /** `<id@domain>`: the message's Message-ID (given, or made before sending). */
  readonly messageId?: string;
  /** Recipients the transport accepted (the Send API accepts a message whole: every recipient). */
  readonly accepted: readonly string[];
  /** Recipients the relay refused (never any through the Send API, which refuses the message whole). */
  readonly rejected: readonly string[];
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation, message, ...fieldOf(message) });
}

/** The input field a check's message starts with (`listId must be …`, `attachments[0]: …`), for `details.field`. */
function fieldOf(message: string): { details: { field: string } } | Record<string, never> {
  const m = /^([A-Za-z][\w[\]]*)(?: must| is| has|:)/.exec(message);
  return m?.[1] ? { details: { field: m[1] } } : {};
}

const EMAIL_OP = 'transactional.email.send';

interface Address {
  name?: string;
  address: string;
}

/** Splits an address list on commas outside quotes and angle brackets: one pass, no regex. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle = true;
    else if (!quoted && c === '>') angle = false;
    else if (!quoted && !angle && (c === ',' || c === ';')) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseOne(text: string, where: string): Address {
  const open = text.lastIndexOf('<');
  const close = text.lastIndexOf('>');
  let address = text;
  let name: string | undefined;
  if (open !== -1 && close > open) {
    address = text.slice(open + 1, close).trim();
    name = text.slice(0, open).trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2)
      name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  if (/[\r\n]/.test(text) || !isEmailAddress(address)) {
    throw invalid(EMAIL_OP, `${where} has an invalid address "${address.slice(0, 80)}"`);
  }
  return name ? { name, address } : { address };
}

/** nodemailer's address forms (a string list, `{ name, address }`, an array of either) to a flat list. */
function addresses(value: unknown, where: string): Address[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? (value.flat(2) as unknown[]) : [value];
  return items.flatMap((item): Address[] => {
    if (typeof item === 'string') return splitList(item).map((p) => parseOne(p, where));
    if (item && typeof item === 'object' && typeof (item as Address).address === 'string') {
      const a = item as Address;
      const one = parseOne(a.address, where);
      return [a.name ? { name: String(a.name), address: one.address } : one];
    }
    throw invalid(EMAIL_OP, `${where} must be an address string or { name, address }`);
  });
}

function textPart(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(EMAIL_OP, `${where} must be a string through the facade`);
  return value;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * The nodemailer message in the normalized form the Send API's mapping reads, checked the way the relay checks it
 * (a `validation` error before anything is sent): addresses, at least one recipient, string bodies, in-memory
 * attachments only.
 */
export function normalizeEmail(message: EmailMessage): {
  data: Parameters<typeof messageDtoFromNodemailer>[0];
  messageId: string;
  recipients: string[];
} {
  if (typeof message !== 'object' || message === null) throw invalid(EMAIL_OP, 'the message must be an object');
  if (message.raw !== undefined || message.envelope !== undefined) {
    throw invalid(EMAIL_OP, 'raw messages and custom envelopes are not supported: give the message fields');
  }
  const from = addresses(message.from, 'from');
  if (from.length === 0) throw invalid(EMAIL_OP, 'from is required');
  const to = addresses(message.to, 'to');
  const cc = addresses(message.cc, 'cc');
  const bcc = addresses(message.bcc, 'bcc');
  const recipients = [...to, ...cc, ...bcc].map((a) => a.address);
  if (recipients.length === 0) throw invalid(EMAIL_OP, 'to: a message needs at least one recipient (to, cc or bcc)');
  const replyTo = addresses(message.replyTo, 'replyTo');
  const subject = textPart(message.subject, 'subject');
  if (subject !== undefined && /[\r\n]/.test(subject)) throw invalid(EMAIL_OP, 'subject must be one line');
  let messageId = message.messageId;
  if (messageId === undefined) {
    messageId = `<${globalThis.crypto.randomUUID()}@${domainOf((from[0] as Address).address)}>`;
  } else if (typeof messageId !== 'string' || !/^<?[^\s<>@]+@[^\s<>@]+>?$/.test(messageId)) {
    throw invalid(EMAIL_OP, 'messageId must look like <id@domain>');
  } else if (!messageId.startsWith('<')) messageId = `<${messageId}>`;
  const attachments = (message.attachments ?? []).map((a, i) => {
    if (
      a.path !== undefined ||
      a.href !== undefined ||
      (a.content !== undefined && typeof a.content === 'object' && !Buffer.isBuffer(a.content))
    ) {
      throw invalid(EMAIL_OP, `attachments[${i}]: give its content (a string or a Buffer), not a path, URL or stream`);
    }
    const content = a.content === undefined ? '' : a.content;
    const base64 = Buffer.isBuffer(content) || a.encoding === 'base64';
    return {
      ...(a.filename ? { filename: String(a.filename) } : {}),
      ...(a.cid ? { cid: a.cid } : {}),
      content: Buffer.isBuffer(content) ? content.toString('base64') : String(content),
      ...(base64 ? { encoding: 'base64' } : {}),
    };
  });
  const headers = message.headers as Record<string, string | string[]> | Array<{ key: string; value: string }>;
  const text = textPart(message.text, 'text');
  const html = textPart(message.html, 'html');
  return {
    data: {
      from: from[0],
      to,
      cc,
      bcc,
      ...(replyTo[0] ? { replyTo: replyTo[0] } : {}),
      ...(subject === undefined ? {} : { subject }),
      ...(text === undefined ? {} : { text }),
      ...(html === undefined ? {} : { html }),
      ...(headers ? { headers } : {}),
      attachments,
    },
    messageId,
    recipients,
  };
}

function sendApiBinding<M extends TransactionalMembers>(): Binding<EmailMessage, EmailSendResult, M> {
  return {
    via: 'txmail',
    rows: [txmailRow('sendmessage')],
    equivalence: { kind: 'same' },
    needs: ['txmail'],
    async run(members, message, call) {
      const client = members.txmail as SendApiClient;
      const { data, messageId, recipients } = normalizeEmail(message);
      const dto = messageDtoFromNodemailer(data, messageId, message.xSmtpApi as Record<string, unknown> | undefined);
      await client.sendMessage(dto, callOptions(call));
      return { messageId, accepted: recipients, rejected: [] };
    },
  };
}

function relayBinding<M extends TransactionalMembers>(): Binding<EmailMessage, EmailSendResult, M> {
  return {
    via: 'smtp',
    rows: [smtpRow()],
    equivalence: { kind: 'same' },
    needs: ['smtp'],
    async run(members, message, call) {
      const relay = members.smtp as SmtpPlusRelay;
      // the same checks and Message-ID as the Send API binding, so both answer the same canonical result
      const { messageId } = normalizeEmail(message);
      const info = await relay.send({ ...message, messageId }, callOptions(call));
      return { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected };
    },
  };
}

/**
 * `transactional.email.send`: one nodemailer message through the Send API (`messages/sendmessage`) or the SMTP+
 * relay, whichever is configured first in the order. Both carry the same headers, attachments and X-SMTPAPI
 * settings, so they are `same`. A send is never repeated on the other transport once its bytes may have left
 * (a reset after the request was written, a drop after DATA); a failure that proves nothing left (our own
 * `quota-exhausted`, credentials refused) moves on.
 */
export function transactionalEmail<M extends TransactionalMembers = TransactionalMembers>(): OperationDef<
  EmailMessage,
  EmailSendResult,
  M
> {
  return { id: EMAIL_OP, kind: 'send', bindings: [sendApiBinding<M>(), relayBinding<M>()] };
}

/** The canonical input of `transactional.sms.send`. */
export interface SmsSend {
  /** The list the SMS goes out from (the SMS API needs a client configured for it: its GUID and ListSecret). */
  readonly listId: number;
  /** One number, with `+` or `00` (else the list's default prefix). */
  readonly to: string;
  /** Up to 670 characters. */
  readonly text: string;
  /** SMS API only: 1–11 letters and digits (default the list's sender). */
  readonly sender?: string;
  /** SMS API: the aggregation container; SOAP: the subject of the SMS message it creates. */
  readonly campaignCode?: string;
  /** SMS API only: `[Name]` merge tags. */
  readonly dynamicFields?: Readonly<Record<string, string>>;
}

/** What `transactional.sms.send` answers. */
export interface SmsSendOutcome {
  /** The delivery id MailUp gave the SMS. */
  readonly deliveryId: number;
  /** Parts charged (the SMS API says; SOAP does not). */
  readonly cost?: number;
}

const SMS_OP = 'transactional.sms.send';

function smsInvalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: SMS_OP, message, ...fieldOf(message) });
}

/** Checks an SMS before any transport is chosen: a `validation` MailUpError naming the field. */
export function checkSms(input: SmsSend): void {
  if (typeof input !== 'object' || input === null) throw smsInvalid('the SMS must be an object');
  if (!Number.isSafeInteger(input.listId) || input.listId <= 0) throw smsInvalid('listId must be a positive integer');
  if (typeof input.to !== 'string' || input.to.trim() === '') throw smsInvalid('to must be a phone number');
  if (typeof input.text !== 'string' || input.text.trim() === '') throw smsInvalid('text is required');
}

function smsApiBinding<M extends TransactionalMembers>(): Binding<SmsSend, SmsSendOutcome, M> {
  return {
    via: 'txsms',
    rows: [txsmsRow('send')],
    equivalence: { kind: 'same' },
    needs: ['txsms'],
    async run(members, input, call) {
      checkSms(input);
      const client = members.txsms?.get(input.listId);
      if (!client) throw smsInvalid(`no SMS API client is configured for list ${input.listId}`);
      const sent = await client.send(
        {
          content: input.text,
          recipient: input.to,
          ...(input.sender === undefined ? {} : { sender: input.sender }),
          ...(input.campaignCode === undefined ? {} : { campaignCode: input.campaignCode }),
          ...(input.dynamicFields === undefined ? {} : { dynamicFields: input.dynamicFields }),
        },
        callOptions(call),
      );
      return { deliveryId: sent.deliveryId, cost: sent.cost };
    },
  };
}

function soapSmsBinding<M extends TransactionalMembers>(): Binding<SmsSend, SmsSendOutcome, M> {
  return {
    via: 'soap',
    rows: [soapRow('MailupSend', 'SendSingleSMS')],
    equivalence: {
      kind: 'partial',
      differs: [
        'subscribes the number to the list (SMS channel) and creates an SMS message in it',
        'no sender, campaign code or dynamic fields',
        'no cost in the answer',
      ],
    },
    needs: ['soap'],
    async run(members, input, call) {
      checkSms(input);
      if (input.sender !== undefined || input.dynamicFields !== undefined) {
        throw smsInvalid('SendSingleSMS takes no sender or dynamic fields');
      }
      const soap = members.soap as SoapClient;
      const result = await soap.send.call(
        'SendSingleSMS',
        {
          listID: input.listId,
          subject: input.campaignCode ?? 'SMS',
          content: input.text,
          numero: input.to,
        },
        callOptions(call),
      );
      const deliveryId = result.data.deliveryID;
      if (deliveryId === undefined || !Number.isSafeInteger(deliveryId) || deliveryId <= 0) {
        throw new MailUpError({
          kind: 'permanent',
          protocol: 'soap',
          operation: 'SendSingleSMS',
          message: 'SendSingleSMS answered no deliveryID',
          sent: 'yes', // SOAP answered: the SMS may be on its way
        });
      }
      return { deliveryId };
    },
  };
}

/**
 * `transactional.sms.send`: the SMS API (`same`) or SOAP `SendSingleSMS` (`partial`: it subscribes the number
 * to the list and takes no sender). The router moves to SOAP only when the caller allows partial candidates.
 */
export function transactionalSms<M extends TransactionalMembers = TransactionalMembers>(): OperationDef<
  SmsSend,
  SmsSendOutcome,
  M
> {
  return { id: SMS_OP, kind: 'send', bindings: [smsApiBinding<M>(), soapSmsBinding<M>()] };
}
