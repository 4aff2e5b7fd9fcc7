import { LEGACY_JSONP_BASE } from '../jsonp/legacy-service.js';
import { OAUTH_PATHS } from '../oauth/oauth-paths.js';
import { REST_SERVICE_BASES } from '../rest/rest-module.js';
import type { RunningEmulator } from '../server.js';
import { EMU_SERVICES, type EmuServiceName } from '../soap/soap-services.js';
import { SEND_API_BASE } from '../txmail/txmail-module.js';
import { SMS_API_BASE } from '../txsms/txsms-module.js';

/** A SOAP service of the emulator: its endpoint and its WSDL. */
export interface SoapEndpoint {
  /** The `.asmx` endpoint, e.g. `http://127.0.0.1:41234/MailupSend.asmx`. */
  url: string;
  /** The same with `?WSDL`. */
  wsdl: string;
}

/** Where the SMTP+ relay listens and how to verify its STARTTLS certificate. */
export interface SmtpEndpoint {
  /** `smtp://host:port` (the same as `urls.smtp`). */
  url: string;
  host: string;
  port: number;
  /**
   * URL of the PEM of the CA that signed the relay's certificate (fresh at every start; the certificate names
   * `127.0.0.1`, `::1` and `localhost`). Give it to the client as its trusted CA: verification stays on.
   */
  caUrl: string;
}

/** Every member's base URL, absolute, for a client in any language. */
export interface EmulatorEndpoints {
  /** OAuth 2.0 authorization server (REFERENCE §6.2). */
  oauth: { logOn: string; authorization: string; token: string };
  /** REST bases; an operation path such as `Console/User/Lists` goes after a `/`. */
  rest: { console: string; mailStatistics: string; public: string };
  /** The four SOAP services by MailUp's name. */
  soap: Record<EmuServiceName, SoapEndpoint>;
  /** Base of the frontend pages (`xmlSubscribe.aspx`, `Xmlunsubscribe.aspx`, `subscribe.aspx` …). */
  frontend: string;
  /** The `WSActivation.aspx` page. */
  wsActivation: string;
  /** Base of the legacy JSONP service (`…/ListsRead`, `…/EmailsRead`). */
  jsonp: string;
  /** Base of the transactional email Send API (`…/messages/sendmessage`). */
  sendApi: string;
  /** Base of the transactional SMS API (`…/sms/{accountId}/{listId}`, `…/lists/{listId}/listsecret`). */
  smsApi: string;
  /** The SMTP+ relay; absent only when the emulator runs without its SMTP module. */
  smtp?: SmtpEndpoint;
  /** The inbox of accepted transactional email and SMS (HTML; JSON with `Accept: application/json`). */
  inbox: string;
  /**
   * The account's console host, as a MailUp module is configured with it (`http://host:port`, no path): the host of
   * the frontend pages and of WSMailUpImport, and the `url` SOAP `Login` accepts.
   */
  console: string;
  /** Base of the control API (`…/health`, `…/actions/{name}`). */
  control: string;
  /**
   * The request journal (`GET` lists it as `{ entries }`, filters `protocol`, `operation`, `status`, `accountId`,
   * `since`, `until`, `afterId`, `limit`; `…/count`, `…/{id}`, `DELETE` clears it).
   */
  journal: string;
  /** The web console for people (`/`; also `…/__emulator/ui`): inbox, SMS, journal, limits, account. */
  ui: string;
}

/** What `mailup emulator` and `mailup-emulator` print first: where the emulator listens and its credentials. */
export interface EmulatorDescription {
  /** `http` always, plus one key per extra listener a module opened (e.g. `smtp`); keys are never renamed. */
  urls: { http: string; [key: string]: string };
  account: {
    id: number;
    consoleUser: string;
    consolePassword: string;
    apiUser: string;
    apiPassword: string;
    oauth: { clientId: string; clientSecret: string };
    lists: Array<{ id: number; guid: string; name: string }>;
    /**
     * The seeded SMTP+ user: SMTP AUTH user/password on the relay and `User.Username`/`User.Secret` of the Send
     * API. Absent if the account has none.
     */
    smtpPlus?: { username: string; password: string; listId: number };
    /**
     * The lists with transactional SMS on: the `ListGuid` and `ListSecret` of the SMS API's send body
     * (`POST {endpoints.smsApi}/sms/{account.id}/{listId}`) and the list's SMS sender name (empty: an SMS without
     * `Sender` answers code 104). Absent when no list has a `ListSecret` (`--seed empty`).
     */
    sms?: Array<{ listId: number; listGuid: string; listSecret: string; senderName: string }>;
  };
  /** Every member's URL (added after `urls` and `account`; keys are only ever added). */
  endpoints: EmulatorEndpoints;
}

const SOAP_NAMES = Object.keys(EMU_SERVICES) as EmuServiceName[];

/**
 * Builds the one JSON line `mailup emulator` and `mailup-emulator` print. This is the only place that decides its
 * shape: keys are only added, never renamed or removed (the line is a public interface).
 *
 * The line deliberately holds the emulator's own throw-away credentials (fresh random secrets per start) so a
 * client can log in; it never holds anything of a real account.
 */
export function describeEmulator(emulator: Pick<RunningEmulator, 'store' | 'urls'>): EmulatorDescription {
  const account = emulator.store.seeded;
  const data = emulator.store.account(account.id);
  const lists = [...data.lists.values()];
  const smtpUser = [...data.smtpUsers.values()][0];
  const sms = lists.flatMap((list) => {
    const listSecret = data.smsListSecret(list.id);
    return listSecret === undefined
      ? []
      : [{ listId: list.id, listGuid: list.guid, listSecret, senderName: list.smsSenderName }];
  });
  const http = emulator.urls.http;
  const soap = Object.fromEntries(
    SOAP_NAMES.map((name) => {
      const url = `${http}${EMU_SERVICES[name].path}`;
      return [name, { url, wsdl: `${url}?WSDL` }];
    }),
  ) as Record<EmuServiceName, SoapEndpoint>;
  const endpoints: EmulatorEndpoints = {
    oauth: {
      logOn: `${http}${OAUTH_PATHS.logOn}`,
      authorization: `${http}${OAUTH_PATHS.authorization}`,
      token: `${http}${OAUTH_PATHS.token}`,
    },
    rest: {
      console: `${http}${REST_SERVICE_BASES.Console}`,
      mailStatistics: `${http}${REST_SERVICE_BASES.MailStatistics}`,
      public: `${http}${REST_SERVICE_BASES.Public}`,
    },
    soap,
    frontend: `${http}/frontend`,
    wsActivation: `${http}/frontend/WSActivation.aspx`,
    jsonp: `${http}${LEGACY_JSONP_BASE}`,
    sendApi: `${http}${SEND_API_BASE}`,
    smsApi: `${http}${SMS_API_BASE}`,
    inbox: `${http}/__emulator/inbox`,
    console: http,
    control: `${http}/__emulator`,
    journal: `${http}/__emulator/journal`,
    ui: `${http}/`,
  };
  const smtpUrl = emulator.urls.smtp;
  if (smtpUrl) {
    const parsed = new URL(smtpUrl);
    endpoints.smtp = {
      url: smtpUrl,
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(parsed.port),
      caUrl: `${http}/__emulator/smtp/ca.pem`,
    };
  }
  return {
    urls: { ...emulator.urls },
    account: {
      id: account.id,
      consoleUser: account.consoleUser,
      consolePassword: account.consolePassword,
      apiUser: account.apiUser,
      apiPassword: account.apiPassword,
      oauth: { clientId: account.oauthClient.clientId, clientSecret: account.oauthClient.clientSecret },
      lists: lists.map((list) => ({ id: list.id, guid: list.guid, name: list.name })),
      ...(smtpUser
        ? { smtpPlus: { username: smtpUser.username, password: smtpUser.secret, listId: smtpUser.listId } }
        : {}),
      ...(sms.length > 0 ? { sms } : {}),
    },
    endpoints,
  };
}
