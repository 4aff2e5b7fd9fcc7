import type { ClientCallOptions, ClientConfig, HttpResponse } from '@mailup-kit/core';
import { type SendApiAnswer, sendApiResult } from '@mailup-kit/core/catalogue';
import { httpTransportFactory } from '@mailup-kit/core/node';
import { callOptionsOf, deferInput, operationTable, type Pipeline, ProtocolClient } from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import { DEFAULT_SEND_API_URL } from './endpoints.js';
import { type JsonHttpRequest, jsonAuthPlugin, jsonBuildMiddleware } from './json-credentials.js';
import { type MessageDto, messageBody, type TemplateMessageDto, templateBody } from './message-dto.js';
import { baseUrl, invalid } from './validate.js';

/** Options of {@link SendApiClient}: core's {@link ClientConfig} plus the SMTP+ credentials. */
export interface SendApiClientOptions extends ClientConfig<unknown, HttpResponse, Limiter> {
  /** The SMTP+ user (`sNNNNN_NN`, the relay's `user`): the Send API authenticates with it, in the body. */
  user: string;
  /** Its password (the SMTP+ password, sent as the body's `Secret`). Never logged, never in an error. */
  password: string;
  /** Default `https://send.mailup.com`. */
  baseUrl?: string;
  /** With `limiter`: options of the quota step (paced to `levelOfService.txmail` messages per hour). */
  quota?: QuotaMiddlewareOptions;
}

/** What the Send API answered to a send: `Code` "0" and its message. */
export interface SendApiResult extends SendApiAnswer {
  Code: string;
}

/** `listuserinfo`: the SMTP+ user's state (fields as MailUp's clients model them). */
export interface SmtpUserInfo extends SendApiAnswer {
  Username?: string;
  IdConsole?: number;
  IdList?: number;
  IsEnabled?: boolean;
  Priority?: number;
  Note?: string;
  CreationDate?: string | null;
  UpdateDate?: string | null;
  DomainList?: string[];
  SenderList?: string[];
  BlockUntil?: string | null;
  AdminBlock?: boolean;
}

/** The Send API's operation table. */
export const SEND_API_OPERATIONS = operationTable('txmail', [
  { name: 'sendmessage', method: 'POST', path: '/API/v2.0/messages/sendmessage', retryClass: 'send' },
  { name: 'sendtemplate', method: 'POST', path: '/API/v2.0/messages/sendtemplate', retryClass: 'send' },
  { name: 'listuserinfo', method: 'POST', path: '/API/v2.0/users/listuserinfo', retryClass: 'read' },
]);

/** A row of {@link SEND_API_OPERATIONS} as the pipeline carries it. */
export type SendApiOperation = (typeof SEND_API_OPERATIONS)[keyof typeof SEND_API_OPERATIONS];

// The row of each typed method, taken from the table once: a call passes it by reference (no lookup by name).
const SEND_MESSAGE = SEND_API_OPERATIONS.sendmessage;
const SEND_TEMPLATE = SEND_API_OPERATIONS.sendtemplate;
const LIST_USER_INFO = SEND_API_OPERATIONS.listuserinfo;

/**
 * MailUp's transactional email Send API (REFERENCE §7) on core's client template: `sendmessage` with the whole
 * `MessageDTO`, `sendtemplate`, `listuserinfo`. The auth step puts `User: {Username, Secret}` into the body (the
 * secret is redacted from every log and error); HTTP 200 with `Code` ≠ "0" is an error through core's catalogue;
 * 403 is a `validation` error and is not retried; a send is never repeated once bytes may have left.
 *
 * @example
 * ```ts
 * const mail = new SendApiClient({ user: 's12345_1', password: process.env.SMTP_PLUS_PASSWORD! });
 * await mail.sendMessage({ Subject: 'Hi', Text: 'Hello', From: { Email: 'shop@example.com' }, To: [{ Email: 'ann@example.com' }] });
 * ```
 */
export class SendApiClient {
  readonly client: ProtocolClient<unknown, HttpResponse, Limiter, SendApiOperation>;
  readonly pipeline: Pipeline<unknown, unknown, SendApiOperation>;

  constructor(options: SendApiClientOptions) {
    if (typeof options?.user !== 'string' || !/^s\d+_\d+$/i.test(options.user)) {
      throw invalid('txmail', 'SendApiClient', 'user must be an SMTP+ user like s12345_1');
    }
    if (typeof options.password !== 'string' || options.password === '') {
      throw invalid('txmail', 'SendApiClient', 'password must be a non-empty string');
    }
    const base = baseUrl('txmail', 'SendApiClient', options.baseUrl ?? DEFAULT_SEND_API_URL);
    const user = { User: { Username: options.user, Secret: options.password } };
    const quota = options.quota;
    this.client = new ProtocolClient<unknown, HttpResponse, Limiter, SendApiOperation>({
      protocol: 'txmail',
      operations: SEND_API_OPERATIONS,
      config: options,
      createTransport: httpTransportFactory('txmail'),
      serialize: (input, ctx): JsonHttpRequest => ({
        method: ctx.operation.method,
        url: `${base}${ctx.operation.path}`,
        json: input as Record<string, unknown>,
      }),
      build: jsonBuildMiddleware(),
      deserialize: (response, ctx) => sendApiResult(response.status, response.body, { operation: ctx.operation.id }),
      plugins: [jsonAuthPlugin('txmail:auth', () => ({ body: user }))],
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
    this.pipeline = this.client.pipeline;
  }

  /** `messages/sendmessage`: one message with its full content. */
  sendMessage(message: MessageDto, options: ClientCallOptions = {}): Promise<SendApiResult> {
    return this.run(SEND_MESSAGE, () => messageBody('sendmessage', message), options);
  }

  /** `messages/sendtemplate`: the content of a MailUp email (`Template` id) to the given recipients. */
  sendTemplate(message: TemplateMessageDto, options: ClientCallOptions = {}): Promise<SendApiResult> {
    return this.run(SEND_TEMPLATE, () => templateBody('sendtemplate', message), options);
  }

  /** `users/listuserinfo`: the SMTP+ user's state (why it is blocked, its senders and domains). */
  listUserInfo(options: ClientCallOptions = {}): Promise<SmtpUserInfo> {
    return this.client.call(LIST_USER_INFO, {}, callOptionsOf(options));
  }

  /** Closes the transport if this client created it. */
  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Runs `row` (by reference); `body` checks and builds the request inside the call's initialize step (its errors
   * carry the call id).
   */
  private run<T>(row: SendApiOperation, body: () => Record<string, unknown>, options: ClientCallOptions): Promise<T> {
    return this.client.call<T>(row, deferInput(body), callOptionsOf(options));
  }
}
