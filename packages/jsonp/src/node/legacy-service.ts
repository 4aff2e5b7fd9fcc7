import { type HttpRequest, type HttpResponse, MailUpError, type Transport } from '@mailup-kit/core';
import { transportAttempt } from '@mailup-kit/core/pipeline';
import { assertCallbackName, newCallbackName } from '../callback-name.js';
import { FetchTransport } from '../fetch-transport.js';
import { parseJsonp } from '../parse-jsonp.js';

/** Path of the legacy MailUpService 1.1 JSONP methods (REFERENCE §5.1). */
export const LEGACY_JSONP_PATH = '/1.1/MailUpService.svc/jsonp';
/** Hosts where MailUp served MailUpService: switched off in January 2019. */
const MAILUP_HOSTS = /(^|\.)mailup\.(com|it)$|(^|\.)mailupnet\.it$/i;

/** Options of {@link LegacyJsonpClient}. */
export interface LegacyJsonpClientOptions {
  /** Where the legacy service runs for your tests, e.g. the emulator's `urls.http`. Required: MailUp's is gone. */
  baseUrl: string;
  /** The SOAP access key (`LoginFromId`), sent as `token` in the query — that is how the legacy service took it. */
  accessKey: string;
  timeoutMs?: number;
  /** A transport to use instead of a fresh {@link FetchTransport} (e.g. core/node's `HttpTransport`). */
  transport?: Transport<HttpRequest, HttpResponse>;
}

/** A list as ListsRead returns it (emulator shape; MailUp's own pages are gone). */
export interface LegacyList {
  idList: number;
  Guid: string;
  Name: string;
  Description: string;
}

/** A recipient as EmailsRead returns it. */
export interface LegacyEmail {
  idRecipient: number;
  Email: string | null;
  Status: string;
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'jsonp', operation, message });
}

/**
 * The legacy MailUpService 1.1 JSONP methods `ListsRead` and `EmailsRead` (REFERENCE §5.1), for legacy apps'
 * tests against a configured base URL (the emulator). MailUp switched the service off in January 2019: against
 * MailUp's own hosts every call fails at once with `service-disabled`, naming the REST equivalent, and sends
 * nothing.
 *
 * @example
 * ```ts
 * const legacy = new LegacyJsonpClient({ baseUrl: emulator.urls.http, accessKey });
 * const lists = await legacy.listsRead();
 * ```
 */
export class LegacyJsonpClient {
  private readonly transport: Transport<HttpRequest, HttpResponse>;
  private readonly owns: boolean;
  private readonly base: URL;

  // The access key lives in an ES private field: invisible to util.inspect (even showHidden) and JSON.stringify.
  readonly #options: LegacyJsonpClientOptions;

  constructor(options: LegacyJsonpClientOptions) {
    let base: URL;
    try {
      base = new URL(options?.baseUrl);
    } catch {
      throw invalid('LegacyJsonpClient', 'baseUrl must be an absolute URL');
    }
    if (typeof options.accessKey !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(options.accessKey)) {
      throw invalid('LegacyJsonpClient', 'accessKey must be a printable string without spaces');
    }
    this.#options = options;
    this.base = base;
    this.owns = options.transport === undefined;
    this.transport = options.transport ?? new FetchTransport({ timeoutMs: options.timeoutMs });
  }

  /** `ListsRead`: the account's lists (one with `idList`). REST equivalent: `GET Console/User/Lists`. */
  async listsRead(idList?: number, signal?: AbortSignal): Promise<LegacyList[]> {
    const query: Record<string, string> = {};
    if (idList !== undefined) query.idList = String(this.id('ListsRead', idList));
    const data = await this.call<{ Lists: LegacyList[] }>('ListsRead', query, 'GET Console/User/Lists', signal);
    return data.Lists;
  }

  /**
   * `EmailsRead`: the recipients of a list with a status (default subscribed). REST equivalent:
   * `GET Console/List/{id}/Recipients/Subscribed` (…/Unsubscribed, …/Pending).
   */
  async emailsRead(
    idList: number,
    status: 'subscribed' | 'unsubscribed' | 'pending' = 'subscribed',
    signal?: AbortSignal,
  ): Promise<LegacyEmail[]> {
    if (!['subscribed', 'unsubscribed', 'pending'].includes(status)) {
      throw invalid('EmailsRead', 'status must be subscribed, unsubscribed or pending');
    }
    const query = { idList: String(this.id('EmailsRead', idList)), status };
    const rest = `GET Console/List/${idList}/Recipients/${status[0]?.toUpperCase()}${status.slice(1)}`;
    const data = await this.call<{ Emails: LegacyEmail[] }>('EmailsRead', query, rest, signal);
    return data.Emails;
  }

  async close(): Promise<void> {
    if (this.owns) await (this.transport as { close?: () => unknown }).close?.();
  }

  private id(operation: string, value: number): number {
    if (!Number.isSafeInteger(value) || value <= 0) throw invalid(operation, 'idList must be a positive integer');
    return value;
  }

  private async call<T>(method: string, query: Record<string, string>, rest: string, signal?: AbortSignal): Promise<T> {
    if (MAILUP_HOSTS.test(this.base.hostname)) {
      throw new MailUpError({
        kind: 'service-disabled',
        protocol: 'jsonp',
        operation: method,
        message: `${method}: MailUpService 1.1 (and its JSONP methods) was switched off by MailUp in January 2019; use the REST API instead: ${rest}`,
        details: { restEquivalent: rest, switchedOff: '2019-01' },
      });
    }
    const callback = assertCallbackName(newCallbackName(), method);
    const params = new URLSearchParams({ ...query, token: this.#options.accessKey, callback });
    const url = `${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}${LEGACY_JSONP_PATH}/${method}?${params}`;
    const response: HttpResponse = await this.transport.send(
      { method: 'GET', url, headers: { accept: 'application/javascript' } },
      transportAttempt({ signal, timeoutMs: this.#options.timeoutMs ?? 30_000 }),
    );
    const text = String(response.body ?? '');
    if (response.status !== 200) {
      throw new MailUpError({
        kind: response.status >= 500 ? 'transient' : 'permanent',
        protocol: 'jsonp',
        operation: method,
        httpStatus: response.status,
        message: `${method}: HTTP ${response.status}`,
      });
    }
    const answer = parseJsonp<T & { ErrorDescription?: string }>(text, callback, method);
    if (answer.status !== undefined && answer.status !== 200) {
      throw new MailUpError({
        kind: answer.status === 401 ? 'auth-expired' : answer.status === 400 ? 'validation' : 'permanent',
        protocol: 'jsonp',
        operation: method,
        httpStatus: answer.status,
        message: `${method}: ${answer.status} ${String(answer.data?.ErrorDescription ?? '')}`.trim(),
      });
    }
    return answer.data;
  }
}
