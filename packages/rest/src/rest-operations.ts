import type { HttpRequest, RetryClass } from '@mailup-kit/core';
import { type OperationRow, type OperationSpec, operationTable } from '@mailup-kit/core/pipeline';
import { type Field, field as f, type Model, type ResponseShape, type ShapeResult } from './models/schema.js';
import { MODELS as M } from './models/wire-models.js';
import type { Collection } from './paging.js';

/** The three REST services and their base paths (REFERENCE §6.1). */
export const REST_SERVICES = {
  Console: '/API/v1.1/Rest/ConsoleService.svc',
  MailStatistics: '/API/v1.1/Rest/MailStatisticsService.svc',
  Public: '/API/v1.1/Rest/PublicService.svc',
} as const;

/** One of {@link REST_SERVICES}. */
export type RestService = keyof typeof REST_SERVICES;

/** A row of the REST operation table. */
export interface RestOperationSpec extends OperationSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Full path template under the base URL, `{name}` for path parameters. */
  readonly path: string;
  readonly service: RestService;
  /** What the answer must look like (checked at the boundary). */
  readonly response: ResponseShape;
  /** `client-basic`: HTTP Basic `client_id:client_secret` (PublicService) instead of the Bearer token. */
  readonly auth?: 'bearer' | 'client-basic';
}

/** A row whose name and answer the type system knows (what the table holds). */
export interface RestRow<N extends string, S extends ResponseShape> extends RestOperationSpec {
  readonly name: N;
  readonly response: S;
}

const collection = <T>(item: Model<T>) => ({ kind: 'collection', item }) as const;
const object = <T>(m: Model<T>) => ({ kind: 'object', model: m }) as const;
const array = <I extends Model | Field>(item: I) => ({ kind: 'array', item }) as const;
const INT = { kind: 'int' } as const;
const EMPTY = { kind: 'empty' } as const;
const STRING = { kind: 'string' } as const;

function op<const M extends RestOperationSpec['method'], const S extends string, const R extends ResponseShape>(
  method: M,
  service: RestService,
  sub: S,
  retryClass: RetryClass,
  response: R,
): RestRow<`${M} ${S}`, R> {
  return {
    name: `${method} ${sub}` as const,
    method,
    path: `${REST_SERVICES[service]}/${sub}`,
    service,
    retryClass,
    response,
    ...(response.kind === 'collection' ? { paging: 'page-number' as const } : {}),
    ...(service === 'Public' ? { auth: 'client-basic' as const } : {}),
  };
}

/** MailStatistics lists of a message whose items are `StatisticsItem`s (`UrlClicks` has its own model). */
export const MESSAGE_ITEM_LISTS = [
  'Recipients',
  'Views',
  'Bounces',
  'Unsubscriptions',
  'Clicks',
  'UrlClickDetails',
] as const;
/** MailStatistics lists of a message. */
export const MESSAGE_STATISTICS_LISTS = [...MESSAGE_ITEM_LISTS, 'UrlClicks'] as const;
/** MailStatistics counts of a message. */
export const MESSAGE_STATISTICS_COUNTS = [
  'Recipients',
  'Views',
  'Bounces',
  'Unsubscriptions',
  'Clicks',
  'UrlClicks',
] as const;
/** MailStatistics lists of a recipient. */
export const RECIPIENT_STATISTICS_LISTS = [
  'Deliveries',
  'Views',
  'Bounces',
  'BouncesDetails',
  'Unsubscriptions',
  'Clicks',
  'ClicksDetails',
] as const;
/** MailStatistics counts of a recipient. */
export const RECIPIENT_STATISTICS_COUNTS = ['Deliveries', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks'] as const;

/** One of {@link MESSAGE_STATISTICS_LISTS}. */
export type MessageStatisticsList = (typeof MESSAGE_STATISTICS_LISTS)[number];
/** One of {@link MESSAGE_STATISTICS_COUNTS}. */
export type MessageStatisticsCount = (typeof MESSAGE_STATISTICS_COUNTS)[number];
/** One of {@link RECIPIENT_STATISTICS_LISTS}. */
export type RecipientStatisticsList = (typeof RECIPIENT_STATISTICS_LISTS)[number];
/** One of {@link RECIPIENT_STATISTICS_COUNTS}. */
export type RecipientStatisticsCount = (typeof RECIPIENT_STATISTICS_COUNTS)[number];

/**
 * The REST client's operation table (data), keyed by name (`REST_OPERATIONS['GET Console/List']`; iterate with
 * `Object.values`): name (`METHOD path-under-the-service`, also the policy table key — the API use policy counts
 * REST calls per method; the id is `rest:<name>`), method, path template, retry class
 * (`read` for GETs, `idempotent-write` for PUT/DELETE and idempotent actions, `send` for anything that creates or
 * sends: never repeated once bytes may have left), paging and the response model checked at the boundary. Every
 * resource of REFERENCE §6.5 and §6.6.
 */
export const REST_OPERATIONS = operationTable('rest', [
  // Account
  op('GET', 'Console', 'Console/Authentication/Info', 'read', object(M.authenticationInfo)),
  op('GET', 'Console', 'Console/Authentication/Details', 'read', object(M.authenticationDetails)),
  // Lists
  op('GET', 'Console', 'Console/User/Lists', 'read', collection(M.userList)),
  op('GET', 'Console', 'Console/List', 'read', collection(M.list)),
  op('POST', 'Console', 'Console/List', 'send', object(M.list)),
  op('GET', 'Console', 'Console/List/{idList}', 'read', object(M.list)),
  op('PUT', 'Console', 'Console/List/{idList}', 'idempotent-write', object(M.list)),
  op('DELETE', 'Console', 'Console/List/{idList}', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/Countries', 'read', array(M.country)),
  op('GET', 'Console', 'Console/TimeZones', 'read', array(M.timeZone)),
  // Groups
  op('GET', 'Console', 'Console/List/{idList}/Groups', 'read', collection(M.group)),
  op('POST', 'Console', 'Console/List/{idList}/Group', 'send', object(M.group)),
  op('PUT', 'Console', 'Console/List/{idList}/Group/{idGroup}', 'idempotent-write', object(M.group)),
  op('DELETE', 'Console', 'Console/List/{idList}/Group/{idGroup}', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/{idList}/Recipient/{idRecipient}/Groups', 'read', collection(M.group)),
  // Recipients
  op('POST', 'Console', 'Console/List/{idList}/Recipient', 'send', INT),
  op('POST', 'Console', 'Console/Group/{idGroup}/Recipient', 'send', INT),
  op('GET', 'Console', 'Console/List/{idList}/Recipients/Subscribed', 'read', collection(M.recipient)),
  op('GET', 'Console', 'Console/List/{idList}/Recipients/Unsubscribed', 'read', collection(M.recipient)),
  op('GET', 'Console', 'Console/List/{idList}/Recipients/Pending', 'read', collection(M.recipient)),
  op('GET', 'Console', 'Console/List/{idList}/Recipients/EmailOptins', 'read', collection(M.emailOptin)),
  op('GET', 'Console', 'Console/Group/{idGroup}/Recipients', 'read', collection(M.recipient)),
  op('POST', 'Console', 'Console/List/{idList}/Subscribe/{idRecipient}', 'idempotent-write', EMPTY),
  op('DELETE', 'Console', 'Console/List/{idList}/Unsubscribe/{idRecipient}', 'idempotent-write', EMPTY),
  op('POST', 'Console', 'Console/Group/{idGroup}/Subscribe/{idRecipient}', 'idempotent-write', EMPTY),
  op('DELETE', 'Console', 'Console/Group/{idGroup}/Unsubscribe/{idRecipient}', 'idempotent-write', EMPTY),
  op('DELETE', 'Console', 'Console/List/{idList}/Recipient/{idRecipient}', 'idempotent-write', EMPTY),
  op('DELETE', 'Console', 'Console/Recipients/{idRecipient}', 'idempotent-write', EMPTY),
  op('PUT', 'Console', 'Console/Recipient/Detail', 'idempotent-write', object(M.recipient)),
  op('GET', 'Console', 'Console/Recipient/DynamicFields', 'read', collection(M.dynamicField)),
  // Imports
  op('POST', 'Console', 'Console/List/{idList}/Recipients', 'send', INT),
  op('POST', 'Console', 'Console/Group/{idGroup}/Recipients', 'send', INT),
  op('GET', 'Console', 'Console/Import/{idImport}', 'read', object(M.importStatus)),
  op('GET', 'Console', 'Console/Imports', 'read', collection(M.importDetail)),
  op('GET', 'Console', 'Console/Imports/{idImport}', 'read', object(M.importDetail)),
  op('GET', 'Console', 'Console/Import/{idImport}/Sending', 'read', INT),
  // Email messages
  op('POST', 'Console', 'Console/List/{idList}/Email', 'send', object(M.emailCreated)),
  op('POST', 'Console', 'Console/List/{idList}/Email/Template/{idTemplate}', 'send', object(M.emailCreated)),
  op('POST', 'Console', 'Console/List/{idList}/Email/{idMessage}', 'send', object(M.emailCreated)),
  op('GET', 'Console', 'Console/List/{idList}/Emails', 'read', collection(M.emailItem)),
  op('GET', 'Console', 'Console/List/{idList}/Online/Emails', 'read', collection(M.emailItem)),
  op('GET', 'Console', 'Console/List/{idList}/Archived/Emails', 'read', collection(M.emailItem)),
  op('GET', 'Console', 'Console/User/Emails', 'read', collection(M.emailItem)),
  op('GET', 'Console', 'Console/List/{idList}/Email/{idMessage}', 'read', object(M.emailDetails)),
  op('PUT', 'Console', 'Console/List/{idList}/Email/{idMessage}', 'idempotent-write', object(M.emailDetails)),
  op('DELETE', 'Console', 'Console/List/{idList}/Email/{idMessage}', 'idempotent-write', EMPTY),
  op('PUT', 'Console', 'Console/List/{idList}/Email/{idMessage}/Online/Visibility', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/{idList}/Email/{idMessage}/Attachment', 'read', array(M.attachment)),
  op(
    'POST',
    'Console',
    'Console/List/{idList}/Email/{idMessage}/Attachment/{slot}',
    'idempotent-write',
    object(M.attachment),
  ),
  op('DELETE', 'Console', 'Console/List/{idList}/Email/{idMessage}/Attachment/{slot}', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/{idList}/Tags', 'read', collection(M.tag)),
  op('POST', 'Console', 'Console/List/{idList}/Tag', 'send', object(M.tag)),
  op('PUT', 'Console', 'Console/List/{idList}/Tag/{idTag}', 'idempotent-write', object(M.tag)),
  op('DELETE', 'Console', 'Console/List/{idList}/Tag/{idTag}', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/{idList}/Images', 'read', array(f.string())),
  op('POST', 'Console', 'Console/List/{idList}/Images', 'send', STRING),
  op('GET', 'Console', 'Console/Images', 'read', array(f.string())),
  op('POST', 'Console', 'Console/Images', 'send', STRING),
  op('DELETE', 'Console', 'Console/Images', 'idempotent-write', EMPTY),
  op('GET', 'Console', 'Console/List/{idList}/Templates', 'read', collection(M.template)),
  op('GET', 'Console', 'Console/List/{idList}/Templates/{idTemplate}', 'read', object(M.templateDetails)),
  // Email sendings
  op('POST', 'Console', 'Console/List/{idList}/Email/{idMessage}/Send', 'send', object(M.sendResult)),
  op('POST', 'Console', 'Console/Group/{idGroup}/Email/{idMessage}/Send', 'send', object(M.sendResult)),
  op('POST', 'Console', 'Console/Email/Send', 'send', object(M.singleSendResult)),
  op('GET', 'Console', 'Console/List/{idList}/Email/{idMessage}/SendHistory', 'read', collection(M.sending)),
  op('GET', 'Console', 'Console/Email/Sendings/Immediate', 'read', collection(M.sending)),
  op('GET', 'Console', 'Console/Email/Sendings/Deferred', 'read', collection(M.sending)),
  op('GET', 'Console', 'Console/Email/Sendings/Undefined', 'read', collection(M.sending)),
  op('POST', 'Console', 'Console/Email/Sendings/{idSending}/Immediate', 'send', EMPTY),
  op('GET', 'Console', 'Console/Email/Sendings/{idSending}/Deferred', 'read', object(M.deferredDate)),
  op('POST', 'Console', 'Console/Email/Sendings/{idSending}/Deferred', 'send', EMPTY),
  op('POST', 'Console', 'Console/Email/Sendings/{idSending}/Stop', 'idempotent-write', EMPTY),
  op('DELETE', 'Console', 'Console/Email/Sendings/{idSending}', 'idempotent-write', EMPTY),
  // SMS
  op('POST', 'Console', 'Console/Sms/List/{idList}/Message', 'send', object(M.smsMessage)),
  op('GET', 'Console', 'Console/Sms/List/{idList}/Messages', 'read', collection(M.smsMessage)),
  op('GET', 'Console', 'Console/Sms/List/{idList}/Message/{idMessage}', 'read', object(M.smsMessage)),
  op('PUT', 'Console', 'Console/Sms/List/{idList}/Message/{idMessage}', 'idempotent-write', object(M.smsMessage)),
  op('POST', 'Console', 'Console/Sms/List/{idList}/Message/{idMessage}/Send', 'send', object(M.sendResult)),
  op('POST', 'Console', 'Console/Sms/Group/{idGroup}/Message/{idMessage}/Send', 'send', object(M.sendResult)),
  op('POST', 'Console', 'Console/Sms/Send', 'send', object(M.sendResult)),
  op('GET', 'Console', 'Console/Sms/Sendings/Immediate', 'read', collection(M.sending)),
  op('GET', 'Console', 'Console/Sms/Sendings/Deferred', 'read', collection(M.sending)),
  op('GET', 'Console', 'Console/Sms/Sendings/Undefined', 'read', collection(M.sending)),
  op('POST', 'Console', 'Console/Sms/Sendings/{idSending}/Immediate', 'send', EMPTY),
  op('POST', 'Console', 'Console/Sms/Sendings/{idSending}/Deferred', 'send', EMPTY),
  op('GET', 'Console', 'Console/Sms/Sending/{idSending}/Deferred', 'read', object(M.deferredDate)),
  op('GET', 'Console', 'Console/Sms/{idMessage}/Sendings/Report', 'read', object(M.smsReport)),
  op('GET', 'Console', 'Console/Sms/{idMessage}/Sendings/ReportDetails', 'read', collection(M.smsReportDetail)),
  // SMTP+
  op('GET', 'Console', 'Console/SmtpPlusPriorities', 'read', array(M.smtpPlusPriority)),
  op('POST', 'Console', 'Console/List/{idList}/SmtpPlus', 'send', object(M.smtpPlusUser)),
  // MailStatistics
  ...MESSAGE_ITEM_LISTS.map((name) =>
    op('GET', 'MailStatistics', `Message/{idMessage}/List/${name}`, 'read', collection(M.statisticsItem)),
  ),
  op('GET', 'MailStatistics', 'Message/{idMessage}/List/UrlClicks', 'read', collection(M.urlClick)),
  ...MESSAGE_STATISTICS_COUNTS.map((name) =>
    op('GET', 'MailStatistics', `Message/{idMessage}/Count/${name}`, 'read', INT),
  ),
  ...RECIPIENT_STATISTICS_LISTS.map((name) =>
    op('GET', 'MailStatistics', `Recipient/{idRecipient}/List/${name}`, 'read', collection(M.statisticsItem)),
  ),
  ...RECIPIENT_STATISTICS_COUNTS.map((name) =>
    op('GET', 'MailStatistics', `Recipient/{idRecipient}/Count/${name}`, 'read', INT),
  ),
  // Public trial provisioning
  op('POST', 'Public', 'Console/TrialActivation', 'send', object(M.trialActivation)),
  op('POST', 'Public', 'Console/TrialActivationStatus', 'read', object(M.trialActivation)),
] as const);

/** The name of a row of {@link REST_OPERATIONS} (`GET Console/List/{idList}`): a misspelt one fails to compile. */
export type RestOperationName = keyof typeof REST_OPERATIONS;
/** A row of {@link REST_OPERATIONS} as the pipeline carries it on `ctx.operation`, with its literal name and answer. */
export type RestOperation = (typeof REST_OPERATIONS)[RestOperationName];
type Results = { [N in RestOperationName]: ShapeResult<(typeof REST_OPERATIONS)[N]['response']> };
/** What the operation named `N` answers, from its row's model. */
export type RestResult<N extends RestOperationName> = Results[N];
/** The operations that answer a paged collection. */
export type PagedOperationName = {
  [N in RestOperationName]: Results[N] extends Collection<unknown> ? N : never;
}[RestOperationName];
/** The item type of the paged operation `N`. */
export type PagedItem<N extends PagedOperationName> = Results[N] extends Collection<infer T> ? T : never;
/** The paged operations whose items are `T`. */
export type PagedOperationOf<T> = {
  [N in PagedOperationName]: [PagedItem<N>] extends [T] ? ([T] extends [PagedItem<N>] ? N : never) : never;
}[PagedOperationName];

/** What the REST pipeline carries on `ctx.operation`: a table row, or a `request()` row (no response model). */
export interface RestCallRow extends OperationRow {
  readonly method: string;
  readonly path: string;
  readonly service?: RestService;
  readonly response?: ResponseShape;
  readonly auth?: 'bearer' | 'client-basic';
}

/** Formats accepted in answers. */
export type RestFormat = 'json' | 'xml';

/** A REST call's input as the serialize step reads it. */
export interface RestInput {
  /** Path parameters (`{idList}` …), already checked by the typed method. */
  params?: Readonly<Record<string, string | number>>;
  /** Query parameters (values already checked by the typed method). */
  query?: Readonly<Record<string, string>>;
  /** JSON body (serialized with `JSON.stringify`; a string becomes a JSON string). */
  body?: unknown;
  /** Extra request headers (e.g. `If-Match`). */
  headers?: Readonly<Record<string, string>>;
  /** Answer format: JSON (default) or XML (`Accept: application/xml`). */
  accept?: RestFormat;
}

/** Fills `{name}` path parameters, URL-encoded; an unfilled one is a programming error. */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  if (!template.includes('{')) return template; // most paths have no parameter: no regex run, no callback made
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`REST path parameter {${name}} is missing`);
    return encodeURIComponent(String(value));
  });
}

/** Characters the form-urlencoded serializer leaves as they are. */
const FORM_SAFE = /^[\w.*-]*$/;

/**
 * `?` + `new URLSearchParams(query)` (empty for no parameter), without the URLSearchParams object when every name
 * and value is made of characters it leaves as they are (digits, letters, `*-._`: page numbers, sizes, ids).
 */
function queryString(query: Readonly<Record<string, string>>): string {
  let out = '';
  for (const name in query) {
    const value = query[name] as string;
    if (typeof value !== 'string' || !FORM_SAFE.test(name) || !FORM_SAFE.test(value)) {
      return `?${new URLSearchParams(query as Record<string, string>)}`;
    }
    out += `${out === '' ? '?' : '&'}${name}=${value}`;
  }
  return out;
}

/** The structured request of one REST operation (no credentials: the auth and build steps add them). */
export function serializeRest(
  baseUrl: string,
  operation: Pick<OperationSpec, 'method' | 'path'>,
  input: unknown,
): HttpRequest {
  const { query, body, params, headers, accept } = (input ?? {}) as RestInput;
  const qs = query ? queryString(query as Record<string, string>) : '';
  const type = accept === 'xml' ? 'application/xml' : 'application/json';
  // Built directly (no spread of conditional objects): this runs once per call.
  const wireHeaders: Record<string, string> = Object.assign({}, headers);
  wireHeaders.accept = type;
  const url = `${baseUrl}${fillPath(operation.path ?? '', params)}${qs}`;
  if (body === undefined) return { method: operation.method ?? 'GET', url, headers: wireHeaders };
  wireHeaders['content-type'] = 'application/json';
  return { method: operation.method ?? 'GET', url, headers: wireHeaders, body: JSON.stringify(body) };
}
