import libmime from 'libmime';
import type { StoredAddress, StoredMail, StoredPart } from '../store/transactional-outbox.js';

/** A header value on one line: CR/LF become spaces, non-ASCII becomes RFC 2047 words. */
function headerText(value: string): string {
  return libmime.encodeWords(value.replace(/[\r\n]+/g, ' '), 'B', 52);
}

function address(a: StoredAddress): string {
  return a.name ? `${headerText(a.name)} <${a.email}>` : a.email;
}

function base64Lines(content: Buffer): string {
  const text = content.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\r\n');
}

function leaf(contentType: string, content: Buffer, extra: string[] = []): string {
  return [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64', ...extra, '', base64Lines(content)].join(
    '\r\n',
  );
}

function multipart(kind: string, boundary: string, parts: string[]): string {
  return [
    `Content-Type: multipart/${kind}; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}\r\n${part}`),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function partOf(part: StoredPart, inline: boolean): string {
  const name = headerText(part.filename || part.contentId || 'part');
  const type = part.contentType.replace(/[\r\n";]+/g, ' ').trim() || 'application/octet-stream';
  return leaf(type, part.content, [
    `Content-Disposition: ${inline ? 'inline' : 'attachment'}; filename="${name.replace(/"/g, "'")}"`,
    ...(part.contentId ? [`Content-ID: <${part.contentId.replace(/[\r\n<>]+/g, '')}>`] : []),
  ]);
}

/**
 * The message's RFC 5322 source: what the SMTP+ relay received, byte for byte; for a Send API message (which
 * arrives as JSON and has no MIME source) one composed from what was stored: its headers, text and HTML
 * alternatives, embedded images and attachments, each part base64.
 */
export function emlOf(mail: StoredMail): Buffer {
  if (mail.raw) return mail.raw;
  const charset = 'utf-8';
  const headers = [
    `Message-ID: <${mail.messageId.replace(/[\r\n<>]+/g, '')}>`,
    `Date: ${new Date(mail.receivedAt).toUTCString()}`,
    ...(mail.from ? [`From: ${address(mail.from)}`] : []),
    ...(mail.to.length ? [`To: ${mail.to.map(address).join(', ')}`] : []),
    ...(mail.cc.length ? [`Cc: ${mail.cc.map(address).join(', ')}`] : []),
    ...(mail.replyTo ? [`Reply-To: ${headerText(mail.replyTo)}`] : []),
    `Subject: ${headerText(mail.subject)}`,
    ...mail.headers.map((h) => `${h.name.replace(/[^\x21-\x39\x3b-\x7e]/g, '')}: ${headerText(h.value)}`),
    'MIME-Version: 1.0',
  ];
  const alternatives = [
    ...(mail.text !== undefined ? [leaf(`text/plain; charset=${charset}`, Buffer.from(mail.text))] : []),
    ...(mail.html !== undefined ? [leaf(`text/html; charset=${charset}`, Buffer.from(mail.html))] : []),
  ];
  const id = `${mail.id}-${mail.receivedAt}`;
  let body =
    alternatives.length === 1 ? (alternatives[0] as string) : multipart('alternative', `alt-${id}`, alternatives);
  if (alternatives.length === 0) body = leaf(`text/plain; charset=${charset}`, Buffer.alloc(0));
  if (mail.embeddedImages.length > 0) {
    body = multipart('related', `rel-${id}`, [body, ...mail.embeddedImages.map((p) => partOf(p, true))]);
  }
  if (mail.attachments.length > 0) {
    body = multipart('mixed', `mix-${id}`, [body, ...mail.attachments.map((p) => partOf(p, false))]);
  }
  return Buffer.from(`${headers.join('\r\n')}\r\n${body}`);
}
