import {
  type ClientTlsOptions,
  type Clock,
  type HttpResponse,
  type HttpSender,
  MailUpError,
  systemClock,
} from '@mailup-kit/core';
import { type HttpTransport, httpTransportFactory } from '@mailup-kit/core/node';
import { transportAttempt } from '@mailup-kit/core/pipeline';
import { DEFAULT_MAILUP_BASE_URL, OAUTH_ENDPOINTS, trimBase } from './endpoints.js';
import { tokenEndpointError } from './token-endpoint-error.js';
import { parseTokenResponse, type TokenSet } from './token-set.js';
import { invalid, requireText, requireUrl } from './validate.js';

function requireTimeout(operation: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(operation, 'timeoutMs must be a positive number of ms');
  }
  return value;
}

/** Where the client credentials go on the Token endpoint: form body, Basic header, or both (MailUp takes all). */
export type ClientCredentialsPlacement = 'body' | 'basic' | 'both';

/** Options of {@link OAuthClient}. */
export interface OAuthClientOptions {
  clientId: string;
  /** Required by the password and refresh grants. */
  clientSecret?: string;
  /** Default `https://services.mailup.com`; the emulator's `urls.http` in tests. */
  baseUrl?: string;
  /** Default: an own {@link HttpTransport} (closed by {@link OAuthClient.close}). */
  transport?: HttpSender;
  clock?: Clock;
  /**
   * Deadline of one Token endpoint exchange, ms (connect to last byte; default 15 000). A {@link TokenManager}
   * passes a shorter per-call deadline to {@link OAuthClient.refresh}, derived from its refresh lock's lease.
   */
  timeoutMs?: number;
  /** TLS of the default transport (extra CAs; verification is always on), as every client takes it. */
  tls?: ClientTlsOptions;
  /** Forward proxy of the default transport (default: from the environment), as every client takes it. */
  proxy?: string | false;
  /** `user-agent` of the default transport. */
  userAgent?: string;
}

/** Per-call options of {@link OAuthClient.refresh}. */
export interface RefreshOptions {
  /** Deadline of this Token call, ms; overrides the client's `timeoutMs` (the TokenManager sets it). */
  timeoutMs?: number;
}

/** Options of {@link OAuthClient.exchangeCode}. */
export interface CodeExchangeOptions {
  code: string;
  /** Sent with the POST exchange (must match the LogOn request). */
  redirectUri?: string;
  /** `POST` (standard form, default) or `GET` (`?code=…&grant_type=authorization_code`, MailUp's samples). */
  method?: 'POST' | 'GET';
  signal?: AbortSignal;
}

/** Options of {@link OAuthClient.passwordGrant}. */
export interface PasswordGrantOptions {
  username: string;
  /** Used for this one request and never kept (API use policy). */
  password: string;
  credentials?: ClientCredentialsPlacement;
  signal?: AbortSignal;
}

/**
 * The three grants MailUp's authorization server supports: authorization code (POST and the GET variant),
 * resource owner password, and refresh (rotating). Each returns a {@link TokenSet}; failures are typed
 * MailUpErrors (`invalid_grant` ⇒ `reauthorization-required`, 429 ⇒ `throttled`, a lost answer ⇒ `ambiguous`).
 *
 * @example
 * ```ts
 * const oauth = new OAuthClient({ clientId, clientSecret, baseUrl: emulator.urls.http });
 * const tokens = await oauth.passwordGrant({ username: 'm51234', password });
 * ```
 */
export class OAuthClient {
  readonly clientId: string;
  readonly baseUrl: string;
  // Secrets live in ES private fields: invisible to util.inspect (even showHidden), JSON.stringify and Object.keys.
  readonly #clientSecret: string | undefined;
  readonly #timeoutMs: number | undefined;
  private readonly transport: HttpSender;
  private readonly ownsTransport: boolean;
  private readonly clock: Clock;

  constructor(options: OAuthClientOptions) {
    this.clientId = requireText('OAuthClient', 'clientId', options.clientId);
    this.#timeoutMs = options.timeoutMs;
    this.#clientSecret =
      options.clientSecret === undefined ? undefined : requireText('OAuthClient', 'clientSecret', options.clientSecret);
    this.baseUrl = trimBase(
      requireUrl('OAuthClient', 'baseUrl', options.baseUrl ?? DEFAULT_MAILUP_BASE_URL).toString(),
    );
    this.ownsTransport = options.transport === undefined;
    this.transport =
      options.transport ??
      httpTransportFactory('oauth')({ tls: options.tls, proxy: options.proxy, userAgent: options.userAgent });
    this.clock = options.clock ?? systemClock;
    if (options.timeoutMs !== undefined) requireTimeout('OAuthClient', options.timeoutMs);
  }

  /** Exchanges an authorization code for tokens (POST form by default, or MailUp's GET variant). */
  async exchangeCode(options: CodeExchangeOptions): Promise<TokenSet> {
    const op = 'Token authorization_code';
    const code = requireText(op, 'code', options.code);
    if (options.redirectUri !== undefined) requireUrl(op, 'redirectUri', options.redirectUri);
    if (options.method === 'GET') {
      const query = new URLSearchParams({ code, grant_type: 'authorization_code' });
      return this.call(op, 'GET', `?${query}`, undefined, {}, options.signal);
    }
    const form: Record<string, string> = { grant_type: 'authorization_code', code, client_id: this.clientId };
    if (this.#clientSecret !== undefined) form.client_secret = this.#clientSecret;
    if (options.redirectUri !== undefined) form.redirect_uri = options.redirectUri;
    return this.call(op, 'POST', '', form, {}, options.signal);
  }

  /** Resource owner password grant: the password is sent once and not kept anywhere. */
  async passwordGrant(options: PasswordGrantOptions): Promise<TokenSet> {
    const op = 'Token password';
    const username = requireText(op, 'username', options.username);
    const password = requireText(op, 'password', options.password);
    const form: Record<string, string> = { grant_type: 'password', username, password };
    try {
      return await this.call(
        op,
        'POST',
        '',
        ...this.withClient(op, form, options.credentials ?? 'both'),
        options.signal,
      );
    } catch (error) {
      // For the password grant, invalid_grant means wrong credentials, not a dead refresh token.
      if (MailUpError.is(error, 'reauthorization-required')) {
        throw error.with({
          kind: 'auth-invalid',
          operation: op,
          message: `${error.message} (wrong username or password?)`,
          cause: undefined,
        });
      }
      throw error;
    }
  }

  /**
   * Refresh grant: MailUp rotates the refresh token; the answer carries the new one (keep the old if absent).
   * `options.timeoutMs` (the TokenManager's lease-bound deadline) overrides the client's `timeoutMs`.
   */
  async refresh(refreshToken: string, signal?: AbortSignal, options: RefreshOptions = {}): Promise<TokenSet> {
    const op = 'Token refresh_token';
    const form: Record<string, string> = {
      grant_type: 'refresh_token',
      refresh_token: requireText(op, 'refreshToken', refreshToken),
    };
    const timeoutMs = options.timeoutMs === undefined ? undefined : requireTimeout(op, options.timeoutMs);
    return this.call(op, 'POST', '', ...this.withClient(op, form, 'body'), signal, timeoutMs);
  }

  /** Closes the transport if this client created it. */
  async close(): Promise<void> {
    if (this.ownsTransport) (this.transport as HttpTransport).close();
  }

  private withClient(
    op: string,
    form: Record<string, string>,
    placement: ClientCredentialsPlacement,
  ): [Record<string, string>, Record<string, string>] {
    const secret = requireText(op, 'clientSecret', this.#clientSecret);
    const headers: Record<string, string> = {};
    if (placement !== 'basic') {
      form.client_id = this.clientId;
      form.client_secret = secret;
    }
    if (placement !== 'body') {
      const pair = `${encodeURIComponent(this.clientId)}:${encodeURIComponent(secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    return [form, headers];
  }

  private async call(
    operation: string,
    method: 'GET' | 'POST',
    query: string,
    form: Record<string, string> | undefined,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    timeoutMs?: number,
  ): Promise<TokenSet> {
    const response: HttpResponse = await this.transport.send(
      {
        method,
        url: `${this.baseUrl}${OAUTH_ENDPOINTS.token}${query}`,
        headers: {
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      },
      transportAttempt({
        operation,
        signal,
        timeoutMs: timeoutMs ?? this.#timeoutMs ?? 15_000,
        clock: this.clock,
      }),
    );
    const body = String(response.body);
    const now = this.clock.now();
    // MailUp documents 200 or 302 as success on the authorization server.
    if (response.status === 200 || response.status === 302) {
      return parseTokenResponse(body, response.headers, now, operation);
    }
    throw tokenEndpointError(response.status, body, response.headers, operation, now);
  }
}
