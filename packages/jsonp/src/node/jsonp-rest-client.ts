import {
  type ClientCallOptions,
  type ClientConfig,
  type HttpRequest,
  type HttpResponse,
  MailUpError,
} from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import {
  type BearerTokens,
  bearerAuthMiddleware,
  callOptionsOf,
  httpBuildMiddleware,
  ProtocolClient,
} from '@mailup-kit/core/pipeline';
import { type Limiter, quotaPlugin } from '@mailup-kit/limits';
import { assertCallbackName, newCallbackName } from '../callback-name.js';
import { FetchTransport } from '../fetch-transport.js';
import { parseJsonp } from '../parse-jsonp.js';

/** Options of {@link JsonpRestClient}. */
export interface JsonpRestClientOptions extends ClientConfig<HttpRequest, HttpResponse, Limiter> {
  tokens: BearerTokens;
  /** Default `https://services.mailup.com`. */
  baseUrl?: string;
}

/** One JSONP GET. */
export interface JsonpGet extends ClientCallOptions {
  /** Path under the base URL, e.g. `/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists`. */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Callback name (default a fresh unique one). */
  callback?: string;
}

const CREDENTIAL_PARAMS = /^(access_token|bearer|authorization|token|client_secret|password|refresh_token)$/i;

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'jsonp', operation, message });
}

/**
 * WCF JSONP on REST GETs (REFERENCE §5.2) from Node: `GET <path>?callback=<name>` with the bearer token in the
 * `Authorization` header (never in the URL: credential query parameters are refused), the answer read by
 * {@link parseJsonp} without evaluating it. Error answers (`name(<json>,<status>)` or a plain error status) become
 * the REST MailUpErrors (`auth-expired` refreshes once and retries). Runs on core's client template: retry, quota
 * (`limiter`, the JSONP policy row), transport.
 *
 * @example
 * ```ts
 * const jsonp = new JsonpRestClient({ tokens: manager, baseUrl: emulator.urls.http });
 * const lists = await jsonp.get({ path: '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists' });
 * ```
 */
export class JsonpRestClient {
  readonly client: ProtocolClient<HttpRequest, HttpResponse, Limiter>;
  private readonly baseUrl: string;

  constructor(options: JsonpRestClientOptions) {
    if (!options?.tokens || typeof options.tokens.getAccessToken !== 'function') {
      throw invalid('JsonpRestClient', 'tokens.getAccessToken() is required');
    }
    let url: URL;
    try {
      url = new URL(options.baseUrl ?? 'https://services.mailup.com');
    } catch {
      throw invalid('JsonpRestClient', 'baseUrl must be an absolute URL');
    }
    if (url.search || url.hash || url.username) throw invalid('JsonpRestClient', 'baseUrl must be an origin');
    if (options.tls !== undefined && options.transport === undefined) {
      // The default transport is fetch (the root entry runs in a browser too): it cannot take a CA.
      throw invalid(
        'JsonpRestClient',
        "tls needs an HTTP transport: pass transport: new HttpTransport({ protocol: 'jsonp', tls }) from @mailup-kit/core/node",
      );
    }
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.client = new ProtocolClient<HttpRequest, HttpResponse, Limiter>({
      protocol: 'jsonp',
      operations: [],
      config: options,
      createTransport: ({ userAgent, timeoutMs }) =>
        new FetchTransport({
          ...(userAgent === undefined ? {} : { userAgent }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        }),
      serialize: (input) => input as HttpRequest,
      build: httpBuildMiddleware(),
      deserialize: (response, ctx) => {
        const operation = ctx.operation;
        const callback = new URL((ctx.request as HttpRequest).url).searchParams.get('callback') ?? '';
        const text = String(response.body ?? '');
        const request = { method: 'GET', url: (ctx.request as HttpRequest).url };
        if (response.status < 200 || response.status > 299) {
          throw restError(response.status, text, {
            protocol: 'jsonp',
            operation: operation.id,
            request,
            headers: response.headers,
          });
        }
        const answer = parseJsonp(text, callback, operation.id);
        if (answer.status !== undefined && (answer.status < 200 || answer.status > 299)) {
          throw restError(answer.status, JSON.stringify(answer.data), {
            protocol: 'jsonp',
            operation: operation.id,
            request,
          });
        }
        return answer.data;
      },
      plugins: [
        {
          name: 'jsonp:auth',
          middleware: [{ step: 'auth', name: 'jsonp:auth', middleware: bearerAuthMiddleware(options.tokens) }],
        },
      ],
      limiterPlugin: (limiter) => quotaPlugin(limiter),
    });
  }

  /** A REST GET as JSONP; resolves with the JSON the callback was given. */
  get<T = unknown>(call: JsonpGet): Promise<T> {
    const op = 'JsonpRestClient.get';
    try {
      if (typeof call?.path !== 'string' || !call.path.startsWith('/') || /[\s#?\r\n]/.test(call.path)) {
        throw invalid(op, 'path must start with / (no spaces, no query, no #fragment)');
      }
      const callback = call.callback === undefined ? newCallbackName() : assertCallbackName(call.callback, op);
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(call.query ?? {})) {
        if (typeof value !== 'string' || /[\r\n]/.test(value) || /[\r\n]/.test(key)) {
          throw invalid(op, 'query values must be strings without CR/LF');
        }
        if (key.toLowerCase() === 'callback') throw invalid(op, 'pass the callback as call.callback');
        if (CREDENTIAL_PARAMS.test(key))
          throw invalid(op, 'a bearer token is never put in a URL (it goes in the header)');
        query.set(key, value);
      }
      query.set('callback', callback);
      const name = `GET ${call.path.replace(/^\/API\/v[\d.]+\/Rest\/[^/]+\.svc\//i, '')}`;
      const request: HttpRequest = {
        method: 'GET',
        url: `${this.baseUrl}${call.path}?${query}`,
        headers: { accept: 'application/javascript, application/json;q=0.9' },
      };
      return this.client.request<T>(
        { name, method: 'GET', path: call.path, retryClass: 'read' },
        request,
        callOptionsOf(call),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Closes the transport if this client created it. */
  async close(): Promise<void> {
    await this.client.close();
  }
}
