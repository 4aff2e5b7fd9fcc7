import { readXSmtpApiHeader, type XSmtpApiResult } from '@mailup-kit/core';

/**
 * The `XSmtpAPIDTO` keys and their checker, which the SMTP+ `X-SMTPAPI` header and the Send API's `XSmtpAPI` block
 * share: stated once in `@mailup-kit/core` and re-exported here under the emulator's old names.
 */
export { checkXSmtpApi, X_SMTPAPI_KEYS } from '@mailup-kit/core';

/** Outcome of `checkXSmtpApi`: the normalized object, or why it is refused (`reason`). */
export type XSmtpApiCheck = XSmtpApiResult;

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), which a client may use for a long value. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    const bytes = data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => `%${hex}`);
    try {
      return decodeURIComponent(bytes.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    } catch {
      return data;
    }
  });
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
