import {
  type ClientCallOptions,
  type ClientConfig,
  type HttpRequest,
  type HttpResponse,
  MailUpError,
  type RetryClass,
  systemClock,
} from '@mailup-kit/core';
import { observeCredentialEvents } from '@mailup-kit/core/credentials';
import { httpTransportFactory } from '@mailup-kit/core/node';
import {
  callOptionsOf,
  deferInput,
  httpBuildMiddleware,
  type Pipeline,
  ProtocolClient,
  parseJsonBody,
} from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import {
  type BulkImportDeps,
  bulkImport,
  type ImportOptions,
  type ImportResult,
  type ImportSource,
} from './bulk-import.js';
import { DEFAULT_MAILUP_BASE_URL, trimBase } from './endpoints.js';
import { checkResponse, modelError } from './models/schema.js';
import type { AuthenticationInfo, UserList } from './models/wire-models.js';
import type { Collection, PageOptions } from './paging.js';
import { AccountResources, GroupResources, ListResources } from './resources/account-resources.js';
import { EmailResources } from './resources/email-resources.js';
import type { RestCaller, RestCallOptions } from './resources/paged.js';
import { ImportResources, type ImportTarget, RecipientResources } from './resources/recipient-resources.js';
import { SendingResources, SmsResources } from './resources/sending-resources.js';
import { SmtpPlusResources, StatisticsResources } from './resources/statistics-resources.js';
import { restResourceError } from './rest-error.js';
import {
  REST_OPERATIONS,
  type RestCallRow,
  type RestFormat,
  type RestInput,
  type RestOperationName,
  serializeRest,
} from './rest-operations.js';
import { bearerAuthPlugin, clientBasicPlugin, type PublicClientCredentials } from './rest-plugins.js';
import { parseWcfXml } from './rest-xml.js';
import type { TokenManager } from './token-manager.js';
import { invalid, requireUrl } from './validate.js';

/** `rest.recipients`: {@link RecipientResources} plus the bulk {@link RecipientsWithImport.import}. */
export class RecipientsWithImport extends RecipientResources {
  constructor(
    rest: RestCaller,
    private readonly deps: BulkImportDeps,
  ) {
    super(rest);
  }

  /**
   * Imports any number of recipients into a list (or `{ groupId }`) from an array, an (async) iterable or a Node
   * stream of CSV / JSON lines: chunked asynchronous imports, status polling, progress events, checkpoints to
   * resume after an interruption, bounded memory. See {@link bulkImport}.
   */
  import(target: ImportTarget, source: ImportSource, options: ImportOptions = {}): Promise<ImportResult> {
    return bulkImport(this.deps, target, source, options);
  }
}

function contentType(headers: Record<string, string | string[]>): string {
  const raw = headers['content-type'] ?? headers['Content-Type'];
  return String(Array.isArray(raw) ? raw[0] : (raw ?? '')).toLowerCase();
}

/** `input` answered in `accept`'s format (the same object when no format is asked). */
function withAccept(input: RestInput, accept: RestFormat | undefined): RestInput {
  return accept ? { ...input, accept } : input;
}

/** Decodes a successful answer: empty, XML (by content type) or JSON, checked against the row's model. */
function decode(response: HttpResponse, operation: RestCallRow): unknown {
  const shape = operation.response;
  const body = response.body;
  const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : String(body);
  const context = { protocol: 'rest' as const, operation: operation.id, httpStatus: response.status };
  if (text.trim() === '') {
    if (shape === undefined || shape.kind === 'empty') return undefined;
    throw modelError(operation.id, '(body)', `a ${shape.kind}`, undefined);
  }
  if (shape?.kind === 'empty') return undefined;
  if (contentType(response.headers).includes('xml')) {
    let value: unknown;
    try {
      value = parseWcfXml(text);
    } catch (error) {
      throw new MailUpError({
        kind: 'permanent',
        protocol: 'rest',
        operation: operation.id,
        httpStatus: response.status,
        message: `${operation.id}: the XML answer does not parse (${(error as Error).message.slice(0, 80)})`,
      });
    }
    return shape ? checkResponse(shape, value, operation.id, 'xml') : value;
  }
  const value = parseJsonBody(text, context);
  return shape ? checkResponse(shape, value, operation.id, 'json') : value;
}

/**
 * Options of {@link RestClient}: core's {@link ClientConfig} (transport, clock, logger, retry policy, budget,
 * limiter, plugins, userAgent, timeoutMs, proxy) plus the REST facts.
 */
export interface RestClientOptions extends ClientConfig<HttpRequest, HttpResponse, Limiter> {
  /** Supplies the Bearer token (and refreshes it). */
  tokens: TokenManager;
  /** Default `https://services.mailup.com`. */
  baseUrl?: string;
  /**
   * With `limiter`: options of its quota step (e.g. the `account` the calls count against; default the limiter's
   * own account).
   */
  quota?: QuotaMiddlewareOptions;
  /** The OAuth client's id and secret, for PublicService (trial provisioning, HTTP Basic). */
  publicClient?: PublicClientCredentials;
}

/** A call outside the operation table, for {@link RestClient.request}. */
export interface RestRequest extends ClientCallOptions {
  /** Query parameters. */
  query?: Readonly<Record<string, string>>;
  /** JSON body. */
  body?: unknown;
  /** Answer format (default JSON); XML answers are parsed into plain values. */
  accept?: RestFormat;
  method: string;
  /** Path under the base URL, e.g. `/API/v1.1/Rest/ConsoleService.svc/Console/Group/12/Recipients`. */
  path: string;
  /** Default `read` for GET, `send` otherwise (never repeated once bytes may have left). */
  retryClass?: RetryClass;
}

/**
 * A REST Console client on core's client template: its operation table ({@link REST_OPERATIONS}), thin typed
 * methods and a generic {@link RestClient.request} on one pipeline (initialize → serialize → retry → quota → auth
 * → build → transport → deserialize). Give it a `limiter` and every call — retries included — reserves against
 * the API use policy rows first (`quotaPlugin(limiter)`), so the client never earns a 429 it could have avoided.
 *
 * @example
 * ```ts
 * const rest = new RestClient({ tokens: manager, baseUrl: emulator.urls.http, limiter: new Limiter({ account: 51234 }) });
 * const me = await rest.authenticationInfo();
 * ```
 */
export class RestClient {
  /** The call pipeline; add middleware here (or pass `plugins`). */
  readonly pipeline: Pipeline<unknown, unknown, RestCallRow>;
  /** The client template underneath (operation table, plugins applied). */
  readonly client: ProtocolClient<HttpRequest, HttpResponse, Limiter, RestCallRow>;

  constructor(options: RestClientOptions) {
    const baseUrl = trimBase(
      requireUrl('RestClient', 'baseUrl', options.baseUrl ?? DEFAULT_MAILUP_BASE_URL, 'rest').toString(),
    );
    const clock = options.clock ?? systemClock;
    const quota = options.quota;
    this.client = new ProtocolClient<HttpRequest, HttpResponse, Limiter, RestCallRow>({
      protocol: 'rest',
      operations: REST_OPERATIONS,
      config: options,
      createTransport: httpTransportFactory('rest'),
      serialize: (input, ctx) => serializeRest(baseUrl, ctx.operation, input),
      build: httpBuildMiddleware(),
      deserialize: (response, ctx) => {
        const { status } = response;
        if (status >= 200 && status < 300) return decode(response, ctx.operation);
        throw restResourceError(status, String(response.body), response.headers, ctx.operation.id, clock.now());
      },
      plugins: [bearerAuthPlugin(options.tokens), clientBasicPlugin(options.publicClient)],
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
    this.pipeline = this.client.pipeline;
    if (options.observer) {
      this.stopObserving = observeCredentialEvents(options.tokens.events, options.observer, {
        protocol: 'oauth',
        operation: 'oauth:token',
        clock,
      });
    }
    // The one place a typed method's result type meets the answer: decode checked it against the row's model,
    // whose type the method's result is (RestResult / PagedOperationOf read it from the same row). An input given
    // as a function is built inside the call's initialize step (its validation errors carry the call id). The row
    // is the table's, by reference (keyed by its name: nothing is searched).
    const send = <T>(
      operation: RestOperationName,
      input: RestInput | (() => RestInput),
      callOptions: RestCallOptions = {},
    ): Promise<T> => {
      const { accept } = callOptions;
      // No closure per call unless the input is built inside the call.
      const payload =
        typeof input === 'function'
          ? deferInput(() => withAccept(input(), accept))
          : accept
            ? withAccept(input, accept)
            : input;
      return this.client.call<T>(REST_OPERATIONS[operation], payload, callOptionsOf(callOptions));
    };
    const caller: RestCaller = { call: send, page: send };
    this.account = new AccountResources(caller);
    this.lists = new ListResources(caller);
    this.groups = new GroupResources(caller);
    this.imports = new ImportResources(caller);
    this.recipients = new RecipientsWithImport(caller, {
      imports: this.imports,
      clock,
      listOf: async (target) => {
        if (typeof target === 'number') return target;
        return undefined;
      },
    });
    this.emails = new EmailResources(caller);
    this.sendings = new SendingResources(caller);
    this.sms = new SmsResources(caller);
    this.smtpPlus = new SmtpPlusResources(caller);
    this.statistics = new StatisticsResources(caller);
  }

  /** Account info, details and public trial provisioning. */
  readonly account: AccountResources;
  /** Lists, countries, time zones. */
  readonly lists: ListResources;
  /** Groups of a list. */
  readonly groups: GroupResources;
  /** Recipients: add, subscribe, unsubscribe, remove, update, by status, fields, bulk import. */
  readonly recipients: RecipientsWithImport;
  /** Asynchronous imports and their status. */
  readonly imports: ImportResources;
  /** Email messages, tags, attachments, images, templates. */
  readonly emails: EmailResources;
  /** Email sendings, queues, stop / delete, history. */
  readonly sendings: SendingResources;
  /** Console SMS messages and sendings. */
  readonly sms: SmsResources;
  /** SMTP+ users and priorities. */
  readonly smtpPlus: SmtpPlusResources;
  /** MailStatistics lists and counts. */
  readonly statistics: StatisticsResources;

  /** `GET Console/Authentication/Info`. */
  authenticationInfo(options: ClientCallOptions = {}): Promise<AuthenticationInfo> {
    return this.account.info(options);
  }

  /** `GET Console/User/Lists`: one page of the lists the user can see (see also `rest.lists.ofUser()`). */
  userLists(options: PageOptions = {}): Promise<Collection<UserList>> {
    try {
      return this.lists.ofUser(options).page();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Any REST resource not in the table yet, on the same pipeline (retry, quota, auth, transport). The operation
   * name is `METHOD path-after-the-service` (e.g. `GET Console/Group/12/Recipients`), which the policy table and
   * errors use.
   */
  request<T = unknown>(call: RestRequest): Promise<T> {
    const method = typeof call?.method === 'string' ? call.method.toUpperCase() : '';
    if (!/^[A-Z]+$/.test(method))
      return Promise.reject(invalid('RestClient.request', 'method must be an HTTP method', 'rest'));
    if (typeof call.path !== 'string' || !call.path.startsWith('/') || /[\s#]/.test(call.path)) {
      return Promise.reject(invalid('RestClient.request', 'path must start with / (no spaces, no #fragment)', 'rest'));
    }
    const name = `${method} ${call.path.replace(/^\/API\/v[\d.]+\/Rest\/[^/]+\.svc\//i, '').replace(/\?.*$/, '')}`;
    const operation = {
      name,
      method,
      path: call.path,
      retryClass: call.retryClass ?? (method === 'GET' ? 'read' : 'send'),
    } as const;
    if (call.accept !== undefined && call.accept !== 'json' && call.accept !== 'xml') {
      return Promise.reject(invalid('RestClient.request', 'accept must be json or xml', 'rest'));
    }
    const input: RestInput = { query: call.query, body: call.body, ...(call.accept ? { accept: call.accept } : {}) };
    return this.client.request<T>(operation, input, callOptionsOf(call));
  }

  /** Closes the transport if this client created it and stops forwarding the token manager's events. */
  async close(): Promise<void> {
    this.stopObserving?.();
    await this.client.close();
  }

  private readonly stopObserving: (() => void) | undefined;
}
