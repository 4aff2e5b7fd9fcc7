import type { ClientCallOptions, ClientConfig, HttpResponse } from '@mailup-kit/core';
import { type SmsAnswer, smsResult } from '@mailup-kit/core/catalogue';
import { httpTransportFactory } from '@mailup-kit/core/node';
import {
  callOptionsOf,
  deferInput,
  type OperationRow,
  operationTable,
  type Pipeline,
  ProtocolClient,
} from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import { DEFAULT_SMS_API_URL } from './endpoints.js';
import { type JsonCredentials, type JsonHttpRequest, jsonAuthPlugin, jsonBuildMiddleware } from './json-credentials.js';
import { SMS_MAX_CHARACTERS, type SmsSegments, smsSegments } from './sms-size.js';
import { baseUrl, invalid, oneLine } from './validate.js';

/** Options of {@link SmsClient}: core's {@link ClientConfig} plus the list the SMS go out from. */
export interface SmsClientOptions extends ClientConfig<unknown, HttpResponse, Limiter> {
  /** The account id (the number of `m12345`). */
  accountId: number;
  /** The list id. */
  listId: number;
  /** The list's GUID. */
  listGuid: string;
  /** The list's ListSecret (sends only). Never logged, never in an error. */
  listSecret?: string;
  /** Console credentials (`m12345` and password), HTTP Basic, for ListSecret management only. */
  console?: { user: string; password: string };
  /** Default `https://sendsms.mailup.com`. */
  baseUrl?: string;
  /** With `limiter`: options of the quota step (30 calls/s, the policy row). */
  quota?: QuotaMiddlewareOptions;
}

/** One transactional SMS. */
export interface SmsMessage {
  /** Up to 670 characters; merge tags `[Name]` are filled from `dynamicFields`. */
  content: string;
  /** One number, with `+` or `00` (else the list's default prefix is used). */
  recipient: string;
  /** Aggregation container (created when new). */
  campaignCode?: string;
  dynamicFields?: Readonly<Record<string, string>>;
  /** Default: UCS-2 exactly when the content has a character outside GSM-7. */
  unicode?: boolean;
  /** At most 11 letters and digits; default the list's SMS sender. */
  sender?: string;
}

/** A sent SMS. `warning` is set for code 301 (sent and charged, `deliveryId` 0). */
export interface SmsSendResult {
  deliveryId: number;
  cost: number;
  code: number;
  warning?: string;
  segments: SmsSegments;
}

/** The SMS API's operation table (ids `txsms:send`, `txsms:GET listsecret` …). */
export const SMS_OPERATIONS = operationTable('txsms', [
  { name: 'send', method: 'POST', retryClass: 'send' },
  { name: 'GET listsecret', method: 'GET', retryClass: 'read' },
  { name: 'POST listsecret', method: 'POST', retryClass: 'idempotent-write' },
  { name: 'DELETE listsecret', method: 'DELETE', retryClass: 'idempotent-write' },
]);

// The row of each typed method, taken from the table once: a call passes it by reference (no lookup by name).
const SEND = SMS_OPERATIONS.send;
const LIST_SECRET = {
  GET: SMS_OPERATIONS['GET listsecret'],
  POST: SMS_OPERATIONS['POST listsecret'],
  DELETE: SMS_OPERATIONS['DELETE listsecret'],
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECIPIENT = /^(\+|00)?[0-9]{6,15}$/;
const SENDER = /^[A-Za-z0-9]{1,11}$/;

function positiveId(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw invalid('txsms', 'SmsClient', `${name} must be a positive integer`);
  }
  return value as number;
}

/**
 * MailUp's transactional SMS API (REFERENCE §8) on core's client template: `send` with every field (content with
 * the GSM-7 / Unicode segment rules and the 670-character limit, recipient, campaign code, merge tags, unicode,
 * sender), the HTTP × app code table as typed errors, 30 calls/s with a `limiter`; and ListSecret read / create
 * / delete / rotate with the console's HTTP Basic credentials. Secrets never appear in logs or errors.
 *
 * @example
 * ```ts
 * const sms = new SmsClient({ accountId: 12345, listId: 1, listGuid, listSecret });
 * const { deliveryId } = await sms.send({ recipient: '+393350000001', content: 'Your code is 1234' });
 * ```
 */
export class SmsClient {
  readonly client: ProtocolClient<unknown, HttpResponse, Limiter>;
  readonly pipeline: Pipeline;
  /** The ListSecret lives in an ES private field: invisible to util.inspect (even showHidden) and JSON. */
  #listSecret: string | undefined;
  private readonly accountId: number;
  private readonly listId: number;
  private readonly listGuid: string;
  private readonly base: string;
  private readonly hasConsole: boolean;

  constructor(options: SmsClientOptions) {
    this.accountId = positiveId('accountId', options?.accountId);
    this.listId = positiveId('listId', options.listId);
    if (typeof options.listGuid !== 'string' || !GUID.test(options.listGuid)) {
      throw invalid('txsms', 'SmsClient', 'listGuid must be the list GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
    }
    this.listGuid = options.listGuid;
    if (options.listSecret !== undefined) this.setListSecret(options.listSecret);
    const consoleCreds = options.console;
    if (consoleCreds !== undefined) {
      if (typeof consoleCreds.user !== 'string' || consoleCreds.user.includes(':') || !consoleCreds.password) {
        throw invalid('txsms', 'SmsClient', 'console must be { user, password } (user without ":")');
      }
    }
    this.hasConsole = consoleCreds !== undefined;
    this.base = baseUrl('txsms', 'SmsClient', options.baseUrl ?? DEFAULT_SMS_API_URL);
    const basic = consoleCreds
      ? `Basic ${btoa(unescape(encodeURIComponent(`${consoleCreds.user}:${consoleCreds.password}`)))}`
      : undefined;
    const quota = options.quota;
    const credentials = (operation: OperationRow): JsonCredentials | undefined => {
      if (operation === SEND) return { body: { ListSecret: this.#listSecret } };
      return basic ? { headers: { authorization: basic } } : undefined;
    };
    this.client = new ProtocolClient<unknown, HttpResponse, Limiter>({
      protocol: 'txsms',
      operations: SMS_OPERATIONS,
      config: options,
      createTransport: httpTransportFactory('txsms'),
      serialize: (input) => input as JsonHttpRequest,
      build: jsonBuildMiddleware(),
      deserialize: (response, ctx) => smsResult(response.status, response.body, { operation: ctx.operation.id }),
      plugins: [jsonAuthPlugin('txsms:auth', credentials)],
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
    this.pipeline = this.client.pipeline;
  }

  /** Sends one SMS. Every field is checked before anything leaves (a `validation` error means nothing was sent). */
  async send(message: SmsMessage, options: ClientCallOptions = {}): Promise<SmsSendResult> {
    const row = SEND;
    const op = row.id;
    // Checked and built inside the call's initialize step: a validation error carries the call id.
    let counted: SmsSegments | undefined;
    const produce = (): JsonHttpRequest => {
      if (typeof message !== 'object' || message === null) throw invalid('txsms', op, 'the message must be an object');
      if (this.#listSecret === undefined)
        throw invalid('txsms', op, 'no listSecret: pass it or call createListSecret()');
      const { content, recipient } = message;
      if (typeof content !== 'string' || content.trim() === '') throw invalid('txsms', op, 'content is required');
      const segments = smsSegments(content, message.unicode === true);
      counted = segments;
      if (segments.characters > SMS_MAX_CHARACTERS) {
        throw invalid(
          'txsms',
          op,
          `content has ${segments.characters} characters; MailUp takes at most ${SMS_MAX_CHARACTERS}`,
        );
      }
      if (typeof recipient !== 'string' || !RECIPIENT.test(recipient.replace(/[\s().-]/g, ''))) {
        throw invalid('txsms', op, 'recipient must be one phone number (digits, optionally + or 00 first)');
      }
      if (message.sender !== undefined && (typeof message.sender !== 'string' || !SENDER.test(message.sender))) {
        throw invalid('txsms', op, 'sender must be 1–11 letters and digits');
      }
      const body: Record<string, unknown> = {
        Content: content,
        ListGuid: this.listGuid,
        Recipient: recipient.replace(/[\s().-]/g, ''),
        isUnicode: segments.encoding === 'ucs2' ? 1 : 0,
      };
      if (message.campaignCode !== undefined) {
        if (typeof message.campaignCode !== 'string') throw invalid('txsms', op, 'campaignCode must be a string');
        body.CampaignCode = oneLine('txsms', op, 'campaignCode', message.campaignCode);
      }
      if (message.dynamicFields !== undefined) {
        const fields = Object.entries(message.dynamicFields ?? {});
        if (!fields.every(([n, v]) => n !== '' && typeof v === 'string')) {
          throw invalid('txsms', op, 'dynamicFields must map names to string values');
        }
        body.DynamicFields = fields.map(([N, V]) => ({ N, V }));
      }
      if (message.sender !== undefined) body.Sender = message.sender;
      const request: JsonHttpRequest = {
        method: 'POST',
        url: `${this.base}/api/v2.0/sms/${this.accountId}/${this.listId}`,
        json: body,
        headers: { 'content-type': 'application/json;odata=verbose;charset=utf-8' },
      };
      return request;
    };
    const outcome = await this.client.call<{ code: number; body: SmsAnswer; warning?: string }>(
      row,
      deferInput(produce),
      callOptionsOf(options),
    );
    const data = (outcome.body.Data ?? {}) as { DeliveryId?: number; Cost?: number };
    return {
      deliveryId: Number(data.DeliveryId ?? 0),
      cost: Number(data.Cost ?? 0),
      code: outcome.code,
      ...(outcome.warning ? { warning: outcome.warning } : {}),
      segments: counted as SmsSegments,
    };
  }

  /** Reads the list's ListSecret (`undefined` when transactional SMS is off for the list). Console credentials. */
  async getListSecret(options: ClientCallOptions = {}): Promise<string | undefined> {
    const answer = await this.secretCall('GET', options);
    return answer ?? undefined;
  }

  /** Creates the list's ListSecret (or returns the existing one) and uses it for sends. Console credentials. */
  async createListSecret(options: ClientCallOptions = {}): Promise<string> {
    const secret = await this.secretCall('POST', options);
    if (!secret) throw invalid('txsms', 'POST listsecret', 'the server returned no ListSecret');
    this.setListSecret(secret);
    return secret;
  }

  /** Deletes the ListSecret: transactional SMS is off for the list until a new one is created. */
  async deleteListSecret(options: ClientCallOptions = {}): Promise<void> {
    await this.secretCall('DELETE', options);
    this.#listSecret = undefined;
  }

  /** Rotates the ListSecret (DELETE + POST) and uses the new one; the old one stops working. */
  async rotateListSecret(options: ClientCallOptions = {}): Promise<string> {
    await this.deleteListSecret(options);
    return this.createListSecret(options);
  }

  /** Closes the transport if this client created it. */
  async close(): Promise<void> {
    await this.client.close();
  }

  private setListSecret(secret: string): void {
    if (typeof secret !== 'string' || !GUID.test(secret)) {
      throw invalid('txsms', 'SmsClient', 'listSecret must be the ListSecret GUID');
    }
    this.#listSecret = secret;
  }

  private async secretCall(method: 'GET' | 'POST' | 'DELETE', options: ClientCallOptions): Promise<string | null> {
    const row = LIST_SECRET[method];
    const op = row.id;
    if (!this.hasConsole)
      throw invalid('txsms', op, 'ListSecret management needs the console credentials (console: { user, password })');
    const request: JsonHttpRequest = {
      method,
      url: `${this.base}/api/v2.0/lists/${this.listId}/listsecret`,
      ...(method === 'POST' ? { json: { ListGUID: this.listGuid } } : {}),
    };
    const outcome = await this.client.call<{ body: SmsAnswer }>(row, request, callOptionsOf(options));
    const data = outcome.body.Data as { ListSecret?: string | null } | null | undefined;
    return data?.ListSecret ?? null;
  }
}
