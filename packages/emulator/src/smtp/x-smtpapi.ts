import { readXSmtpApiHeader, type XSmtpApiResult } from '@mailup-kit/core/catalogue';
import libmime from 'libmime';

/**
 * The `XSmtpAPIDTO` keys and their checker, which the SMTP+ `X-SMTPAPI` header and the Send API's `XSmtpAPI` block
 * share: stated once in `@mailup-kit/core` and re-exported here under the emulator's old names.
 */
export { checkXSmtpApi, X_SMTPAPI_KEYS } from '@mailup-kit/core/catalogue';

/** Outcome of `checkXSmtpApi`: the normalized object, or why it is refused (`reason`). */
export type XSmtpApiCheck = XSmtpApiResult;

/**
 * Decodes RFC 2047 encoded words (`=?ISO-8859-1?Q?caf=E9?=`, `=?UTF-8?B?…?=`), which a client may use for a long or
 * non-ASCII value, each in its own charset, adjacent words joined (RFC 2047 §6.2), with nodemailer's libmime (the
 * decoder mailparser uses). A word in a charset libmime does not know is read as UTF-8 (U+FFFD for bad bytes).
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return libmime.decodeWords(value);
}

/**
 * Reads an `X-SMTPAPI` header value: raw JSON, base64 of it, or RFC 2047 encoded words (MailUp's documents do not
 * say which; all are accepted), then checks it with core's validator.
 */
export function parseXSmtpApiHeader(raw: string): XSmtpApiCheck {
  const text = decodeEncodedWords(raw.trim());
  let json = text;
  if (!text.startsWith('{')) {
    const decoded = Buffer.from(text, 'base64').toString('utf8').trim();
    if (decoded.startsWith('{')) json = decoded;
  }
  return readXSmtpApiHeader(json, { protocol: 'smtp', operation: 'DATA' });
}
