import { type AddressObject, simpleParser } from 'mailparser';
import type { MailContent, StoredAddress, StoredMail, StoredPart } from '../store/transactional-outbox.js';

function addresses(value: AddressObject | AddressObject[] | undefined): StoredAddress[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => ({ name: v.name ?? '', email: (v.address ?? '').toLowerCase() })));
}

/** Headers that carry the message itself; anything else (`X-…`, custom) is kept in `headers`. */
const STANDARD = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'x-smtpapi',
]);

/** What a parsed SMTP message contributes to a {@link StoredMail}. */
export type ParsedMail = MailContent;

/**
 * Parses a raw RFC 5322 message into the stored shape. Bcc recipients are the envelope's recipients that no
 * `To`/`Cc` header names (a Bcc never travels in the headers).
 */
export async function parseMail(raw: Buffer, rcptTo: readonly string[]): Promise<ParsedMail> {
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const to = addresses(parsed.to);
  const cc = addresses(parsed.cc);
  const named = new Set([...to, ...cc].map((a) => a.email));
  const bcc = rcptTo
    .filter((r) => !named.has(r.toLowerCase()))
    .map((email) => ({ name: '', email: email.toLowerCase() }));
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of parsed.headerLines) {
    if (STANDARD.has(line.key)) continue;
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers.push({ name: line.line.slice(0, line.line.indexOf(':')).trim(), value });
  }
  const attachments: StoredPart[] = [];
  const embeddedImages: StoredPart[] = [];
  for (const a of parsed.attachments) {
    const part: StoredPart = {
      filename: a.filename ?? '',
      contentId: a.related ? (a.contentId ?? a.cid ?? '').replace(/^<|>$/g, '') : '',
      contentType: a.contentType,
      size: a.content.length,
      content: a.content,
    };
    (a.related ? embeddedImages : attachments).push(part);
  }
  const from = addresses(parsed.from)[0];
  const replyTo = addresses(parsed.replyTo)[0];
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  return {
    messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
    subject: parsed.subject ?? '',
    from,
    to,
    cc,
    bcc,
    replyTo: replyTo?.email,
    text: parsed.text === undefined ? undefined : parsed.text.replace(/\n$/, ''),
    html: html?.replace(/\n$/, ''),
    charSet: undefined,
    headers,
    attachments,
    embeddedImages,
  };
}

/** The unfolded value of the first header `name` in the header block of `raw`, if any. */
export function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const block = raw
    .subarray(0, end < 0 ? raw.length : end)
    .toString('utf8')
    .replace(/\r?\n[ \t]+/g, ' ');
  const wanted = `${name.toLowerCase()}:`;
  for (const line of block.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(wanted)) return line.slice(wanted.length).trim();
  }
  return undefined;
}
