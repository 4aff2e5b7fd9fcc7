import { invalid, oneLine } from './invalid.js';

/** A merge tag value: `[name]` in the message is replaced by `value`. */
export interface DynamicField {
  name: string;
  value: string;
}

/** MailUp priority: 1 very high … 5 very low (3 is normal). */
export type SmtpPlusPriority = 1 | 2 | 3 | 4 | 5;

/**
 * The `X-SMTPAPI` header's settings (REFERENCE §7.3, the `XSmtpAPIDTO` keys), typed. Everything is optional; an
 * unset field keeps the SMTP+ user's default.
 */
export interface XSmtpApi {
  /** Name of the aggregated campaign the message is reported under. */
  campaignName?: string;
  /** Aggregation key (best practice: one code per kind of message, not one per message). */
  campaignCode?: string;
  /** Add MailUp's header to the message. */
  header?: boolean;
  /** Add MailUp's footer to the message. */
  footer?: boolean;
  clickTracking?: boolean;
  viewTracking?: boolean;
  priority?: SmtpPlusPriority;
  /** When to send: a `Date`, or an ISO-8601 date-time with an offset (`2021-09-14T17:58+02:00`). */
  schedule?: Date | string;
  /** Merge tags. */
  dynamicFields?: readonly DynamicField[] | Readonly<Record<string, string>>;
  campaignReport?: boolean;
  skipDynamicFields?: boolean;
}

const KEYS: Readonly<Record<keyof XSmtpApi, string>> = {
  campaignName: 'CampaignName',
  campaignCode: 'CampaignCode',
  header: 'Header',
  footer: 'Footer',
  clickTracking: 'ClickTracking',
  viewTracking: 'ViewTracking',
  priority: 'Priority',
  schedule: 'Schedule',
  dynamicFields: 'DynamicFields',
  campaignReport: 'CampaignReport',
  skipDynamicFields: 'SkipDynamicFields',
};
const BOOLEAN_KEYS = ['header', 'footer', 'clickTracking', 'viewTracking', 'campaignReport', 'skipDynamicFields'];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const OP = 'X-SMTPAPI';

/**
 * Checks `settings` and returns MailUp's `XSmtpAPIDTO` object (PascalCase keys, `DynamicFields` as `{N, V}`), the
 * shape the Send API's `XSmtpAPI` block and the SMTP+ `X-SMTPAPI` header share. Throws a `validation` MailUpError
 * for an unknown key, a wrong type, a priority outside 1–5, a schedule without an offset, or CR/LF anywhere.
 *
 * @example
 * ```ts
 * xSmtpApiObject({ campaignCode: 'welcome', dynamicFields: { firstname: 'Mario' } });
 * // { CampaignCode: 'welcome', DynamicFields: [{ N: 'firstname', V: 'Mario' }] }
 * ```
 */
export function xSmtpApiObject(settings: XSmtpApi): Record<string, unknown> {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw invalid(OP, 'X-SMTPAPI settings must be an object');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const wire = KEYS[key as keyof XSmtpApi];
    if (!wire) throw invalid(OP, `unknown X-SMTPAPI setting "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
    if (value === undefined) continue;
    if (key === 'campaignName' || key === 'campaignCode') {
      if (typeof value !== 'string' || value.trim() === '') throw invalid(OP, `${key} must be a non-empty string`);
      out[wire] = oneLine(OP, key, value);
    } else if (BOOLEAN_KEYS.includes(key)) {
      if (typeof value !== 'boolean') throw invalid(OP, `${key} must be true or false`);
      out[wire] = value;
    } else if (key === 'priority') {
      if (!(Number.isInteger(value) && value >= 1 && value <= 5)) {
        throw invalid(OP, 'priority must be an integer from 1 (very high) to 5 (very low)');
      }
      out[wire] = value;
    } else if (key === 'schedule') {
      out[wire] = schedule(value);
    } else {
      out[wire] = dynamicFields(value);
    }
  }
  return out;
}

function schedule(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(OP, 'schedule is an invalid Date');
    return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(OP, 'schedule must be a Date or an ISO-8601 date-time with an offset, e.g. 2021-09-14T17:58+02:00');
  }
  return value;
}

function dynamicFields(value: unknown): Array<{ N: string; V: string }> {
  const entries: Array<[unknown, unknown]> = Array.isArray(value)
    ? value.map((f: { name?: unknown; value?: unknown }) => [f?.name, f?.value])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [[undefined, undefined]];
  return entries.map(([name, v]) => {
    if (typeof name !== 'string' || name === '' || typeof v !== 'string') {
      throw invalid(OP, 'dynamicFields must map names to string values');
    }
    return {
      N: oneLine(OP, `dynamic field name "${name.slice(0, 40)}"`, name),
      V: oneLine(OP, `dynamic field ${name}`, v),
    };
  });
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
  const object = xSmtpApiObject(settings);
  const pieces: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value)) {
      pieces.push(`${JSON.stringify(key)}:[${value.map((v) => JSON.stringify(v)).join(',\r\n ')}]`);
    } else pieces.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  const flat = `{${pieces.join(',').replace(/\r\n /g, '')}}`;
  if (flat.length <= 900) return flat;
  const folded = `{${pieces.join(',\r\n ')}}`;
  if (folded.split('\r\n').some((line) => Buffer.byteLength(line) > 990)) {
    throw invalid(OP, 'an X-SMTPAPI value is too long for one header line (998 octets)');
  }
  return folded;
}

/** Reads and checks an `X-SMTPAPI` value a caller wrote by hand (JSON with MailUp's keys). */
export function parseXSmtpApi(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.replace(/\r\n[ \t]/g, ' '));
  } catch {
    throw invalid(OP, 'the X-SMTPAPI header must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(OP, 'the X-SMTPAPI header must be a JSON object');
  }
  const camel: Record<string, unknown> = {};
  const byWire = new Map(Object.entries(KEYS).map(([k, w]) => [w, k]));
  for (const [wire, v] of Object.entries(parsed)) {
    const key = byWire.get(wire);
    if (!key) throw invalid(OP, `unknown X-SMTPAPI key "${wire.slice(0, 40)}"`);
    if (v === null) continue;
    camel[key] =
      key === 'dynamicFields' && Array.isArray(v)
        ? v.map((f: { N?: unknown; V?: unknown }) => ({ name: f?.N, value: f?.V }))
        : v;
  }
  return xSmtpApiObject(camel as XSmtpApi);
}
