import type { Clock, Logger } from '@mailup-kit/core';
import type { TokenStore } from '@mailup-kit/core/credentials';
import type { QuotaStore } from '@mailup-kit/core/quota';
import type { Limiter, PolicyTableOptions } from '@mailup-kit/limits';
import type { Via } from '../catalogue/binding.js';
import type { MigrationStage } from '../migration/stage.js';
import type { SwitchedOffStore } from '../routing/switched-off.js';

/** OAuth 2.0 for the REST member: the client, and where its tokens live (a fleet shares a Redis / file store). */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Where the tokens are kept (default memory: log in with `mailup.oauth` and `mailup.tokens.save(...)`). */
  tokenStore?: TokenStore;
  /** Key of the grant in the store (default `oauth:<clientId>`). */
  tokenKey?: string;
}

/** The SOAP API user (MailUpSend / Manage / Report; WSMailUpImport with `consoleUrl`). */
export interface SoapConfig {
  /** `a1234` (or `1234`). */
  user: string;
  password: string;
  /** Console id (default: the digits of `user`). */
  consoleId?: number;
  /** Where the 60-minute access key is kept (a fleet shares one key through a Redis / file store). */
  accessKeyStore?: TokenStore;
}

/** SMTP+ credentials: the relay's AUTH and the Send API's `User` (one name for one fact). */
export interface SmtpPlusConfig {
  /** `s1234_1`. */
  user: string;
  password: string;
}

/** One list of the transactional SMS API: its GUID and ListSecret. */
export interface SmsListConfig {
  listGuid: string;
  listSecret: string;
}

/** The limiter every protocol member shares: a ready {@link Limiter}, or what to build one from. */
export type LimiterConfig = Limiter | { store?: QuotaStore; policy?: PolicyTableOptions };

/** Base URLs, to point the members at the emulator or another host. */
export interface BaseUrls {
  /** REST and the OAuth endpoints (default `https://services.mailup.com`). */
  rest?: string;
  /** MailUpSend / Manage / Report host (default `https://wsvc.ss.mailup.it`). */
  soap?: string;
  /** Transactional email Send API (default `https://send.mailup.com`). */
  sendApi?: string;
  /** Transactional SMS API (default `https://sendsms.mailup.com`). */
  smsApi?: string;
  /** SMTP+ relay host and port (default `in.smtpok.com:587`). */
  smtp?: { host: string; port?: number };
}

/**
 * Configuration of {@link MailUp}: credentials for any subset of the family (each configured member becomes a
 * candidate transport), one limiter for every protocol, and the routing choices. Checked in full before anything is
 * built or sent: a bad field is a `validation` MailUpError naming it.
 */
export interface MailUpConfig {
  /** The account id (`51234`): the key of its quota rows and of the remembered switched-off services. */
  account: number;
  /** OAuth client for REST. */
  oauth?: OAuthConfig;
  /** SOAP API user. */
  soap?: SoapConfig;
  /**
   * The account's console URL (`http://abcd.emailsp.net`): the frontend pages and WSMailUpImport live there (with
   * `soap` credentials for the Import service).
   */
  consoleUrl?: string;
  /** The frontend pages and WSMailUpImport exist only over plain HTTP: `true` allows it off loopback. */
  allowInsecureHttp?: boolean;
  /** GUIDs of lists, by id (the frontend pages and WSMailUpImport name a list by id and GUID). */
  listGuids?: Readonly<Record<number, string>>;
  /** SMTP+ user (relay and Send API). */
  smtpPlus?: SmtpPlusConfig;
  /** Transactional SMS API secrets, by list id. */
  sms?: Readonly<Record<number, SmsListConfig>>;
  baseUrls?: BaseUrls;
  /** One limiter for every member (default: a memory limiter for `account`). `false`: no limiter. */
  limiter?: LimiterConfig | false;
  /**
   * A candidate whose policy rows have no budget within this wait is skipped (`over-budget`); the limiter's own
   * `maxWaitMs` still applies to the call. Default 10 000 ms.
   */
  maxWaitMs?: number;
  /** Per-operation transport order, e.g. `{ 'lists.all': ['soap', 'rest'] }`; the rest follow in catalogue order. */
  prefer?: Readonly<Record<string, readonly Via[]>>;
  /** Transports switched off by configuration. */
  switchedOff?: readonly Via[];
  /**
   * Where a remembered `service-disabled` / `ip-not-allowed` / `contract-not-signed` is kept (default memory; a
   * fleet shares it through a Redis store) and for how long (`ttlMs`, default 10 minutes). `cacheMs` (default
   * 1 000 ms; 0: read the store on every call) bounds how late this process sees an entry another fleet member
   * wrote or deleted in a shared store: a call reads such a store at most once per `cacheMs` per transport. This
   * process's own remembered (or forgotten) entries are seen at once, and each entry's `until` is honoured at every
   * call. An in-process store is always read directly.
   */
  switchedOffMemory?: { store?: SwitchedOffStore; ttlMs?: number; cacheMs?: number };
  /**
   * Where a SOAP system stands in its move to REST: the listed SOAP operations (or every `same` one) are served by
   * REST first, the others stay on SOAP first; `mailup.legacy.call(...)` follows the same stage.
   */
  migrate?: MigrationStage;
  /** Operations allowed to be served by a `partial` candidate (`true`: all). Default none. */
  allowPartial?: boolean | readonly string[];
  logger?: Logger;
  clock?: Clock;
  /** Extra trusted CAs of every HTTP member (verification is always on). */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
  /** Forward proxy of every HTTP member; `false` for direct (default: `HTTPS_PROXY` / `NO_PROXY`). */
  proxy?: string | false;
  /** Deadline of each exchange, ms. */
  timeoutMs?: number;
  userAgent?: string;
}
