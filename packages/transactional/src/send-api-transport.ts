import type { ClientCallOptions } from '@mailup-kit/core';
import { readXSmtpApiHeader, xSmtpApiDto } from '@mailup-kit/core/catalogue';
import type { EmailAddressDto, MessageDto, MessagePartDto, NameValueDto, XSmtpApiDto } from './message-dto.js';
import { SendApiClient, type SendApiClientOptions, type SendApiResult } from './send-api-client.js';
import { invalid } from './validate.js';

/** An address as nodemailer normalizes it. */
interface NormalizedAddress {
  name?: string;
  address: string;
}

/** The part of nodemailer's normalized message this transport reads. */
interface NormalizedMail {
  from?: NormalizedAddress[] | NormalizedAddress;
  to?: NormalizedAddress[];
  cc?: NormalizedAddress[];
  bcc?: NormalizedAddress[];
  replyTo?: NormalizedAddress[] | NormalizedAddress;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  headers?: Record<string, string | string[] | { value: string }> | Array<{ key: string; value: string }>;
  attachments?: Array<{ filename?: string; cid?: string; content?: string; encoding?: string }>;
}

/** What nodemailer hands a custom transport. */
interface NodemailerMail {
  data: { xSmtpApi?: Record<string, unknown>; signal?: AbortSignal };
  message: { messageId(): string; getEnvelope(): { from: string | false; to: string[] } };
  normalize(callback: (err: Error | null, data?: NormalizedMail) => void): void;
}

/** What `sendMail` resolves with. */
export interface SendApiSentInfo {
  messageId: string;
  envelope: { from: string | false; to: string[] };
  accepted: string[];
  rejected: string[];
  response: string;
  result: SendApiResult;
}

/** A nodemailer transport object (`nodemailer.createTransport(sendApiTransport(…))`). */
export interface SendApiNodemailerTransport {
  readonly name: string;
  readonly version: string;
  readonly client: SendApiClient;
  send(mail: NodemailerMail, callback: (err: Error | null, info?: SendApiSentInfo) => void): void;
  close(): void;
}

function first(value: NormalizedAddress[] | NormalizedAddress | undefined): NormalizedAddress | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function dto(list: NormalizedAddress[] | undefined): EmailAddressDto[] {
  return (list ?? []).map((a) => ({ Name: a.name ?? '', Email: a.address }));
}

function headerList(headers: NormalizedMail['headers']): Array<[string, string]> {
  if (!headers) return [];
  const entries = Array.isArray(headers)
    ? headers.map((h) => [h.key, h.value] as [string, unknown])
    : Object.entries(headers);
  return entries.flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((x): [string, string] => [
      name,
      typeof x === 'object' && x ? String((x as { value: unknown }).value) : String(x),
    ]),
  );
}

/**
 * Turns nodemailer's normalized message into a `MessageDTO`: addresses, subject, text, HTML, attachments (inline
 * ones with a `cid` become `EmbeddedImages`), custom headers as `ExtendedHeaders` with the `Message-ID` among
 * them, and `xSmtpApi` (or a hand-written `X-SMTPAPI` header) as `XSmtpAPI`.
 */
export function messageDtoFromNodemailer(
  data: NormalizedMail,
  messageId: string,
  xSmtpApi?: Record<string, unknown>,
): MessageDto {
  const from = first(data.from);
  if (!from) throw invalid('txmail', 'sendmessage', 'from is required');
  const replyTo = first(data.replyTo);
  const extended: NameValueDto[] = [{ N: 'Message-ID', V: messageId }];
  let xsmtp: XSmtpApiDto | undefined = xSmtpApi
    ? xSmtpApiDto(xSmtpApi, { protocol: 'txmail', operation: 'sendmessage', spelling: 'options' })
    : undefined;
  for (const [name, value] of headerList(data.headers)) {
    if (name.toLowerCase() === 'x-smtpapi') {
      if (xsmtp) throw invalid('txmail', 'sendmessage', 'give xSmtpApi or an X-SMTPAPI header, not both');
      const read = readXSmtpApiHeader(value, { protocol: 'txmail', operation: 'sendmessage' });
      if (!read.ok) throw read.error;
      xsmtp = read.value;
    } else extended.push({ N: name, V: value });
  }
  const attachments: MessagePartDto[] = [];
  const images: MessagePartDto[] = [];
  for (const a of data.attachments ?? []) {
    const body = a.encoding === 'base64' ? (a.content ?? '') : btoa(unescape(encodeURIComponent(a.content ?? '')));
    const part: MessagePartDto = { Filename: a.filename ?? '', ContentId: a.cid ?? '', Body: body };
    (a.cid ? images : attachments).push(part);
  }
  return {
    Subject: data.subject ?? '',
    ...(data.html === undefined ? {} : { Html: { Body: data.html } }),
    ...(data.text === undefined ? {} : { Text: data.text }),
    From: { Name: from.name ?? '', Email: from.address },
    To: dto(data.to),
    Cc: dto(data.cc),
    Bcc: dto(data.bcc),
    ReplyTo: replyTo?.address ?? null,
    CharSet: 'utf-8',
    ExtendedHeaders: extended,
    Attachments: attachments,
    EmbeddedImages: images,
    XSmtpAPI: xsmtp ?? null,
  };
}

/**
 * The Send API as a nodemailer transport: `nodemailer.createTransport(sendApiTransport({ user, password }))`
 * takes the same message object as the SMTP+ relay's `smtpPlusTransport(…)` (including `xSmtpApi`), so an app
 * switches between the relay and HTTP by changing that one line. The message's `Message-ID` travels as an
 * `ExtendedHeaders` entry.
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * const transporter = nodemailer.createTransport(sendApiTransport({ user: 's12345_1', password }));
 * await transporter.sendMail({ from: 'shop@example.com', to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 * ```
 */
export function sendApiTransport(options: SendApiClientOptions | SendApiClient): SendApiNodemailerTransport {
  const client = options instanceof SendApiClient ? options : new SendApiClient(options);
  return {
    name: 'MailUpSendApi',
    version: '0.1.0',
    client,
    send(mail, callback) {
      const messageId = mail.message.messageId();
      const envelope = mail.message.getEnvelope();
      mail.normalize((err, data) => {
        if (err || !data) return callback(err ?? new Error('nodemailer could not normalize the message'));
        let message: MessageDto;
        try {
          message = messageDtoFromNodemailer(data, messageId, mail.data.xSmtpApi);
        } catch (error) {
          return callback(error as Error);
        }
        const call: ClientCallOptions = mail.data.signal ? { signal: mail.data.signal } : {};
        client.sendMessage(message, call).then(
          (result) =>
            callback(null, {
              messageId,
              envelope,
              accepted: envelope.to,
              rejected: [],
              response: `${result.Status ?? 'done'} ${result.Code}`,
              result,
            }),
          (error: Error) => callback(error),
        );
      });
    },
    close() {
      void client.close();
    },
  };
}
