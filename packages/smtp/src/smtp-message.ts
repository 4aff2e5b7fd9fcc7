import { isEmailAddress } from '@mailup-kit/core/pipeline';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import { invalid, oneLine } from './invalid.js';
import { buildXSmtpApi, parseXSmtpApi, type XSmtpApi } from './x-smtpapi.js';

/**
 * A message for the relay: nodemailer's message object (`from`, `to`, `cc`, `bcc`, `replyTo`, `subject`, `text`,
 * `html`, `attachments`, `headers`, `messageId` …) plus typed `xSmtpApi` settings. The same object can be given
 * to `nodemailer.createTransport(smtpPlusTransport(…))` or to the Send API transport of
 * `@mailup-kit/transactional`.
 */
export interface SmtpPlusMessage extends SendMailOptions {
  /** MailUp's `X-SMTPAPI` settings, validated and sent as the header (a hand-written header is checked too). */
  xSmtpApi?: XSmtpApi;
}

/** A message checked and rendered, ready for the wire. */
export interface ComposedMessage {
  /** `Message-ID` with angle brackets, e.g. `<uuid@example.com>`. */
  messageId: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

const OP = 'send';
const HEADER_NAME = /^[!-9;-~]+$/;

type AddressInput = SendMailOptions['to'];

function checkAddresses(where: string, value: AddressInput | SendMailOptions['from'], required: boolean): number {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalid(OP, `${where} is required`);
    return 0;
  }
  const list = (Array.isArray(value) ? value.flat(2) : [value]) as unknown[];
  let count = 0;
  for (const raw of list) {
    const item = raw as string | { name?: unknown; address?: unknown } | null;
    const pairs: Array<{ name: string; address: string }> = [];
    if (typeof item === 'string') {
      oneLine(OP, where, item);
      for (const parsed of addressparser(item, { flatten: true }) as Array<{ name: string; address?: string }>) {
        pairs.push({ name: parsed.name, address: parsed.address ?? '' });
      }
    } else if (item && typeof item === 'object' && typeof item.address === 'string') {
      pairs.push({ name: oneLine(OP, `${where} name`, String(item.name ?? '')), address: item.address });
    } else {
      throw invalid(OP, `${where} must be an address string or { name, address }`);
    }
    for (const { address } of pairs) {
      oneLine(OP, where, address);
      if (!isEmailAddress(address)) {
        throw invalid(OP, `${where} has an invalid address "${address.slice(0, 80)}"`);
      }
      count++;
    }
  }
  return count;
}

function checkHeaders(headers: SendMailOptions['headers']): Array<[string, string]> {
  if (headers === undefined || headers === null) return [];
  const entries: Array<[string, unknown]> = Array.isArray(headers)
    ? headers.map((h: { key?: unknown; value?: unknown }) => [String(h?.key ?? ''), h?.value])
    : Object.entries(headers);
  return entries.flatMap(([name, raw]) => {
    if (!HEADER_NAME.test(name)) throw invalid(OP, `header name "${name.slice(0, 40)}" is not a valid token`);
    const values = Array.isArray(raw) ? raw : [raw];
    return values.map((v): [string, string] => {
      const value = typeof v === 'object' && v !== null && 'value' in v ? (v as { value: unknown }).value : v;
      if (typeof value !== 'string') throw invalid(OP, `header ${name} must be a string`);
      return [name, oneLine(OP, `header ${name}`, value)];
    });
  });
}

/**
 * Checks a message (addresses, subject and every header free of CR/LF, at least one recipient, a valid
 * `X-SMTPAPI`) and renders it with nodemailer's composer. A `validation` MailUpError means nothing was sent.
 * Every message gets a `Message-ID` (nodemailer's, unless given).
 */
export async function composeMessage(message: SmtpPlusMessage): Promise<ComposedMessage> {
  if (typeof message !== 'object' || message === null) throw invalid(OP, 'the message must be an object');
  if (message.raw !== undefined || message.envelope !== undefined) {
    throw invalid(OP, 'raw messages and custom envelopes are not supported: give the message fields');
  }
  checkAddresses('from', message.from, true);
  const recipients =
    checkAddresses('to', message.to, false) +
    checkAddresses('cc', message.cc, false) +
    checkAddresses('bcc', message.bcc, false);
  if (recipients === 0) throw invalid(OP, 'a message needs at least one recipient (to, cc or bcc)');
  checkAddresses('replyTo', message.replyTo, false);
  if (message.subject !== undefined) {
    if (typeof message.subject !== 'string') throw invalid(OP, 'subject must be a string');
    oneLine(OP, 'subject', message.subject);
  }
  if (message.messageId !== undefined) {
    if (typeof message.messageId !== 'string' || !/^<?[^\s<>@]+@[^\s<>@]+>?$/.test(message.messageId)) {
      throw invalid(OP, 'messageId must look like <id@domain>');
    }
  }
  const headers = checkHeaders(message.headers);
  const own = headers.filter(([name]) => name.toLowerCase() !== 'x-smtpapi');
  const handWritten = headers.find(([name]) => name.toLowerCase() === 'x-smtpapi');
  if (handWritten && message.xSmtpApi) throw invalid(OP, 'give xSmtpApi or an X-SMTPAPI header, not both');
  let xSmtpApi: string | undefined;
  if (message.xSmtpApi !== undefined) xSmtpApi = buildXSmtpApi(message.xSmtpApi);
  else if (handWritten) {
    parseXSmtpApi(handWritten[1]);
    xSmtpApi = handWritten[1];
  }
  const { xSmtpApi: _settings, headers: _headers, ...rest } = message;
  const composerHeaders: Array<{ key: string; value: string }> = own.map(([key, value]) => ({ key, value }));
  const node = new MailComposer({
    ...rest,
    headers: xSmtpApi === undefined ? composerHeaders : [...composerHeaders],
  } as ConstructorParameters<typeof MailComposer>[0]).compile();
  // Prepared: sent as given (raw JSON, folded only between values), not MIME-encoded.
  if (xSmtpApi !== undefined) node.setHeader('X-SMTPAPI', { prepared: true, value: xSmtpApi });
  const envelope = node.getEnvelope();
  if (!envelope.from) throw invalid(OP, 'from must name an address');
  const raw = await node.build();
  return { messageId: node.messageId(), envelope: { from: envelope.from, to: envelope.to }, raw };
}
