/**
 * The keys of `XSmtpAPIDTO` (REFERENCE §7.3), which the SMTP+ `X-SMTPAPI` header and the Send API's `XSmtpAPI`
 * block share. Anything else is refused.
 */
export const X_SMTPAPI_KEYS = [
  'CampaignName',
  'CampaignCode',
  'Header',
  'Footer',
  'ClickTracking',
  'ViewTracking',
  'Priority',
  'Schedule',
  'DynamicFields',
  'CampaignReport',
  'SkipDynamicFields',
] as const;

const STRINGS = new Set(['CampaignName', 'CampaignCode']);
const BOOLEANS = new Set(['Header', 'Footer', 'ClickTracking', 'ViewTracking', 'CampaignReport', 'SkipDynamicFields']);
/** ISO-8601 date-time with an offset, as clients send it (`2021-09-14T17:58+02:00`). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Outcome of {@link checkXSmtpApi}: the object, or why it is refused. */
export type XSmtpApiCheck = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Checks an `XSmtpAPIDTO` object: known keys only, strings for the campaign, booleans (or null) for the switches,
 * `Priority` 1–5, `Schedule` ISO-8601 with an offset, `DynamicFields` a list of `{N, V}` strings.
 */
export function checkXSmtpApi(value: unknown): XSmtpApiCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'must be a JSON object' };
  }
  const known = new Set<string>(X_SMTPAPI_KEYS);
  for (const [key, field] of Object.entries(value)) {
    if (!known.has(key)) return { ok: false, reason: `unknown key ${key}` };
    if (field === null) continue;
    if (STRINGS.has(key) && typeof field !== 'string') return { ok: false, reason: `${key} must be a string` };
    if (BOOLEANS.has(key) && typeof field !== 'boolean') return { ok: false, reason: `${key} must be true or false` };
    if (key === 'Priority' && !(Number.isInteger(field) && (field as number) >= 1 && (field as number) <= 5)) {
      return { ok: false, reason: 'Priority must be an integer from 1 (very high) to 5 (very low)' };
    }
    if (key === 'Schedule' && !(typeof field === 'string' && ISO_WITH_OFFSET.test(field))) {
      return { ok: false, reason: 'Schedule must be an ISO-8601 date-time with an offset' };
    }
    if (key === 'DynamicFields') {
      const ok =
        Array.isArray(field) &&
        field.every(
          (f) =>
            typeof f === 'object' &&
            f !== null &&
            typeof (f as { N?: unknown }).N === 'string' &&
            typeof (f as { V?: unknown }).V === 'string',
        );
      if (!ok) return { ok: false, reason: 'DynamicFields must be a list of { "N": name, "V": value } strings' };
    }
  }
  return { ok: true, value: value as Record<string, unknown> };
}

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
 * Reads an `X-SMTPAPI` header value: raw JSON, or base64 of it (MailUp's documents do not say which; both are
 * accepted).
 */
export function parseXSmtpApiHeader(raw: string): XSmtpApiCheck {
  const text = decodeEncodedWords(raw.trim());
  let json = text;
  if (!text.startsWith('{')) {
    const decoded = Buffer.from(text, 'base64').toString('utf8').trim();
    if (!decoded.startsWith('{')) return { ok: false, reason: 'must be JSON (or base64 of JSON)' };
    json = decoded;
  }
  try {
    return checkXSmtpApi(JSON.parse(json));
  } catch {
    return { ok: false, reason: 'is not valid JSON' };
  }
}
