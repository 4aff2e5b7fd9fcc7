import { checkXSmtpApi } from '../smtp/x-smtpapi.js';
import { isEmailAddress } from '../store/email-address.js';
import type { MailContent, StoredAddress, StoredMail, StoredPart } from '../store/transactional-outbox.js';

/** Thrown for a body the Send API refuses as bad input (HTTP 403, REFERENCE §7.4). */
export class BadMessage extends Error {}

const CRLF = /[\r\n]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(body: Record<string, unknown>, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new BadMessage(`${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new BadMessage(`${field} must be a string`);
  return value;
}

function address(value: unknown, where: string): StoredAddress {
  if (!isRecord(value)) throw new BadMessage(`${where} must be { "Name", "Email" }`);
  const email = value.Email;
  const name = value.Name ?? '';
  if (typeof email !== 'string' || !isEmailAddress(email))
    throw new BadMessage(`${where}.Email is not an email address`);
  if (typeof name !== 'string' || CRLF.test(name)) throw new BadMessage(`${where}.Name must be one line of text`);
  return { name, email: email.toLowerCase() };
}

function addressList(body: Record<string, unknown>, field: string): StoredAddress[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BadMessage(`${field} must be a list of { "Name", "Email" }`);
  return value.map((a, i) => address(a, `${field}[${i}]`));
}

const TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  csv: 'text/csv',
  json: 'application/json',
};

function parts(body: Record<string, unknown>, field: string, needsId: boolean): StoredPart[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BadMessage(`${field} must be a list of { "Filename", "ContentId", "Body" }`);
  return value.map((p, i) => {
    if (!isRecord(p)) throw new BadMessage(`${field}[${i}] must be { "Filename", "ContentId", "Body" }`);
    const filename = p.Filename ?? '';
    const contentId = p.ContentId ?? '';
    if (typeof filename !== 'string' || CRLF.test(filename)) throw new BadMessage(`${field}[${i}].Filename is invalid`);
    if (typeof contentId !== 'string' || CRLF.test(contentId))
      throw new BadMessage(`${field}[${i}].ContentId is invalid`);
    if (needsId && contentId === '') throw new BadMessage(`${field}[${i}].ContentId is required`);
    if (typeof p.Body !== 'string' || !BASE64.test(p.Body.replace(/\s+/g, ''))) {
      throw new BadMessage(`${field}[${i}].Body must be base64`);
    }
    const content = Buffer.from(p.Body, 'base64');
    const ext = filename.split('.').pop()?.toLowerCase() ?? '';
    return {
      filename,
      contentId: contentId.replace(/^<|>$/g, ''),
      contentType: TYPES[ext] ?? 'application/octet-stream',
      size: content.length,
      content,
    };
  });
}

/** The HTML of an `HtmlDTO`: the body alone when nothing else was given, else the whole document. */
function html(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (!isRecord(value)) throw new BadMessage('Html must be { "DocType", "Head", "Body", "BodyTag" }');
  for (const f of ['DocType', 'Head', 'Body', 'BodyTag'] as const) {
    if (value[f] !== undefined && value[f] !== null && typeof value[f] !== 'string') {
      throw new BadMessage(`Html.${f} must be a string`);
    }
  }
  const body = (value.Body as string | undefined) ?? '';
  const docType = value.DocType as string | null | undefined;
  const head = value.Head as string | null | undefined;
  const bodyTag = (value.BodyTag as string | null | undefined) ?? '<body>';
  if (!docType && !head && bodyTag.toLowerCase() === '<body>') return body;
  return `${docType ?? ''}<html><head>${head ?? ''}</head>${bodyTag}${body}</body></html>`;
}

/** What a MessageDTO (or the fields a template send adds) contributes to a stored mail. */
export type MessageFields = MailContent & Pick<StoredMail, 'xSmtpApi'>;

/**
 * Reads and checks a `MessageDTO` (REFERENCE §7.2). An `ExtendedHeaders` entry named `Message-ID` becomes the
 * stored message's id (the emulator's choice: the DTO has no field for it); `undefined` lets the caller make one.
 */
export function readMessage(body: Record<string, unknown>, content: 'full' | 'template'): MessageFields {
  const subject = text(body, 'Subject', content === 'full');
  if (subject !== undefined && CRLF.test(subject)) throw new BadMessage('Subject must be one line of text');
  if (body.From === undefined || body.From === null) throw new BadMessage('From is required');
  const from = address(body.From, 'From');
  const to = addressList(body, 'To');
  const cc = addressList(body, 'Cc');
  const bcc = addressList(body, 'Bcc');
  if (to.length + cc.length + bcc.length === 0) throw new BadMessage('To must name at least one recipient');
  const replyTo = text(body, 'ReplyTo');
  if (replyTo !== undefined && replyTo !== '' && !isEmailAddress(replyTo))
    throw new BadMessage('ReplyTo is not an email address');
  const plain = text(body, 'Text');
  const markup = html(body.Html);
  if (content === 'full' && !plain && !markup) throw new BadMessage('Html or Text is required');
  const charSet = text(body, 'CharSet');
  const headers: Array<{ name: string; value: string }> = [];
  let messageId = '';
  const extended = body.ExtendedHeaders;
  if (extended !== undefined && extended !== null) {
    if (!Array.isArray(extended)) throw new BadMessage('ExtendedHeaders must be a list of { "N", "V" }');
    for (const [i, h] of extended.entries()) {
      if (!isRecord(h) || typeof h.N !== 'string' || typeof h.V !== 'string' || !/^[!-9;-~]+$/.test(h.N)) {
        throw new BadMessage(`ExtendedHeaders[${i}] must be { "N": header name, "V": value }`);
      }
      if (CRLF.test(h.V)) throw new BadMessage(`ExtendedHeaders[${i}].V must be one line`);
      if (h.N.toLowerCase() === 'message-id') messageId = h.V.replace(/^<|>$/g, '');
      else headers.push({ name: h.N, value: h.V });
    }
  }
  let xSmtpApi: Record<string, unknown> | undefined;
  if (body.XSmtpAPI !== undefined && body.XSmtpAPI !== null) {
    const checked = checkXSmtpApi(body.XSmtpAPI);
    if (!checked.ok) throw new BadMessage(`XSmtpAPI ${checked.reason}`);
    xSmtpApi = checked.value;
  }
  return {
    messageId,
    subject: subject ?? '',
    from,
    to,
    cc,
    bcc,
    replyTo: replyTo === '' || replyTo === undefined ? undefined : replyTo.toLowerCase(),
    text: plain === '' ? undefined : plain,
    html: markup === '' ? undefined : markup,
    charSet,
    headers,
    attachments: parts(body, 'Attachments', false),
    embeddedImages: parts(body, 'EmbeddedImages', true),
    xSmtpApi,
  };
}
