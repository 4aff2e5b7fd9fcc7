import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';

/**
 * How an X-SMTPAPI field's value is checked (each kind's rule is stated once, in {@link X_SMTPAPI_RULES}).
 *
 * - `text`: a non-blank string without CR or LF.
 * - `switch`: `true` or `false`.
 * - `priority`: an integer from 1 (very high) to 5 (very low).
 * - `schedule`: an ISO-8601 date-time with a time-zone offset naming a real instant (`2021-09-14T17:58+02:00`).
 * - `merge-tags`: a list of `{N, V}`: a non-empty name and a string value, neither with CR or LF.
 */
export type XSmtpApiFieldType = 'text' | 'switch' | 'priority' | 'schedule' | 'merge-tags';

/** One field of MailUp's `XSmtpAPIDTO`: its wire key, the option name of the typed builders, and its type. */
export interface XSmtpApiField {
  /** MailUp's key, as in the `X-SMTPAPI` JSON header and the Send API's `XSmtpAPI` block. */
  readonly key: string;
  /** The camelCase option the typed builders take (`@mailup-kit/smtp`'s `xSmtpApi` settings). */
  readonly option: string;
  readonly type: XSmtpApiFieldType;
  readonly meaning: string;
}

/**
 * The fields of `XSmtpAPIDTO` (REFERENCE §7.3), which the SMTP+ `X-SMTPAPI` header (§9) and the Send API's
 * `XSmtpAPI` block share, in MailUp's order. Anything else is refused. Every field is optional; an absent or `null`
 * one keeps the SMTP+ user's default.
 */
export const X_SMTPAPI_FIELDS = Object.freeze([
  { key: 'CampaignName', option: 'campaignName', type: 'text', meaning: 'name of the aggregated campaign' },
  { key: 'CampaignCode', option: 'campaignCode', type: 'text', meaning: 'aggregation key (one per kind of message)' },
  { key: 'Header', option: 'header', type: 'switch', meaning: "add MailUp's header to the message" },
  { key: 'Footer', option: 'footer', type: 'switch', meaning: "add MailUp's footer to the message" },
  { key: 'ClickTracking', option: 'clickTracking', type: 'switch', meaning: 'track clicks on links' },
  { key: 'ViewTracking', option: 'viewTracking', type: 'switch', meaning: 'track opens' },
  { key: 'Priority', option: 'priority', type: 'priority', meaning: 'sending priority, 1 very high … 5 very low' },
  { key: 'Schedule', option: 'schedule', type: 'schedule', meaning: 'when to send' },
  { key: 'DynamicFields', option: 'dynamicFields', type: 'merge-tags', meaning: 'merge tags: [name] → value' },
  { key: 'CampaignReport', option: 'campaignReport', type: 'switch', meaning: 'send the campaign report' },
  { key: 'SkipDynamicFields', option: 'skipDynamicFields', type: 'switch', meaning: 'do not replace merge tags' },
] as const satisfies readonly XSmtpApiField[]);

/** One of MailUp's X-SMTPAPI keys. */
export type XSmtpApiKey = (typeof X_SMTPAPI_FIELDS)[number]['key'];

/** The X-SMTPAPI keys, in MailUp's order. */
export const X_SMTPAPI_KEYS: readonly XSmtpApiKey[] = Object.freeze(X_SMTPAPI_FIELDS.map((f) => f.key));

/** The `Priority` scale (SMTP+ priorities: 1 very high, 3 normal, 5 very low). */
export const X_SMTPAPI_PRIORITY = Object.freeze({ min: 1, normal: 3, max: 5 });

/** What each kind of field must hold, in words (the reason given when a value breaks the rule). */
export const X_SMTPAPI_RULES: Readonly<Record<XSmtpApiFieldType, string>> = Object.freeze({
  text: 'must be a non-empty string',
  switch: 'must be true or false',
  priority: 'must be an integer from 1 (very high) to 5 (very low)',
  schedule: 'must be an ISO-8601 date-time with an offset that exists, e.g. 2021-09-14T17:58+02:00',
  'merge-tags': 'must be a list of { N: name, V: value } strings with a non-empty name',
});

/** A merge tag as the typed builders take it: `[name]` in the message is replaced by `value`. */
export interface XSmtpApiDynamicField {
  name: string;
  value: string;
}

/** A `Priority`: 1 very high … 5 very low (3 is normal). */
export type XSmtpApiPriority = 1 | 2 | 3 | 4 | 5;

/**
 * MailUp's `XSmtpAPIDTO` (PascalCase keys): the Send API's `XSmtpAPI` block and the `X-SMTPAPI` header's JSON. (A
 * type, not an interface, so that it is also a `Record<string, unknown>`.)
 */
export type XSmtpApiDto = {
  CampaignName?: string | null;
  CampaignCode?: string | null;
  Header?: boolean | null;
  Footer?: boolean | null;
  ClickTracking?: boolean | null;
  ViewTracking?: boolean | null;
  /** 1 very high … 5 very low. */
  Priority?: number | null;
  /** ISO-8601 with an offset, e.g. `2021-09-14T17:58+02:00`. */
  Schedule?: string | null;
  DynamicFields?: Array<{ N: string; V: string }> | null;
  CampaignReport?: boolean | null;
  SkipDynamicFields?: boolean | null;
};

/** The same settings with camelCase option names, as the typed builders take them. Everything is optional. */
export interface XSmtpApiSettings {
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
  priority?: XSmtpApiPriority;
  /** When to send: a `Date`, or an ISO-8601 date-time with an offset (`2021-09-14T17:58+02:00`). */
  schedule?: Date | string;
  /** Merge tags: a list of `{ name, value }` or an object of name → value. */
  dynamicFields?: readonly XSmtpApiDynamicField[] | Readonly<Record<string, string>>;
  campaignReport?: boolean;
  skipDynamicFields?: boolean;
}

/** Who is checking, for the error: its protocol, operation, and which spelling the input uses. */
export interface XSmtpApiContext {
  /** Default `smtp`. */
  protocol?: Protocol;
  /** Default `X-SMTPAPI`. */
  operation?: string;
  /** `wire` (default): MailUp's PascalCase keys ({@link XSmtpApiDto}); `options`: {@link XSmtpApiSettings}. */
  spelling?: 'wire' | 'options';
  /** How the error names the whole block (default `X-SMTPAPI` for `wire`, `xSmtpApi` for `options`). */
  label?: string;
}

/**
 * The outcome of {@link checkXSmtpApi}: the normalized object (MailUp's keys in MailUp's order, `null` / absent
 * fields dropped, a `Date` schedule as ISO-8601 UTC, merge tags as `{N, V}`), or why it is refused: the field as
 * the caller spelled it, the reason, and the `validation` MailUpError to throw.
 */
export type XSmtpApiResult =
  | { ok: true; value: XSmtpApiDto }
  | { ok: false; field: string | undefined; reason: string; error: MailUpError };

const BY_KEY = new Map<string, XSmtpApiField>(X_SMTPAPI_FIELDS.map((f) => [f.key, f]));
const BY_OPTION = new Map<string, XSmtpApiField>(X_SMTPAPI_FIELDS.map((f) => [f.option, f]));
const CRLF = /[\r\n]/;
const NO_CRLF = 'must not contain CR or LF (header injection)';
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** A refusal, before it becomes an error. */
class Refusal {
  constructor(
    readonly field: XSmtpApiField | undefined,
    readonly reason: string,
  ) {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an ISO-8601 date-time with an offset whose date and time exist (no 30 February, no 25:00). */
function isSchedule(value: string): boolean {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second = 0, offH = 0, offM = 0] = m.slice(1).map((x) => Number(x ?? 0));
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= days &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offH <= 14 &&
    offM <= 59
  );
}

/** Checks one non-null value of `field` (wire spelling); returns the value to send. */
function checkValue(field: XSmtpApiField, value: unknown): unknown {
  const refuse = (reason: string = X_SMTPAPI_RULES[field.type]) => new Refusal(field, reason);
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') throw refuse();
      if (CRLF.test(value)) throw refuse(NO_CRLF);
      return value;
    case 'switch':
      if (typeof value !== 'boolean') throw refuse();
      return value;
    case 'priority':
      if (
        !Number.isInteger(value) ||
        (value as number) < X_SMTPAPI_PRIORITY.min ||
        (value as number) > X_SMTPAPI_PRIORITY.max
      )
        throw refuse();
      return value;
    case 'schedule':
      if (typeof value !== 'string' || !isSchedule(value)) throw refuse();
      return value;
    case 'merge-tags':
      if (!Array.isArray(value)) throw refuse();
      return value.map((tag: unknown, i) => {
        if (!isRecord(tag) || typeof tag.N !== 'string' || tag.N === '' || typeof tag.V !== 'string') throw refuse();
        if (CRLF.test(tag.N) || CRLF.test(tag.V)) throw refuse(`[${i}] ${NO_CRLF}`);
        return { N: tag.N, V: tag.V };
      });
  }
}

/** The typed builders' camelCase settings in MailUp's spelling (each value still to be checked). */
function fromOptions(settings: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [option, value] of Object.entries(settings)) {
    const field = BY_OPTION.get(option);
    if (!field)
      throw new Refusal(
        undefined,
        `has no setting "${option.slice(0, 40)}" (known: ${[...BY_OPTION.keys()].join(', ')})`,
      );
    if (value === undefined || value === null) continue;
    if (field.type === 'schedule' && value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new Refusal(field, 'is an invalid Date');
      wire[field.key] = value.toISOString().replace(/\.\d{3}Z$/, 'Z');
    } else if (field.type === 'merge-tags') {
      wire[field.key] = Array.isArray(value)
        ? value.map((tag: unknown) => (isRecord(tag) ? { N: tag.name, V: tag.value } : tag))
        : isRecord(value)
          ? Object.entries(value).map(([N, V]) => ({ N, V }))
          : value;
    } else wire[field.key] = value;
  }
  return wire;
}

/**
 * Checks X-SMTPAPI settings against {@link X_SMTPAPI_FIELDS} and never throws. Refused: a non-object, an unknown key
 * (or option), a blank campaign name or code, a switch that is not a boolean, a priority outside 1–5, a schedule
 * without an offset or on a date that does not exist, merge tags that are not `{N, V}` strings with a name, and CR
 * or LF in any string (header injection). The error is kind `validation` with `details.field` (MailUp's key) and
 * `sent: 'no'`; its message names the field as the caller spelled it and never quotes a value.
 *
 * @example
 * ```ts
 * checkXSmtpApi({ CampaignCode: 'welcome', Priority: null });  // { ok: true, value: { CampaignCode: 'welcome' } }
 * const r = checkXSmtpApi({ campaignName: 'a\r\nb' }, { spelling: 'options', protocol: 'smtp' });
 * if (!r.ok) throw r.error;  // validation: "xSmtpApi campaignName must not contain CR or LF (header injection)"
 * ```
 */
export function checkXSmtpApi(input: unknown, context: XSmtpApiContext = {}): XSmtpApiResult {
  const options = context.spelling === 'options';
  try {
    if (!isRecord(input)) throw new Refusal(undefined, 'must be an object');
    const given = options ? fromOptions(input) : input;
    for (const key of Object.keys(given)) {
      if (!BY_KEY.has(key)) {
        throw new Refusal(undefined, `has no key "${key.slice(0, 40)}" (known: ${X_SMTPAPI_KEYS.join(', ')})`);
      }
    }
    const value: Record<string, unknown> = {};
    for (const field of X_SMTPAPI_FIELDS) {
      const v = given[field.key];
      if (v !== undefined && v !== null) value[field.key] = checkValue(field, v);
    }
    return { ok: true, value: value as XSmtpApiDto };
  } catch (refusal) {
    if (!(refusal instanceof Refusal)) throw refusal;
    return refused(context, refusal);
  }
}

/** The failed {@link XSmtpApiResult} for `refusal`, its field named as the caller spelled it. */
function refused(context: XSmtpApiContext, refusal: Refusal): XSmtpApiResult & { ok: false } {
  const options = context.spelling === 'options';
  const field = refusal.field && (options ? refusal.field.option : refusal.field.key);
  const reason = field ? `${field}${refusal.reason.startsWith('[') ? '' : ' '}${refusal.reason}` : refusal.reason;
  const label = context.label ?? (options ? 'xSmtpApi' : 'X-SMTPAPI');
  const error = new MailUpError({
    kind: 'validation',
    protocol: context.protocol ?? 'smtp',
    operation: context.operation ?? 'X-SMTPAPI',
    message: `${label} ${reason}`,
    sent: 'no',
    details: { field: refusal.field?.key, reason },
  });
  return { ok: false, field, reason, error };
}

/** {@link checkXSmtpApi} that returns the normalized `XSmtpAPIDTO` or throws its `validation` MailUpError. */
export function xSmtpApiDto(input: unknown, context: XSmtpApiContext = {}): XSmtpApiDto {
  const result = checkXSmtpApi(input, context);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Longest header line we write: RFC 5322 allows 998 octets; the rest is room for `X-SMTPAPI: ` and CRLF. */
const MAX_LINE_OCTETS = 980;
/** A value up to this many octets (UTF-8) stays on one line. */
const FOLD_AFTER = 900;

/**
 * The `X-SMTPAPI` header value for `input` (checked by {@link checkXSmtpApi}): raw JSON, as MailUp's clients send
 * it, folded at commas between values when long so that no header line passes 998 octets (never inside a string).
 * Throws a `validation` MailUpError for bad settings or a single value too long for one header line.
 *
 * @example
 * ```ts
 * xSmtpApiHeader({ campaignName: 'Receipts', clickTracking: false }, { spelling: 'options' });
 * // '{"CampaignName":"Receipts","ClickTracking":false}'
 * ```
 */
export function xSmtpApiHeader(input: unknown, context: XSmtpApiContext = {}): string {
  const value = xSmtpApiDto(input, context);
  const pieces = Object.entries(value).map(([key, v]) =>
    Array.isArray(v)
      ? `${JSON.stringify(key)}:[${v.map((x) => JSON.stringify(x)).join(',\r\n ')}]`
      : `${JSON.stringify(key)}:${JSON.stringify(v)}`,
  );
  const octets = (line: string) => new TextEncoder().encode(line).length;
  const flat = `{${pieces.join(',').replace(/\r\n /g, '')}}`;
  if (octets(flat) <= FOLD_AFTER) return flat;
  const folded = `{${pieces.join(',\r\n ')}}`;
  if (folded.split('\r\n').some((line) => octets(line) > MAX_LINE_OCTETS)) {
    throw refused(context, new Refusal(undefined, 'holds a value too long for one header line (998 octets)')).error;
  }
  return folded;
}

/**
 * Reads an `X-SMTPAPI` header value written as raw JSON with MailUp's keys (folded lines are unfolded first) and
 * checks it like {@link checkXSmtpApi}; never throws. A value that is not a JSON object is refused.
 */
export function readXSmtpApiHeader(value: string, context: XSmtpApiContext = {}): XSmtpApiResult {
  const wire: XSmtpApiContext = { ...context, spelling: 'wire' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.replace(/\r?\n[ \t]/g, ' '));
  } catch {
    return refused(wire, new Refusal(undefined, 'must be JSON'));
  }
  return isRecord(parsed)
    ? checkXSmtpApi(parsed, wire)
    : refused(wire, new Refusal(undefined, 'must be a JSON object'));
}
