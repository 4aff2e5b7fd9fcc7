import { type CallObserver, type Clock, MailUpError, systemClock } from '@mailup-kit/core';
import { MemoryTokenStore, type TokenStore } from '@mailup-kit/core/credentials';
import { FrontendClient } from '@mailup-kit/frontend';
import { Limiter } from '@mailup-kit/limits';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { ImportClient, SoapClient } from '@mailup-kit/soap';
import { SendApiClient, SmsClient } from '@mailup-kit/transactional';
import type { Via } from '../catalogue/binding.js';
import type { MailUpConfig } from './config.js';

/**
 * The facade's configured protocol clients (each one a candidate transport) and the facts bindings need. A member
 * is absent when its credentials were not configured. Bindings receive this object.
 */
export interface Members {
  /** The account id as the limiter and the switched-off memory key it. */
  readonly account: string;
  readonly clock: Clock;
  readonly rest?: RestClient;
  /** The OAuth client (log in with it; `tokens.save(...)` keeps the grant). */
  readonly oauth?: OAuthClient;
  readonly tokens?: TokenManager;
  /** Where the REST tokens live (read by eligibility without renewing anything). */
  readonly tokenStore?: TokenStore;
  readonly soap?: SoapClient;
  readonly import?: ImportClient;
  readonly frontend?: FrontendClient;
  readonly txmail?: SendApiClient;
  readonly smtp?: SmtpPlusRelay;
  /** Transactional SMS API clients by list id. */
  readonly txsms?: ReadonlyMap<number, SmsClient>;
  readonly limiter?: Limiter;
  /** The GUID of a list (configured `listGuids`, else learnt from a list read). */
  listGuid(listId: number): string | undefined;
  /** Remembers a list's GUID seen in an answer. */
  learnGuid(listId: number, guid: string): void;
}

/** Whether `via` is configured in `members`. */
export function hasMember(members: Members, via: Via): boolean {
  switch (via) {
    case 'txsms':
      return members.txsms !== undefined && members.txsms.size > 0;
    default:
      return members[via] !== undefined;
  }
}

/** What {@link buildMembers} returns: the members and how to close them. */
export interface BuiltMembers {
  readonly members: Members;
  /** Closes every member this facade built (in parallel; errors are collected, never thrown past the others). */
  close(): Promise<void>;
}

/**
 * Builds one protocol client per configured member, every one with the same limiter, logger, clock, TLS, proxy,
 * timeout and user agent. Call only after `validateConfig`: a constructor's own validation error is re-thrown as
 * is (it names its field too).
 */
export function buildMembers(config: MailUpConfig, observer?: CallObserver): BuiltMembers {
  const clock = config.clock ?? systemClock;
  const account = String(config.account);
  const ownsLimiter =
    config.limiter === undefined || (config.limiter !== false && !(config.limiter instanceof Limiter));
  const limiter =
    config.limiter === false
      ? undefined
      : config.limiter instanceof Limiter
        ? config.limiter
        : new Limiter({
            account,
            clock,
            ...(config.limiter ?? {}),
            ...(config.logger ? { logger: config.logger } : {}),
          });
  const common = {
    clock,
    ...(config.logger ? { logger: config.logger } : {}),
    ...(limiter ? { limiter, quota: { account } } : {}),
    ...(config.proxy === undefined ? {} : { proxy: config.proxy }),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.userAgent === undefined ? {} : { userAgent: config.userAgent }),
    ...(config.tls?.ca === undefined ? {} : { tls: { ca: config.tls.ca } }),
    ...(observer ? { observer } : {}),
  };
  const closers: Array<() => Promise<void> | void> = [];
  const guids = new Map<number, string>();
  for (const [id, guid] of Object.entries(config.listGuids ?? {})) guids.set(Number(id), guid);
  const members: {
    -readonly [K in keyof Members]: Members[K];
  } = {
    account,
    clock,
    listGuid: (id) => guids.get(id),
    learnGuid: (id, guid) => {
      if (!guids.has(id) && guids.size < 10_000) guids.set(id, guid);
    },
    ...(limiter ? { limiter } : {}),
  };
  let section = 'oauth';
  try {
    if (config.oauth) {
      const restBase = config.baseUrls?.rest;
      const store = config.oauth.tokenStore ?? new MemoryTokenStore();
      if (!config.oauth.tokenStore) closers.push(() => store.close());
      const oauth = new OAuthClient({
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        clock,
        ...(restBase ? { baseUrl: restBase } : {}),
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      });
      closers.push(() => oauth.close());
      const tokens = new TokenManager({
        store,
        key: config.oauth.tokenKey ?? `oauth:${config.oauth.clientId}`,
        refresh: (rt, signal, options) => oauth.refresh(rt, signal, options),
        clock,
        ...(config.logger ? { logger: config.logger } : {}),
      });
      closers.push(() => tokens.close());
      const rest = new RestClient({ ...common, tokens, ...(restBase ? { baseUrl: restBase } : {}) });
      closers.push(() => rest.close());
      Object.assign(members, { oauth, tokens, tokenStore: store, rest });
    }
    section = 'soap';
    if (config.soap) {
      const soap = new SoapClient({
        ...common,
        user: config.soap.user,
        password: config.soap.password,
        ...(config.soap.consoleId === undefined ? {} : { consoleId: config.soap.consoleId }),
        ...(config.baseUrls?.soap ? { baseUrl: config.baseUrls.soap } : {}),
        ...(config.soap.accessKeyStore ? { tokenStore: config.soap.accessKeyStore } : {}),
        ...(config.tls ? { tls: { ca: config.tls.ca } } : {}),
      });
      closers.push(() => soap.close());
      members.soap = soap;
    }
    section = 'consoleUrl';
    if (config.consoleUrl) {
      const insecure = config.allowInsecureHttp === true;
      const frontend = new FrontendClient({ ...common, consoleUrl: config.consoleUrl, allowInsecureHttp: insecure });
      closers.push(() => frontend.close());
      members.frontend = frontend;
      if (config.soap) {
        const imports = new ImportClient({
          ...common,
          consoleUrl: config.consoleUrl,
          user: config.soap.user.trim().replace(/^(\d)/, 'a$1'),
          password: config.soap.password,
          allowInsecureHttp: insecure,
          ...(config.tls ? { tls: { ca: config.tls.ca } } : {}),
        });
        closers.push(() => imports.close());
        members.import = imports;
      }
    }
    section = 'smtpPlus';
    if (config.smtpPlus) {
      const ca = config.tls?.ca;
      const txmail = new SendApiClient({
        ...common,
        user: config.smtpPlus.user,
        password: config.smtpPlus.password,
        ...(config.baseUrls?.sendApi ? { baseUrl: config.baseUrls.sendApi } : {}),
        ...(ca ? { tls: { ca } } : {}),
      });
      closers.push(() => txmail.close());
      const smtp = new SmtpPlusRelay({
        ...common,
        user: config.smtpPlus.user,
        password: config.smtpPlus.password,
        ...(config.baseUrls?.smtp ? { host: config.baseUrls.smtp.host } : {}),
        ...(config.baseUrls?.smtp?.port ? { port: config.baseUrls.smtp.port } : {}),
        ...(ca ? { tls: { ca } } : {}),
      });
      closers.push(() => smtp.close());
      Object.assign(members, { txmail, smtp });
    }
    section = 'sms';
    if (config.sms && Object.keys(config.sms).length > 0) {
      const clients = new Map<number, SmsClient>();
      for (const [id, list] of Object.entries(config.sms)) {
        const sms = new SmsClient({
          ...common,
          accountId: config.account,
          listId: Number(id),
          listGuid: list.listGuid,
          listSecret: list.listSecret,
          ...(config.baseUrls?.smsApi ? { baseUrl: config.baseUrls.smsApi } : {}),
        });
        closers.push(() => sms.close());
        clients.set(Number(id), sms);
      }
      members.txsms = clients;
    }
    if (limiter && ownsLimiter) closers.push(() => limiter.close());
  } catch (error) {
    void closeAll(closers).catch(() => {});
    throw MailUpError.is(error) && error.details?.field === undefined
      ? error.with({ details: { ...error.details, field: section } })
      : error;
  }
  return { members, close: () => closeAll(closers) };
}

async function closeAll(closers: ReadonlyArray<() => Promise<void> | void>): Promise<void> {
  const results = await Promise.allSettled(closers.map(async (close) => close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    throw MailUpError.is(failed.reason)
      ? failed.reason
      : new MailUpError({
          kind: 'permanent',
          protocol: 'client',
          operation: 'MailUp.close',
          message: 'a member failed to close',
        });
  }
}
