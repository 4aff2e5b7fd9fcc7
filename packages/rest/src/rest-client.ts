import {
  type ClientCallOptions,
  type ClientConfig,
  type HttpRequest,
  type HttpResponse,
  httpBuildMiddleware,
  type OperationSpec,
  type Pipeline,
  ProtocolClient,
  parseJsonBody,
  type RetryClass,
  systemClock,
} from '@mailup-kit/core';
import { HttpTransport } from '@mailup-kit/core/node';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import { DEFAULT_MAILUP_BASE_URL, trimBase } from './endpoints.js';
import type { AuthenticationInfo, Collection, PageOptions, UserList } from './resources.js';
import { restResourceError } from './rest-error.js';
import { REST_OPERATIONS, type RestInput, serializeRest } from './rest-operations.js';
import { bearerAuthPlugin } from './rest-plugins.js';
import type { TokenManager } from './token-manager.js';
import { invalid, requireUrl } from './validate.js';

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
}

/** A call outside the operation table, for {@link RestClient.request}. */
export interface RestRequest extends RestInput, ClientCallOptions {
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
  readonly pipeline: Pipeline;
  /** The client template underneath (operation table, plugins applied). */
  readonly client: ProtocolClient<HttpRequest, HttpResponse, Limiter>;

  constructor(options: RestClientOptions) {
    const baseUrl = trimBase(
      requireUrl('RestClient', 'baseUrl', options.baseUrl ?? DEFAULT_MAILUP_BASE_URL, 'rest').toString(),
    );
    const clock = options.clock ?? systemClock;
    const quota = options.quota;
    this.client = new ProtocolClient<HttpRequest, HttpResponse, Limiter>({
      protocol: 'rest',
      operations: REST_OPERATIONS,
      config: options,
      createTransport: ({ logger, userAgent, timeoutMs, proxy }) =>
        new HttpTransport({
          protocol: 'rest',
          logger,
          ...(userAgent === undefined ? {} : { userAgent }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          ...(proxy === undefined ? {} : { proxy }),
        }),
      serialize: (operation, input) => serializeRest(baseUrl, operation, input),
      build: httpBuildMiddleware(),
      deserialize: (response, operation) => {
        const { status } = response;
        if (status >= 200 && status < 300) {
          return parseJsonBody(response.body, { protocol: 'rest', operation: operation.name, httpStatus: status });
        }
        throw restResourceError(status, String(response.body), response.headers, operation.name, clock.now());
      },
      plugins: [bearerAuthPlugin(options.tokens)],
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
    this.pipeline = this.client.pipeline;
  }

  /** `GET Console/Authentication/Info`. */
  authenticationInfo(options: ClientCallOptions = {}): Promise<AuthenticationInfo> {
    return this.client.call('GET Console/Authentication/Info', {}, options);
  }

  /** `GET Console/User/Lists`: one page of the lists the user can see. */
  async userLists(options: PageOptions = {}): Promise<Collection<UserList>> {
    const query: Record<string, string> = {};
    for (const name of ['pageSize', 'pageNumber'] as const) {
      const value = options[name];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 0 || (name === 'pageSize' && value === 0)) {
        throw invalid(
          'GET Console/User/Lists',
          `${name} must be a ${name === 'pageSize' ? 'positive' : 'non-negative'} integer`,
          'rest',
        );
      }
      query[name] = String(value);
    }
    return this.client.call('GET Console/User/Lists', { query }, { signal: options.signal });
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
    const name = `${method} ${call.path.replace(/^\/API\/v[\d.]+\/Rest\/[^/]+\.svc\//i, '')}`;
    const operation: OperationSpec = {
      name,
      method,
      path: call.path,
      retryClass: call.retryClass ?? (method === 'GET' ? 'read' : 'send'),
    };
    const input: RestInput = { query: call.query, body: call.body };
    return this.client.request<T>(operation, input, { signal: call.signal, timeoutMs: call.timeoutMs });
  }

  /** Closes the transport if this client created it. */
  close(): void {
    this.client.close();
  }
}
