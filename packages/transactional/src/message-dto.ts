import { type XSmtpApiDto as CoreXSmtpApiDto, xSmtpApiDto } from '@mailup-kit/core/catalogue';
import { isEmailAddress } from '@mailup-kit/core/pipeline';
import { invalid, oneLine } from './validate.js';

/** `EmailAddressDTO`. */
export interface EmailAddressDto {
  Name?: string;
  Email: string;
}

/** `HtmlDTO`: the body and, optionally, the document around it (`BodyTag` default `<body>`). */
export interface HtmlDto {
  DocType?: string | null;
  Head?: string | null;
  Body: string;
  BodyTag?: string | null;
}

/** `NameValueDTO`. */
export interface NameValueDto {
  N: string;
  V: string;
}

/** `MessagePartDTO`: an attachment or an embedded image; `Body` padded base64 (RFC 2045 line breaks allowed, sent unwrapped) or bytes (encoded for you). */
export interface MessagePartDto {
  Filename: string;
  ContentId?: string;
  Body: string | Uint8Array;
}

/** `XSmtpAPIDTO` (REFERENCE §7.3): MailUp's per-message settings, as described once in `@mailup-kit/core`. */
export type XSmtpApiDto = CoreXSmtpApiDto;

/** `MessageDTO` without `User` (the client's auth step adds the SMTP+ credentials). */
export interface MessageDto {
  Subject: string;
  Html?: HtmlDto | null;
  Text?: string | null;
  From: EmailAddressDto;
  To: EmailAddressDto[];
  Cc?: EmailAddressDto[] | null;
  Bcc?: EmailAddressDto[] | null;
  ReplyTo?: string | null;
  CharSet?: string | null;
  ExtendedHeaders?: NameValueDto[] | null;
  Attachments?: MessagePartDto[] | null;
  EmbeddedImages?: MessagePartDto[] | null;
  XSmtpAPI?: XSmtpApiDto | null;
}

/** A `sendtemplate` body without `User`: the template id plus the envelope fields. */
export interface TemplateMessageDto extends Omit<MessageDto, 'Subject' | 'Html' | 'Text'> {
  /** The id of the MailUp email used as template (sent as `Template`; MailUp's field name is not documented). */
  Template: number;
  Subject?: string;
}

const OP_PROTOCOL = 'txmail' as const;
function address(op: string, where: string, value: unknown): EmailAddressDto {
  const a = value as EmailAddressDto;
  if (typeof a !== 'object' || a === null || typeof a.Email !== 'string' || !isEmailAddress(a.Email)) {
    throw invalid(OP_PROTOCOL, op, `${where} must be { Name?, Email } with a valid Email`);
  }
  oneLine(OP_PROTOCOL, op, `${where}.Email`, a.Email);
  if (a.Name !== undefined && a.Name !== null) {
    if (typeof a.Name !== 'string') throw invalid(OP_PROTOCOL, op, `${where}.Name must be a string`);
    oneLine(OP_PROTOCOL, op, `${where}.Name`, a.Name);
  }
  return { Name: a.Name ?? '', Email: a.Email };
}

function list(op: string, where: string, value: unknown): EmailAddressDto[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(OP_PROTOCOL, op, `${where} must be a list of addresses`);
  return value.map((a, i) => address(op, `${where}[${i}]`, a));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * `text` as the single-line base64 MailUp's Json.NET `byte[]` reads (Convert.FromBase64String), or undefined: the
 * line breaks RFC 2045 puts in base64 (CRLF or LF) are removed, and the rest must be whole 4-character groups with
 * at most two `=` of padding at the end (unpadded base64 is refused there, so it is refused here). Linear.
 */
function base64Text(text: string): string | undefined {
  const flat = text.replace(/\r?\n/g, '');
  return flat.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(flat) ? flat : undefined;
}

function parts(op: string, where: string, value: unknown, needsId: boolean): MessagePartDto[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(OP_PROTOCOL, op, `${where} must be a list of parts`);
  return value.map((p: MessagePartDto, i) => {
    if (typeof p !== 'object' || p === null || typeof p.Filename !== 'string') {
      throw invalid(OP_PROTOCOL, op, `${where}[${i}] must be { Filename, ContentId?, Body }`);
    }
    oneLine(OP_PROTOCOL, op, `${where}[${i}].Filename`, p.Filename);
    const id = p.ContentId ?? '';
    if (typeof id !== 'string') throw invalid(OP_PROTOCOL, op, `${where}[${i}].ContentId must be a string`);
    oneLine(OP_PROTOCOL, op, `${where}[${i}].ContentId`, id);
    if (needsId && id === '') throw invalid(OP_PROTOCOL, op, `${where}[${i}].ContentId is required`);
    const body =
      p.Body instanceof Uint8Array ? base64(p.Body) : typeof p.Body === 'string' ? base64Text(p.Body) : undefined;
    if (body === undefined) {
      throw invalid(OP_PROTOCOL, op, `${where}[${i}].Body must be padded base64 (lines may break, RFC 2045) or bytes`);
    }
    return { Filename: p.Filename, ContentId: id, Body: body };
  });
}

/**
 * Checks an `XSmtpAPIDTO` with core's X-SMTPAPI validator (known keys, types, `Priority` 1–5, `Schedule` with an
 * offset, no CR/LF) and returns it normalized (`null` fields dropped), or throws a `validation` MailUpError of
 * protocol `txmail` naming the field.
 */
export function checkXSmtpApiDto(op: string, value: unknown): XSmtpApiDto | undefined {
  if (value === undefined || value === null) return undefined;
  return xSmtpApiDto(value, { protocol: OP_PROTOCOL, operation: op, label: 'XSmtpAPI' });
}

/** The envelope part both sends share. */
function common(op: string, dto: Omit<MessageDto, 'Subject'>): Record<string, unknown> {
  const From = address(op, 'From', dto.From);
  const To = list(op, 'To', dto.To);
  const Cc = list(op, 'Cc', dto.Cc);
  const Bcc = list(op, 'Bcc', dto.Bcc);
  if (To.length + Cc.length + Bcc.length === 0) throw invalid(OP_PROTOCOL, op, 'To must name at least one recipient');
  if (
    dto.ReplyTo !== undefined &&
    dto.ReplyTo !== null &&
    (typeof dto.ReplyTo !== 'string' || !isEmailAddress(dto.ReplyTo))
  ) {
    throw invalid(OP_PROTOCOL, op, 'ReplyTo must be an email address');
  }
  if (dto.CharSet !== undefined && dto.CharSet !== null && !/^[A-Za-z0-9._-]{1,40}$/.test(String(dto.CharSet))) {
    throw invalid(OP_PROTOCOL, op, 'CharSet must be a charset name such as utf-8');
  }
  let headers: NameValueDto[] | undefined;
  if (dto.ExtendedHeaders !== undefined && dto.ExtendedHeaders !== null) {
    if (!Array.isArray(dto.ExtendedHeaders))
      throw invalid(OP_PROTOCOL, op, 'ExtendedHeaders must be a list of { N, V }');
    headers = dto.ExtendedHeaders.map((h, i) => {
      if (typeof h?.N !== 'string' || !/^[!-9;-~]+$/.test(h.N) || typeof h.V !== 'string') {
        throw invalid(OP_PROTOCOL, op, `ExtendedHeaders[${i}] must be { N: header name, V: value }`);
      }
      oneLine(OP_PROTOCOL, op, `ExtendedHeaders[${i}].V`, h.V);
      return { N: h.N, V: h.V };
    });
  }
  return {
    From,
    To,
    Cc,
    Bcc,
    ReplyTo: dto.ReplyTo ?? null,
    CharSet: dto.CharSet ?? 'utf-8',
    ExtendedHeaders: headers ?? null,
    Attachments: parts(op, 'Attachments', dto.Attachments, false) ?? null,
    EmbeddedImages: parts(op, 'EmbeddedImages', dto.EmbeddedImages, true) ?? [],
    XSmtpAPI: checkXSmtpApiDto(op, dto.XSmtpAPI) ?? null,
  };
}

/** Checks a `MessageDTO` and returns the body to send (every field present, bytes in base64). */
export function messageBody(op: string, dto: MessageDto): Record<string, unknown> {
  if (typeof dto !== 'object' || dto === null) throw invalid(OP_PROTOCOL, op, 'the message must be an object');
  if (typeof dto.Subject !== 'string') throw invalid(OP_PROTOCOL, op, 'Subject is required');
  oneLine(OP_PROTOCOL, op, 'Subject', dto.Subject);
  const html = dto.Html ?? null;
  if (html !== null && (typeof html !== 'object' || typeof html.Body !== 'string')) {
    throw invalid(OP_PROTOCOL, op, 'Html must be { Body, DocType?, Head?, BodyTag? }');
  }
  if (dto.Text !== undefined && dto.Text !== null && typeof dto.Text !== 'string') {
    throw invalid(OP_PROTOCOL, op, 'Text must be a string');
  }
  if (!html?.Body && !dto.Text) throw invalid(OP_PROTOCOL, op, 'Html or Text is required');
  return {
    Subject: dto.Subject,
    Html: html
      ? { DocType: html.DocType ?? null, Head: html.Head ?? null, Body: html.Body, BodyTag: html.BodyTag ?? '<body>' }
      : null,
    Text: dto.Text ?? '',
    ...common(op, dto),
  };
}

/** Checks a `sendtemplate` body. */
export function templateBody(op: string, dto: TemplateMessageDto): Record<string, unknown> {
  if (typeof dto !== 'object' || dto === null) throw invalid(OP_PROTOCOL, op, 'the message must be an object');
  if (!Number.isSafeInteger(dto.Template) || dto.Template <= 0) {
    throw invalid(OP_PROTOCOL, op, 'Template must be the id of a MailUp email');
  }
  if (dto.Subject !== undefined) {
    if (typeof dto.Subject !== 'string') throw invalid(OP_PROTOCOL, op, 'Subject must be a string');
    oneLine(OP_PROTOCOL, op, 'Subject', dto.Subject);
  }
  return { Template: dto.Template, ...(dto.Subject === undefined ? {} : { Subject: dto.Subject }), ...common(op, dto) };
}
