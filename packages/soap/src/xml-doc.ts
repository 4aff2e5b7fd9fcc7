import { MailUpError } from '@mailup-kit/core';
import { isEmailAddress } from '@mailup-kit/core/pipeline';
import { hasNonXmlChar } from './soap-args.js';

/** How mobile numbers are given in an import (`mobileInputType`, REFERENCE §3.7). */
export const MOBILE_INPUT_TYPE = Object.freeze({
  /** The whole international number in `Number` (`Prefix=""`). */
  wholeNumber: 1,
  /** `Prefix` and `Number` separately. */
  prefixAndNumber: 2,
} as const);
/** A {@link MOBILE_INPUT_TYPE} name. */
export type MobileInputType = keyof typeof MOBILE_INPUT_TYPE;

/** What an import does with each channel (`importType`, REFERENCE §3.7). */
export const IMPORT_TYPE = Object.freeze({
  /** Email only (mobile numbers discarded); empty fields leave MailUp's values alone. */
  email: 1,
  /** SMS only. */
  sms: 2,
  /** Email and SMS. */
  emailAndSms: 3,
  /** Email only; empty fields overwrite MailUp's values. */
  emailReplaceEmpty: 4,
  /** SMS only; empty fields overwrite. */
  smsReplaceEmpty: 5,
  /** Email and SMS; empty fields overwrite. */
  emailAndSmsReplaceEmpty: 6,
} as const);
/** An {@link IMPORT_TYPE} name. */
export type ImportType = keyof typeof IMPORT_TYPE;

/** One recipient of an import feed. */
export interface ImportRecipient {
  email?: string;
  /** With `mobileInputType: 'wholeNumber'` the whole number (`+0018889624587`); else the number without prefix. */
  mobileNumber?: string;
  /** International prefix (`+001`), for `mobileInputType: 'prefixAndNumber'`. */
  mobilePrefix?: string;
  name?: string;
  /** `campoN` values by N (1 … 40) or by `campoN` name. */
  fields?: Readonly<Record<number | string, string>>;
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'import', operation: 'xmlDoc', message });
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/**
 * The `xmlDoc` feed of NewImportProcess / StartImportProcesses from recipient objects (REFERENCE §3.7):
 * `<subscribers><subscriber email="…" Prefix="…" Number="…" Name="…"><campo1>…</campo1></subscriber></subscribers>`,
 * every value escaped, emails checked, mobile numbers in the chosen input type, `campoN` fields 1–40. Bad input is
 * a `validation` MailUpError and nothing is built.
 *
 * @example
 * ```ts
 * buildImportXml([{ email: 'ann@example.com', fields: { 1: 'Ann' } }]);
 * // '<subscribers><subscriber email="ann@example.com" Prefix="" Number="" Name=""><campo1>Ann</campo1></subscriber></subscribers>'
 * ```
 */
export function buildImportXml(
  recipients: readonly ImportRecipient[],
  options: { mobileInputType?: MobileInputType } = {},
): string {
  if (!Array.isArray(recipients) || recipients.length === 0) throw invalid('at least one recipient is needed');
  const mode = options.mobileInputType ?? 'wholeNumber';
  if (!(mode in MOBILE_INPUT_TYPE)) throw invalid(`unknown mobileInputType "${String(mode)}"`);
  const out: string[] = ['<subscribers>'];
  recipients.forEach((r, i) => {
    const where = `recipient ${i}`;
    if (!r || typeof r !== 'object') throw invalid(`${where} is not an object`);
    const email = r.email?.trim() ?? '';
    const number = r.mobileNumber?.replace(/[\s-]/g, '') ?? '';
    let prefix = r.mobilePrefix?.replace(/\s/g, '') ?? '';
    if (!email && !number) throw invalid(`${where} needs an email or a mobile number`);
    if (email && !isEmailAddress(email)) throw invalid(`${where}: "${email.slice(0, 80)}" is not an email address`);
    if (number && !/^\+?\d{3,20}$/.test(number))
      throw invalid(`${where}: the mobile number must be digits (an optional leading +)`);
    if (prefix && !/^\+?\d{1,6}$/.test(prefix))
      throw invalid(`${where}: the mobile prefix must be digits (an optional leading +)`);
    if (mode === 'wholeNumber' && prefix)
      throw invalid(`${where}: mobileInputType wholeNumber takes the whole number in mobileNumber, no mobilePrefix`);
    if (mode === 'prefixAndNumber' && number && !prefix)
      throw invalid(`${where}: mobileInputType prefixAndNumber needs mobilePrefix`);
    if (mode === 'wholeNumber') prefix = '';
    const name = r.name ?? '';
    const fields: string[] = [];
    for (const [key, value] of Object.entries(r.fields ?? {})) {
      const n = /^(?:campo)?(\d{1,2})$/i.exec(key)?.[1];
      const num = n === undefined ? Number.NaN : Number(n);
      if (!(num >= 1 && num <= 40)) throw invalid(`${where}: field "${key}" is not campo1 … campo40`);
      if (typeof value !== 'string') throw invalid(`${where}: campo${num} must be a string`);
      fields.push(`<campo${num}>${escapeXml(value)}</campo${num}>`);
    }
    for (const text of [email, number, prefix, name, ...Object.values(r.fields ?? {})]) {
      if (hasNonXmlChar(String(text))) throw invalid(`${where}: control characters cannot be sent in XML`);
    }
    out.push(
      `<subscriber email="${escapeXml(email)}" Prefix="${escapeXml(prefix)}" Number="${escapeXml(number)}" Name="${escapeXml(name)}">${fields.join('')}</subscriber>`,
    );
  });
  out.push('</subscribers>');
  return out.join('');
}
