import {
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type HttpSender,
  HttpTransport,
  type Logger,
  MailUpError,
  Pipeline,
  type RetryPolicy,
  retryPolicy,
  systemClock,
  transportMiddleware,
} from '@mailup-kit/core';
import { bearerAuthMiddleware } from './auth-middleware.js';
import { CONSOLE_PATH, DEFAULT_MAILUP_BASE_URL, trimBase } from './endpoints.js';
import type { AuthenticationInfo, Collection, PageOptions, UserList } from './resources.js';
import { restResourceError } from './rest-error.js';
import type { TokenManager } from './token-manager.js';
import { invalid, requireUrl } from './validate.js';

/** Options of {@link RestClient}. */
export interface RestClientOptions {
  /** Supplies the Bearer token (and refreshes it). */
  tokens: TokenManager;
  /** Default `https://services.mailup.com`. */
  baseUrl?: string;
  /** Default: an own {@link HttpTransport} (closed by {@link RestClient.close}). */
  transport?: HttpSender;
  clock?: Clock;
  logger?: Logger;
  /** Overrides of the default retry policy. */
  retryPolicy?: Partial<RetryPolicy>;
}

const READS = { 'GET Console/Authentication/Info': 'read', 'GET Console/User/Lists': 'read' } as const;

/**
 * A minimal REST Console client on the core pipeline (initialize → serialize → retry → quota → auth → transport →
 * deserialize): the resources the authentication issue needs. Add quota or other middleware through `pipeline`.
 *
 * @example
 * ```ts
 * const rest = new RestClient({ tokens: manager, baseUrl: emulator.urls.http });
 * const me = await rest.authenticationInfo();
 * ```
 */
export class RestClient {
  /** The call pipeline; other packages add middleware (e.g. the quota step) here. */
  readonly pipeline: Pipeline;
  private readonly baseUrl: string;
  private readonly transport: HttpSender;
  private readonly ownsTransport: boolean;

  constructor(options: RestClientOptions) {
    this.baseUrl = trimBase(requireUrl('RestClient', 'baseUrl', options.baseUrl ?? DEFAULT_MAILUP_BASE_URL).toString());
    this.ownsTransport = options.transport === undefined;
    this.transport = options.transport ?? new HttpTransport({ protocol: 'rest', logger: options.logger });
    const clock = options.clock ?? systemClock;
    this.pipeline = new Pipeline({
      protocol: 'rest',
      clock,
      logger: options.logger,
      retryPolicy: retryPolicy({ ...options.retryPolicy, classes: { ...READS, ...options.retryPolicy?.classes } }),
    });
    this.pipeline.stack
      .add(
        async (ctx, next) => {
          ctx.request = ctx.input;
          return next();
        },
        { step: 'serialize', name: 'rest:serialize' },
      )
      .add(bearerAuthMiddleware(options.tokens), { step: 'auth', name: 'rest:auth' })
      .add(transportMiddleware(this.transport), { step: 'transport', name: 'core:transport' })
      .add(
        async (ctx) => {
          const response = ctx.response as HttpResponse;
          const body = String(response.body);
          if (response.status >= 200 && response.status < 300) return body === '' ? undefined : JSON.parse(body);
          throw restResourceError(response.status, body, response.headers, ctx.operation, clock.now());
        },
        { step: 'deserialize', name: 'rest:json' },
      );
  }

  /** `GET Console/Authentication/Info`. */
  authenticationInfo(options: { signal?: AbortSignal } = {}): Promise<AuthenticationInfo> {
    return this.get('GET Console/Authentication/Info', '/Authentication/Info', undefined, options.signal);
  }

  /** `GET Console/User/Lists`: one page of the lists the user can see. */
  async userLists(options: PageOptions = {}): Promise<Collection<UserList>> {
    const query = new URLSearchParams();
    for (const name of ['pageSize', 'pageNumber'] as const) {
      const value = options[name];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 0 || (name === 'pageSize' && value === 0)) {
        throw invalid(
          'GET Console/User/Lists',
          `${name} must be a ${name === 'pageSize' ? 'positive' : 'non-negative'} integer`,
        );
      }
      query.set(name, String(value));
    }
    return this.get('GET Console/User/Lists', '/User/Lists', query, options.signal);
  }

  /** Closes the transport if this client created it. */
  close(): void {
    if (this.ownsTransport) (this.transport as HttpTransport).close();
  }

  private get<T>(
    operation: string,
    path: string,
    query: URLSearchParams | undefined,
    signal?: AbortSignal,
  ): Promise<T> {
    const qs = query && [...query.keys()].length ? `?${query}` : '';
    const request: HttpRequest = {
      method: 'GET',
      url: `${this.baseUrl}${CONSOLE_PATH}${path}${qs}`,
      headers: { accept: 'application/json' },
    };
    return this.pipeline.call<T>(operation, request, { signal }).catch((error: unknown) => {
      if (error instanceof SyntaxError) {
        throw new MailUpError({
          kind: 'permanent',
          protocol: 'rest',
          operation,
          message: `${operation}: invalid JSON`,
        });
      }
      throw error;
    });
  }
}
