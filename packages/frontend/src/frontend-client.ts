import {
  type ClientCallOptions,
  type ClientConfig,
  type HttpRequest,
  type HttpResponse,
  MailUpError,
} from '@mailup-kit/core';
import type { FrontendPage } from '@mailup-kit/core/catalogue';
import { httpTransportFactory, refusedUrlReason } from '@mailup-kit/core/node';
import { callOptionsOf, deferInput, ProtocolClient, redactUrl } from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import {
  answerCode,
  pageError,
  type SubscribeOutcome,
  type SubscriberStatus,
  type UnsubscribeOutcome,
} from './frontend-answers.js';
import {
  FRONTEND_OPERATIONS,
  type FrontendMethod,
  type FrontendRow,
  type PageParameters,
  serializePage,
} from './frontend-operations.js';
import * as check from './frontend-validate.js';

// The row of each typed method, taken from the table once: a call passes it by reference (no lookup by name).
const SUBSCRIBE = FRONTEND_OPERATIONS['xmlSubscribe.aspx'];
const CHECK_SUBSCRIBER = FRONTEND_OPERATIONS['Xmlchksubscriber.aspx'];
const UNSUBSCRIBE = FRONTEND_OPERATIONS['Xmlunsubscribe.aspx'];
const UPDATE_SUBSCRIBER = FRONTEND_OPERATIONS['xmlUpdSubscriber.aspx'];
const SUBSCRIBE_FORM = FRONTEND_OPERATIONS['subscribe.aspx'];

/** Options of {@link FrontendClient}: core's {@link ClientConfig} plus the console host and the plain-HTTP opt-in. */
export interface FrontendClientOptions extends ClientConfig<HttpRequest, HttpResponse, Limiter> {
  /** The account's console host, e.g. `http://abcd.emailsp.net` (the pages live under `/frontend/`). */
  consoleUrl: string;
  /**
   * The pages exist only over plain HTTP: `true` allows `http://` to a non-loopback host (logged once as a
   * warning). Loopback (the emulator) needs no opt-in.
   */
  allowInsecureHttp?: boolean;
  /** GET (query string) or POST (form body, default: values stay out of proxy and server URL logs). */
  method?: FrontendMethod;
  /** With `limiter`: options of its quota step. */
  quota?: QuotaMiddlewareOptions;
}

/** Who a call is about: an email address, a mobile number, or both. */
export interface Recipient {
  email?: string;
  /** Mobile number with international prefix (`+39…`/`0039…`); without it, the list's default prefix applies. */
  sms?: string;
}

/** Input of {@link FrontendClient.subscribe} and {@link FrontendClient.submitSubscribeForm}. */
export interface SubscribeInput extends Recipient, ClientCallOptions {
  /** One or several list ids. */
  lists: number | number[];
  groups?: number[];
  /**
   * Confirmed opt-in: `true` (default — MailUp's API use policy asks for it) sends a confirmation request and the
   * recipient stays pending until they confirm; `false` subscribes at once (say so explicitly).
   */
  confirm?: boolean;
  /** Field values by code (`campo1`) or number (`1`). No `;`, no `--`, no control characters. */
  fields?: Readonly<Record<string | number, string>>;
  /** Sender of the confirmation email (`Dynsndmail` / `dynsndname`; blank ⇒ the list's). */
  senderEmail?: string;
  senderName?: string;
  /** With several lists: the list whose confirmation email confirms them all (`ConfirmListID`). */
  confirmListId?: number;
  /** xmlSubscribe only: ask for MailUp's text answer (`retCode=0`) instead of the number; mapped just the same. */
  textAnswer?: boolean;
}

/** A list named by id and GUID (the pages check that they match). */
export interface ListRef extends Recipient, ClientCallOptions {
  list: number;
  listGuid: string;
}

/** Input of {@link FrontendClient.updateSubscriber}. */
export interface UpdateSubscriberInput extends ListRef {
  fields?: Readonly<Record<string | number, string>>;
  groups?: number[];
  /** `true` replaces the recipient's groups of this list with `groups` (`Replace`); default adds to them. */
  replaceGroups?: boolean;
}

/** A page's answer, typed. */
export interface FrontendResult<O extends string> {
  outcome: O;
  /** MailUp's numeric code (for a text answer: the code its wording means). */
  code: number;
}

/** What subscribe.aspx answered: a redirect to the list's (or your) result page. */
export interface SubscribeFormResult {
  outcome: 'redirected';
  status: number;
  location: string | undefined;
}

interface PageCall {
  page: FrontendPage | 'subscribe';
  params: PageParameters;
  textAllowed: boolean;
}

/**
 * A client for MailUp's HTTP GET/POST "frontend" pages (REFERENCE §4) on core's client template: xmlSubscribe,
 * Xmlchksubscriber, Xmlunsubscribe, xmlUpdSubscriber and the subscribe.aspx form handler. Every value is checked
 * before anything is sent (`validation` errors: `;` or `--` in a field, CR/LF, a malformed GUID, a non-numeric
 * id, a name that is not a field code); answers become typed results or `MailUpError`s (`-1011` is
 * `ip-not-allowed` with a hint to register the IP through WSActivation).
 *
 * @example
 * ```ts
 * const frontend = new FrontendClient({ consoleUrl: 'http://abcd.emailsp.net', allowInsecureHttp: true });
 * const { outcome } = await frontend.subscribe({ email: 'ada@example.com', lists: [1] }); // 'pending'
 * ```
 */
export class FrontendClient {
  /** The client template underneath (operation table, pipeline, plugins). */
  readonly client: ProtocolClient<HttpRequest, HttpResponse, Limiter, FrontendRow>;

  constructor(options: FrontendClientOptions) {
    const op = 'FrontendClient';
    if (!options || typeof options !== 'object') throw check.invalid(op, 'options are required');
    let url: URL;
    try {
      url = new URL(check.text(op, 'consoleUrl', options.consoleUrl));
    } catch (error) {
      if (MailUpError.is(error)) throw error;
      throw check.invalid(op, 'consoleUrl must be an absolute URL');
    }
    const refused = refusedUrlReason(url, options.allowInsecureHttp === true);
    if (refused) {
      throw check.invalid(op, `${refused}: the frontend pages exist only over http, so pass allowInsecureHttp: true`);
    }
    if (url.search || url.hash || url.username || url.password) {
      throw check.invalid(op, 'consoleUrl must be the console host only (no query, fragment or credentials)');
    }
    const method = options.method ?? 'POST';
    if (method !== 'GET' && method !== 'POST') throw check.invalid(op, 'method must be GET or POST');
    const baseUrl = url.toString().replace(/\/+$/, '');
    const quota = options.quota;
    this.client = new ProtocolClient<HttpRequest, HttpResponse, Limiter, FrontendRow>({
      protocol: 'frontend',
      operations: FRONTEND_OPERATIONS,
      config: options,
      createTransport: httpTransportFactory('frontend', { allowInsecureHttp: options.allowInsecureHttp === true }),
      serialize: (input, ctx) => serializePage(baseUrl, method, ctx.operation, (input as PageCall).params),
      deserialize: (response, ctx) => {
        const operation = ctx.operation;
        const call = ctx.input as PageCall;
        // The redacted summary only an error carries: built when one is thrown, not for every answer.
        const request = () => ({ method: response.status ? method : undefined, url: redactUrl(response.url ?? '') });
        if (call.page === 'subscribe') {
          if ((response.status >= 300 && response.status < 400) || response.status === 200) {
            const location = response.headers.location;
            return {
              outcome: 'redirected',
              status: response.status,
              location: Array.isArray(location) ? location[0] : location,
            };
          }
        } else if (response.status === 200) {
          try {
            return answerCode(call.page, String(response.body ?? ''), call.textAllowed);
          } catch (error) {
            throw MailUpError.is(error) ? error.with({ request: request() }) : error;
          }
        }
        throw new MailUpError({
          kind:
            response.status >= 500 || response.status === 429
              ? 'transient'
              : response.status === 404
                ? 'not-found'
                : 'permanent',
          protocol: 'frontend',
          operation: operation.id,
          httpStatus: response.status,
          message: `${operation.id}: HTTP ${response.status}`,
          request: request(),
        });
      },
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
  }

  /**
   * Runs one page's row (by reference): `page` checks and builds its parameters inside the call's initialize step
   * (call id known).
   */
  private run<T>(row: FrontendRow, page: () => PageCall, options: ClientCallOptions): Promise<T> {
    return this.client.call<T>(row, deferInput(page), callOptionsOf(options));
  }

  /**
   * xmlSubscribe.aspx: subscribes to one or several lists. `pending` (confirmed opt-in, the default) until the
   * recipient confirms, `subscribed` with `confirm: false`, `already-subscribed` for MailUp's code 3. Code 1 is a
   * `permanent` error, 2 `validation`, -1011 `ip-not-allowed`.
   */
  async subscribe(input: SubscribeInput): Promise<FrontendResult<SubscribeOutcome>> {
    const op = 'xmlSubscribe.aspx';
    const code = await this.run<number>(
      SUBSCRIBE,
      () => {
        const params = subscribeParams(op, input, 'xml');
        if (input.textAnswer !== undefined && typeof input.textAnswer !== 'boolean') {
          throw check.invalid(op, 'textAnswer must be a boolean');
        }
        params.push(['retCode', input.textAnswer ? '0' : '1']);
        return { page: 'xmlSubscribe', params, textAllowed: true };
      },
      input,
    );
    if (code === 3) return { outcome: 'already-subscribed', code };
    if (code !== 0) throw pageError('xmlSubscribe', code);
    return { outcome: input.confirm === false ? 'subscribed' : 'pending', code };
  }

  /** Xmlchksubscriber.aspx: the recipient's status on the list (`not-subscribed` is MailUp's 1: unknown or error). */
  async checkSubscriber(input: ListRef): Promise<FrontendResult<SubscriberStatus>> {
    const op = 'Xmlchksubscriber.aspx';
    const code = await this.run<number>(
      CHECK_SUBSCRIBER,
      () => ({ page: 'Xmlchksubscriber', params: listParams(op, input), textAllowed: false }),
      input,
    );
    const status = ({ 1: 'not-subscribed', 2: 'subscribed', 3: 'unsubscribed', 4: 'pending' } as const)[
      code as 1 | 2 | 3 | 4
    ];
    if (!status) throw pageError('Xmlchksubscriber', code);
    return { outcome: status, code };
  }

  /** Xmlunsubscribe.aspx: `unsubscribed` (0), `not-subscribed` (3: unknown or already unsubscribed). */
  async unsubscribe(input: ListRef): Promise<FrontendResult<UnsubscribeOutcome>> {
    const op = 'Xmlunsubscribe.aspx';
    const code = await this.run<number>(
      UNSUBSCRIBE,
      () => ({ page: 'Xmlunsubscribe', params: listParams(op, input), textAllowed: false }),
      input,
    );
    if (code === 0) return { outcome: 'unsubscribed', code };
    if (code === 3) return { outcome: 'not-subscribed', code };
    throw pageError('Xmlunsubscribe', code);
  }

  /**
   * xmlUpdSubscriber.aspx: updates fields and groups of a recipient of the list. MailUp's 1 (list and GUID do not
   * match, recipient not in the list, temporary error …) is a `permanent` error.
   */
  async updateSubscriber(input: UpdateSubscriberInput): Promise<FrontendResult<'updated'>> {
    const op = 'xmlUpdSubscriber.aspx';
    const code = await this.run<number>(
      UPDATE_SUBSCRIBER,
      () => {
        const params = listParams(op, input);
        const csv = check.csvFields(op, input.fields);
        if (csv) params.push(['csvFldNames', csv.csvFldNames], ['csvFldValues', csv.csvFldValues]);
        const groups = check.ids(op, 'groups', input.groups, false);
        if (groups.length > 0) params.push(['Group', groups.join(';')]);
        if (input.replaceGroups !== undefined) {
          if (typeof input.replaceGroups !== 'boolean') throw check.invalid(op, 'replaceGroups must be a boolean');
          params.push(['Replace', input.replaceGroups ? 'true' : 'false']);
        }
        return { page: 'xmlUpdSubscriber', params, textAllowed: false };
      },
      input,
    );
    if (code !== 0) throw pageError('xmlUpdSubscriber', code);
    return { outcome: 'updated', code };
  }

  /**
   * Posts to subscribe.aspx as an HTML form would (`email`, `list` repeated, `group`, `campoN`, `confirm`,
   * `Dynsndmail`/`dynsndname`) and returns where MailUp redirects (not followed). subscribe.aspx is never
   * IP-checked and cannot be disabled.
   */
  submitSubscribeForm(input: SubscribeInput): Promise<SubscribeFormResult> {
    const op = 'subscribe.aspx';
    return this.run<SubscribeFormResult>(
      SUBSCRIBE_FORM,
      () => ({ page: 'subscribe', params: subscribeParams(op, input, 'form'), textAllowed: false }),
      input,
    );
  }

  /** Closes the transport if this client created it. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

function recipientParams(op: string, input: Recipient, out: Array<[string, string]>, form: boolean): void {
  if (input.email === undefined && input.sms === undefined) throw check.invalid(op, 'email or sms is required');
  if (input.email !== undefined) out.push([form ? 'email' : 'Email', check.email(op, input.email)]);
  if (input.sms !== undefined) out.push([form ? 'sms' : 'Sms', check.mobile(op, input.sms)]);
}

function subscribeParams(op: string, input: SubscribeInput, style: 'xml' | 'form'): Array<[string, string]> {
  if (!input || typeof input !== 'object') throw check.invalid(op, 'input is required');
  const out: Array<[string, string]> = [];
  const form = style === 'form';
  recipientParams(op, input, out, form);
  const lists = check.ids(op, 'lists', input.lists, true);
  if (form) for (const l of lists) out.push(['list', String(l)]);
  else out.push(['List', lists.join(',')]);
  const groups = check.ids(op, 'groups', input.groups, false);
  if (groups.length > 0) out.push([form ? 'group' : 'Group', groups.join(',')]);
  if (input.confirm !== undefined && typeof input.confirm !== 'boolean')
    throw check.invalid(op, 'confirm must be a boolean');
  out.push([form ? 'confirm' : 'Confirm', input.confirm === false ? '0' : '1']);
  if (form) {
    const csv = check.csvFields(op, input.fields);
    if (csv) {
      const values = csv.csvFldValues.split(';');
      for (const [i, name] of csv.csvFldNames.split(';').entries()) out.push([name, values[i] ?? '']);
    }
  } else {
    const csv = check.csvFields(op, input.fields);
    if (csv) out.push(['csvFldNames', csv.csvFldNames], ['csvFldValues', csv.csvFldValues]);
  }
  if (input.senderEmail !== undefined) out.push(['Dynsndmail', check.email(op, input.senderEmail)]);
  if (input.senderName !== undefined) out.push(['dynsndname', check.text(op, 'senderName', input.senderName)]);
  if (input.confirmListId !== undefined) {
    const confirmList = check.id(op, 'confirmListId', input.confirmListId);
    if (!lists.includes(confirmList)) throw check.invalid(op, 'confirmListId must be one of lists');
    out.push(['ConfirmListID', String(confirmList)]);
  }
  return out;
}

function listParams(op: string, input: ListRef): Array<[string, string]> {
  if (!input || typeof input !== 'object') throw check.invalid(op, 'input is required');
  const out: Array<[string, string]> = [
    ['List', String(check.id(op, 'list', input.list))],
    ['ListGuid', check.guid(op, input.listGuid)],
  ];
  recipientParams(op, input, out, false);
  return out;
}

/** Operation rows by name (for `client.request()` users). */
export const FRONTEND_OPERATION_NAMES: readonly string[] = Object.keys(FRONTEND_OPERATIONS);
