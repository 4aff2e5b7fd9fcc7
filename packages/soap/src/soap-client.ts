import {
  type ClientCallOptions,
  type ClientConfig,
  type Logger,
  MailUpError,
  silentLogger,
  systemClock,
} from '@mailup-kit/core';
import { observeCredentialEvents, type TokenStore } from '@mailup-kit/core/credentials';
import { httpTransportFactory } from '@mailup-kit/core/node';
import { type Middleware, operationRow, type Pipeline, ProtocolClient } from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import { AccessKeySession } from './access-key-session.js';
import type { InnerXmlLimits } from './inner-xml.js';
import { decodeResult, type ResultSchema } from './result-schema.js';
import {
  type ManageInputs,
  type ManageResults,
  type ReportInputs,
  type ReportResults,
  type SendInputs,
  type SendResults,
  SOAP_ROWS,
  SOAP_SERVICES,
  type SoapRow,
  type SoapServiceName,
} from './service-table.js';
import { orderedArgs } from './soap-args.js';
import { type SoapCallResult, soapResult } from './soap-result.js';
import { SoapTransport, type SoapVersion, type SoapWireRequest, type SoapWireResponse } from './soap-transport.js';

/** The three access-key services. */
export type KeyedService = 'MailupSend' | 'MailupManage' | 'MailupReport';

/** Default host of MailUpSend / MailUpManage / MailUpReport. */
export const DEFAULT_SOAP_BASE_URL = 'https://wsvc.ss.mailup.it';

/** Options of {@link SoapClient}: core's {@link ClientConfig} plus the SOAP facts. */
export interface SoapClientOptions extends ClientConfig<SoapWireRequest, SoapWireResponse, Limiter> {
  /** The API user (`a1234`), its bare id (`1234`) or a console user (`m1234`). */
  user: string;
  password: string;
  /** Console id (default: the digits of `user`). */
  consoleId?: number;
  /** Host of the three services (default {@link DEFAULT_SOAP_BASE_URL}); paths are MailUp's. */
  baseUrl?: string;
  /** Per-service endpoint overrides (absolute URLs). */
  endpoints?: Partial<Record<KeyedService, string>>;
  /** SOAP 1.1 (default) or 1.2. */
  soapVersion?: SoapVersion;
  /**
   * Log in with the deprecated `Login(user, pwd, url)` instead of `LoginFromId`: `url` is the bare console host
   * (`abcd.emailsp.net`). Logged once as a warning.
   */
  deprecatedLogin?: { url: string };
  /** Where the access key is kept: a file or Redis store shares one key across processes (default memory). */
  tokenStore?: TokenStore;
  /** Key of the access key in the store (default `soap:access-key:<consoleId>:<user>`). */
  sessionKey?: string;
  /**
   * Call `Logout` on {@link SoapClient.close}. Default: true with the private memory store, false with a
   * `tokenStore` (other processes share that key: logging it out would break their calls).
   */
  logoutOnClose?: boolean;
  /** With `limiter`: options of its quota step (e.g. `account`). */
  quota?: QuotaMiddlewareOptions;
  /** Response size cap of the default HTTP transport, bytes (default 20 MiB). */
  maxResponseBytes?: number;
  /** Caps of the inner result document. */
  innerXml?: InnerXmlLimits;
}

/** One list of GetLists / GetListsUser (`listID` a number; `listGUID` present when the server sends it). */
export type SoapList = SendResults['GetLists']['lists']['list'][number];

/** One group of GetGroups (`groupID`, `listID` numbers). */
export type SoapGroup = SendResults['GetGroups']['groups']['group'][number];

/** What a typed call resolves with: the typed result document, or the number of an `int` result. */
export type SoapReturn<R> = R extends number ? number : SoapCallResult<R>;

/** A typed view of one service: `call(method, args)` for every row of the operation table. */
export interface ServiceCaller<Inputs, Results> {
  /**
   * Calls `method` with its typed arguments (derived from the table's parameters); resolves with the result typed by
   * the method's result schema (`data`, plus the `raw` document), or a number for the `int` results (SendMessageNL,
   * CloneMessage).
   */
  call<M extends keyof Inputs & keyof Results & string>(
    method: M,
    args: Inputs[M],
    options?: ClientCallOptions,
  ): Promise<SoapReturn<Results[M]>>;
}

const SESSION_OPS = new Set(['Login', 'LoginFromId', 'Logout']);

/** A consoleId from `a1234`, `m1234` or `1234`. */
function consoleIdOf(user: string): number | undefined {
  const m = /^[a-z]?(\d+)$/i.exec(user.trim());
  return m ? Number(m[1]) : undefined;
}

function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'soap', operation, message });
}

/** What the template carries as a call's input: the method's arguments (the policy rows read e.g. `type`). */
type SoapArgs = Record<string, unknown> | undefined;

/** The result schema of an escape-hatch method (none in the table): its `data` is the raw decoded document. */
const RAW_DOCUMENT: ResultSchema = Object.freeze({});

/**
 * The row of a method the table does not list (the escape hatch): its arguments as strings after the access key,
 * retry class `send`.
 */
function adHocRow(service: KeyedService, method: string, args: SoapArgs): SoapRow {
  return operationRow('soap', {
    name: `${service}.${method}`,
    service,
    method,
    params: [
      { name: 'accessKey', type: 'string' as const },
      ...Object.keys(args ?? {}).map((n) => ({ name: n, type: 'string' as const })),
    ],
    result: 'string' as const,
    schema: RAW_DOCUMENT,
    retryClass: 'send' as const,
    auth: 'access-key' as const,
    policy: method,
  });
}

/** Logout runs without the session's key: it names the key it ends. */
const LOGOUT_ROW: SoapRow = operationRow('soap', { ...SOAP_ROWS.MailupSend.Logout, auth: 'none' as const });

/** The three access-key services' rows, keyed by service then method. */
const KEYED_ROWS: Readonly<Record<KeyedService, Readonly<Record<string, SoapRow>>>> = SOAP_ROWS;

/**
 * The MailUpSend / MailUpManage / MailUpReport client on core's client template: every operation of the three
 * services is a row of {@link SOAP_OPERATIONS} (typed arguments per method through {@link SoapClient.send},
 * {@link SoapClient.manage} and {@link SoapClient.report}), one pipeline (serialize → retry → quota → auth → build
 * → transport → deserialize), envelopes rendered from the table over core's HTTP transport, results typed by each operation's result schema, and one 60-minute access
 * key per API user kept by an {@link AccessKeySession} (shared across processes through `tokenStore`). The key
 * from LoginFromId serves all three services; an expired-key answer renews it once and repeats the call.
 *
 * @example
 * ```ts
 * const soap = new SoapClient({ user: 'a51234', password: process.env.MAILUP_API_PASSWORD!, baseUrl: emulator.urls.http });
 * const lists = await soap.getLists();
 * await soap.close(); // Logout
 * ```
 */
export class SoapClient {
  /** The call pipeline (add middleware here, or pass `plugins`). */
  readonly pipeline: Pipeline<unknown, unknown, SoapRow>;
  /** The client template underneath. */
  readonly client: ProtocolClient<SoapWireRequest, SoapWireResponse, Limiter, SoapRow>;
  /** The access-key session (shared by the three services). */
  readonly session: AccessKeySession;
  /** Typed calls to MailUpSend. */
  readonly send: ServiceCaller<SendInputs, SendResults>;
  /** Typed calls to MailUpManage. */
  readonly manage: ServiceCaller<ManageInputs, ManageResults>;
  /** Typed calls to MailUpReport. */
  readonly report: ServiceCaller<ReportInputs, ReportResults>;
  private readonly logger: Logger;
  private readonly logoutOnClose: boolean;
  private warnedLogin = false;
  private closed = false;

  constructor(options: SoapClientOptions) {
    if (!options || typeof options.user !== 'string' || options.user.trim() === '') {
      throw invalid('SoapClient', 'user is required (a1234, 1234 or m1234)');
    }
    if (typeof options.password !== 'string' || options.password === '')
      throw invalid('SoapClient', 'password is required');
    const consoleId = options.consoleId ?? consoleIdOf(options.user);
    if (consoleId === undefined || !Number.isInteger(consoleId) || consoleId <= 0) {
      throw invalid('SoapClient', 'consoleId is required when user has no numeric id (a1234 ⇒ 1234)');
    }
    if (options.deprecatedLogin && !/^[a-z0-9.-]+$/i.test(options.deprecatedLogin.url ?? '')) {
      throw invalid('SoapClient', 'deprecatedLogin.url must be the bare console host (abcd.emailsp.net), not a URL');
    }
    const user = /^\d+$/.test(options.user.trim()) ? `a${options.user.trim()}` : options.user.trim();
    const base = (options.baseUrl ?? DEFAULT_SOAP_BASE_URL).replace(/\/+$/, '');
    const endpoints: Partial<Record<SoapServiceName, string>> = {};
    for (const service of ['MailupSend', 'MailupManage', 'MailupReport'] as const) {
      const url = options.endpoints?.[service] ?? `${base}${SOAP_SERVICES[service].path}`;
      try {
        new URL(url);
      } catch {
        throw invalid('SoapClient', `the ${service} endpoint is not an absolute URL`);
      }
      endpoints[service] = url;
    }
    this.logger = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    this.logoutOnClose = options.logoutOnClose ?? options.tokenStore === undefined;
    const innerXml = options.innerXml;
    this.client = new ProtocolClient<SoapWireRequest, SoapWireResponse, Limiter, SoapRow>({
      protocol: 'soap',
      operations: [
        ...Object.values(SOAP_ROWS.MailupSend),
        ...Object.values(SOAP_ROWS.MailupManage),
        ...Object.values(SOAP_ROWS.MailupReport),
      ],
      config: options,
      createTransport: (settings) =>
        new SoapTransport({
          http: httpTransportFactory(
            'soap',
            options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {},
          )(settings),
          endpoints,
          soapVersion: options.soapVersion ?? '1.1',
        }),
      serialize: (input, ctx) => {
        const row = ctx.operation;
        // Checked once, here, before the quota step and any I/O, in WSDL order with the access key's place held
        // empty; the build step only fills the key in.
        const args = orderedArgs(row, input as SoapArgs, row.auth === 'access-key' ? { accessKey: '' } : {});
        return { service: row.service, method: row.method, args };
      },
      build: buildStep,
      deserialize: (response, ctx) => {
        const row = ctx.operation;
        if (row.result === 'int') {
          const n = typeof response.result === 'number' ? response.result : Number(response.result);
          if (!Number.isInteger(n))
            throw invalid(row.id, `${row.method} answered a non-integer result`).with({ kind: 'permanent' });
          return n;
        }
        const result = soapResult(String(response.result ?? ''), row.method, undefined, innerXml);
        // a method the table lists is read through its result schema; the escape hatch's stays the raw document
        const data =
          row.schema === RAW_DOCUMENT
            ? result.data
            : decodeResult(row.schema, result.data, { protocol: 'soap', operation: row.id });
        return { ...result, data, raw: result.data } satisfies SoapCallResult<unknown>;
      },
      plugins: [],
      limiterPlugin: (limiter) => quotaPlugin(limiter, options.quota),
    });
    this.pipeline = this.client.pipeline;
    this.pipeline.stack.add(this.authStep(), { step: 'auth', name: 'soap:access-key' });
    this.session = new AccessKeySession({
      key: options.sessionKey ?? `soap:access-key:${consoleId}:${user.toLowerCase()}`,
      ...(options.tokenStore ? { store: options.tokenStore } : {}),
      clock,
      logger: this.logger,
      login: async (call) => {
        const deprecated = options.deprecatedLogin;
        if (deprecated && !this.warnedLogin) {
          this.warnedLogin = true;
          this.logger.warn({}, 'mailup-kit: SOAP Login is deprecated since MailUp 7.4; use LoginFromId');
        }
        const issuedAt = clock.now();
        const result = deprecated
          ? await this.run<SendResults['Login']>(
              SOAP_ROWS.MailupSend.Login,
              { user, pwd: options.password, url: deprecated.url },
              call,
            )
          : await this.run<SendResults['LoginFromId']>(
              SOAP_ROWS.MailupSend.LoginFromId,
              { user, pwd: options.password, consoleId },
              call,
            );
        return { accessKey: result.data.accessKey, issuedAt };
      },
    });
    if (options.observer) {
      this.stopObserving = observeCredentialEvents(this.session.cache.events, options.observer, {
        protocol: 'soap',
        operation: options.deprecatedLogin ? 'soap:MailupSend.Login' : 'soap:MailupSend.LoginFromId',
        clock,
      });
    }
    const caller = <I, R>(service: KeyedService): ServiceCaller<I, R> => ({
      call: <M extends keyof I & keyof R & string>(method: M, args: I[M], callOptions?: ClientCallOptions) =>
        this.call<SoapReturn<R[M]>>(service, method, args as Record<string, unknown>, callOptions),
    });
    this.send = caller<SendInputs, SendResults>('MailupSend');
    this.manage = caller<ManageInputs, ManageResults>('MailupManage');
    this.report = caller<ReportInputs, ReportResults>('MailupReport');
  }

  /** GetLists (MailUpSend): the lists of the account. */
  async getLists(options?: ClientCallOptions): Promise<SoapList[]> {
    return (await this.send.call('GetLists', {}, options)).data.lists.list;
  }

  /** GetGroups (MailUpSend) of a list. */
  async getGroups(listID: number, options?: ClientCallOptions): Promise<SoapGroup[]> {
    return (await this.send.call('GetGroups', { listID }, options)).data.groups.group;
  }

  /**
   * The escape hatch: any method of a service on the same pipeline (retry, quota, auth, transport). A method in the
   * table is checked against its parameters and its `data` typed at run time by its schema; another method's `data`
   * is the raw decoded document. The access key is added where the method takes one.
   */
  request(
    service: KeyedService,
    operation: string,
    args: Record<string, unknown> = {},
    options?: ClientCallOptions,
  ): Promise<SoapCallResult<unknown> | number> {
    return this.call(service, operation, args, options);
  }

  /** Logs the session out (when configured, see {@link SoapClientOptions.logoutOnClose}) and closes the transport. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const key = this.session.current();
    if (this.logoutOnClose && key) {
      try {
        await this.run(LOGOUT_ROW, { accessKey: key });
        await this.session.forget();
      } catch (error) {
        this.logger.warn(
          { error: MailUpError.is(error) ? error.kind : 'unknown' },
          'mailup-kit: SOAP Logout failed on close',
        );
      }
    }
    this.stopObserving?.();
    await this.session.close();
    await this.client.close();
  }

  private readonly stopObserving: (() => void) | undefined;

  private call<T = SoapCallResult<unknown> | number>(
    service: KeyedService,
    method: string,
    args: Record<string, unknown> | undefined,
    options?: ClientCallOptions,
  ): Promise<T> {
    if (SESSION_OPS.has(method)) {
      return Promise.reject(
        invalid(`soap:${service}.${method}`, `${method} is managed by the session (see SoapClient.session)`),
      );
    }
    const rows = KEYED_ROWS[service];
    const row = rows && Object.hasOwn(rows, method) ? rows[method] : undefined;
    if (!row) {
      if (typeof method !== 'string' || !/^[A-Za-z_]\w{0,99}$/.test(method)) {
        return Promise.reject(invalid(`soap:${service}.request`, 'the method must be a plain name'));
      }
      for (const name of Object.keys(args ?? {})) {
        if (!/^[A-Za-z_][\w.-]{0,99}$/.test(name)) {
          return Promise.reject(
            invalid(`soap:${service}.${method}`, `argument "${name.slice(0, 40)}" is not a plain name`),
          );
        }
      }
      return this.client.call<T>(adHocRow(service, method, args), args, options);
    }
    return this.client.call<T>(row, args, options);
  }

  /** A session call (Login*, Logout): no access key from the session, straight through the pipeline. */
  private run<T = unknown>(
    row: SoapRow,
    args: Record<string, unknown>,
    call?: { signal: AbortSignal; timeoutMs: number },
  ) {
    return this.client.call<SoapCallResult<T>>(
      row,
      args,
      call ? { signal: call.signal, timeoutMs: call.timeoutMs } : {},
    );
  }

  private authStep(): Middleware<unknown, SoapRow> {
    return async (ctx, next) => {
      if (ctx.operation.auth !== 'access-key') {
        ctx.credentials = undefined;
        return next();
      }
      const caller = { callId: ctx.callId, parentCallId: ctx.parentCallId, attempt: ctx.attempt };
      const key = await this.session.accessKey(ctx.signal, caller);
      ctx.credentials = { accessKey: key };
      try {
        return await next();
      } catch (error) {
        if (MailUpError.is(error, 'auth-expired')) await this.session.rejected(key, ctx.signal, caller);
        throw error;
      }
    };
  }
}

/**
 * The build step: the arguments the serialize step checked (in WSDL order, the access key's place held) with the
 * session's access key filled in; nothing is checked again.
 */
const buildStep: Middleware<unknown, SoapRow> = async (ctx, next) => {
  const request = ctx.request as SoapWireRequest;
  const accessKey = (ctx.credentials as { accessKey?: string } | undefined)?.accessKey;
  ctx.wire =
    ctx.operation.auth === 'access-key' && accessKey !== undefined
      ? ({ ...request, args: { ...request.args, accessKey } } satisfies SoapWireRequest)
      : request;
  return next();
};
