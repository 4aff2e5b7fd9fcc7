import {
  readXSmtpApiHeader,
  type XSmtpApiContext,
  type XSmtpApiDynamicField,
  type XSmtpApiPriority,
  type XSmtpApiSettings,
  xSmtpApiDto,
  xSmtpApiHeader,
} from '@mailup-kit/core/catalogue';

/** A merge tag value: `[name]` in the message is replaced by `value` (core's `XSmtpApiDynamicField`). */
export type DynamicField = XSmtpApiDynamicField;

/** MailUp priority: 1 very high … 5 very low (3 is normal) (core's `XSmtpApiPriority`). */
export type SmtpPlusPriority = XSmtpApiPriority;

/**
 * The `X-SMTPAPI` header's settings (REFERENCE §7.3, the `XSmtpAPIDTO` keys), typed: core's `XSmtpApiSettings`.
 * Everything is optional; an unset field keeps the SMTP+ user's default.
 */
export type XSmtpApi = XSmtpApiSettings;

const SETTINGS: XSmtpApiContext = { protocol: 'smtp', operation: 'X-SMTPAPI', spelling: 'options' };

/**
 * Checks `settings` with core's X-SMTPAPI validator and returns MailUp's `XSmtpAPIDTO` object (PascalCase keys,
 * `DynamicFields` as `{N, V}`), the shape the Send API's `XSmtpAPI` block and the SMTP+ `X-SMTPAPI` header share.
 * Throws a `validation` MailUpError naming the field for an unknown key, a wrong type, a priority outside 1–5, a
 * schedule without an offset (or on a date that does not exist), or CR/LF anywhere.
 *
 * @example
 * ```ts
 * xSmtpApiObject({ campaignCode: 'welcome', dynamicFields: { firstname: 'Mario' } });
 * // { CampaignCode: 'welcome', DynamicFields: [{ N: 'firstname', V: 'Mario' }] }
 * ```
 */
export function xSmtpApiObject(settings: XSmtpApi): Record<string, unknown> {
  return { ...xSmtpApiDto(settings, SETTINGS) };
}

/**
 * The `X-SMTPAPI` header value for `settings`: raw JSON (what MailUp's clients send), folded at commas between
 * values when long so that no header line passes 998 octets, never inside a string.
 *
 * @example
 * ```ts
 * const value = buildXSmtpApi({ campaignName: 'Receipts', clickTracking: false });
 * // '{"CampaignName":"Receipts","ClickTracking":false}'
 * ```
 */
export function buildXSmtpApi(settings: XSmtpApi): string {
  return xSmtpApiHeader(settings, SETTINGS);
}

/** Reads and checks an `X-SMTPAPI` value a caller wrote by hand (JSON with MailUp's keys); throws if it is bad. */
export function parseXSmtpApi(value: string): Record<string, unknown> {
  const result = readXSmtpApiHeader(value, { protocol: 'smtp', operation: 'X-SMTPAPI' });
  if (!result.ok) throw result.error;
  return { ...result.value };
}
