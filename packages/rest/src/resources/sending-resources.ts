import type { PageOptions } from '../paging.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions, sendDate, text } from '../rest-caller.js';
import type { Sending, SendResult, SingleSendResult, SmsMessage } from '../rest-models.js';
import { invalid } from '../validate.js';

/** When to send: now (default) or at `datetime` (a deferred sending). */
export interface SendOptions extends RestCallOptions {
  datetime?: Date;
}

function when(op: string, options: SendOptions): { query: Record<string, string>; call: RestCallOptions } {
  const { datetime, ...call } = options;
  return { query: datetime === undefined ? {} : { datetime: sendDate(op, datetime) }, call };
}

/** The queues MailUp keeps sendings in. */
export type SendingQueue = 'Immediate' | 'Deferred' | 'Undefined';

function queueName(op: string, queue: SendingQueue): SendingQueue {
  if (queue !== 'Immediate' && queue !== 'Deferred' && queue !== 'Undefined') {
    throw invalid(op, 'queue must be Immediate, Deferred or Undefined', 'rest');
  }
  return queue;
}

/**
 * `rest.sendings`: email sendings to a list, a group or one recipient (immediate or deferred), the queues,
 * scheduling, stop and delete (limited by MailUp to 1 call per 30 s), history. Sends are never repeated once bytes
 * may have left.
 */
export class SendingResources {
  constructor(private readonly rest: RestCaller) {}

  /** `POST Console/List/{idList}/Email/{idMessage}/Send[?datetime="…"]`. */
  toList(idList: number, idMessage: number, options: SendOptions = {}): Promise<SendResult> {
    const op = 'POST Console/List/{idList}/Email/{idMessage}/Send';
    const params = { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
    const { query, call } = when(op, options);
    return this.rest.call(op, { params, query }, call);
  }

  /** `POST Console/Group/{idGroup}/Email/{idMessage}/Send[?datetime="…"]`. */
  toGroup(idGroup: number, idMessage: number, options: SendOptions = {}): Promise<SendResult> {
    const op = 'POST Console/Group/{idGroup}/Email/{idMessage}/Send';
    const params = { idGroup: id(op, 'idGroup', idGroup), idMessage: id(op, 'idMessage', idMessage) };
    const { query, call } = when(op, options);
    return this.rest.call(op, { params, query }, call);
  }

  /** `POST Console/Email/Send`: one message to one address. */
  toRecipient(
    request: { Email: string; idMessage: number; Fields?: Array<{ Id: number; Value: string }> },
    options?: RestCallOptions,
  ): Promise<SingleSendResult> {
    const op = 'POST Console/Email/Send';
    bodyObject(op, 'request', request);
    text(op, 'Email', request.Email, 254);
    id(op, 'idMessage', request.idMessage);
    return this.rest.call(op, { body: request }, options);
  }

  /** `GET Console/List/{idList}/Email/{idMessage}/SendHistory` (paged). */
  history(idList: number, idMessage: number, options: PageOptions = {}): Paged<Sending> {
    const op = 'GET Console/List/{idList}/Email/{idMessage}/SendHistory';
    const params = { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
    return new Paged(this.rest, op, params, options);
  }

  /** `GET Console/Email/Sendings/{Immediate|Deferred|Undefined}` (paged): the queue status. */
  queue(queue: SendingQueue, options: PageOptions = {}): Paged<Sending> {
    const op = `GET Console/Email/Sendings/${queueName('Sendings.queue', queue)}` as const;
    return new Paged(this.rest, op, {}, options);
  }

  /** `POST Console/Email/Sendings/{idSending}/Immediate`: starts a queued sending now. */
  async startNow(idSending: number, options?: RestCallOptions): Promise<void> {
    const op = 'POST Console/Email/Sendings/{idSending}/Immediate';
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }

  /** `GET Console/Email/Sendings/{idSending}/Deferred`: the first date the sending can be scheduled at. */
  firstUsefulDate(idSending: number, options?: RestCallOptions): Promise<{ Date: string }> {
    const op = 'GET Console/Email/Sendings/{idSending}/Deferred';
    return this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }

  /** `POST Console/Email/Sendings/{idSending}/Deferred` with `{"Date": "yyyy-MM-dd HH:mm:ssZ"}`. */
  async schedule(idSending: number, at: Date, options?: RestCallOptions): Promise<void> {
    const op = 'POST Console/Email/Sendings/{idSending}/Deferred';
    const date = sendDate(op, at).slice(1, -1);
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) }, body: { Date: date } }, options);
  }

  /** `POST Console/Email/Sendings/{idSending}/Stop` (MailUp: 1 call per 30 s). */
  async stop(idSending: number, options?: RestCallOptions): Promise<void> {
    const op = 'POST Console/Email/Sendings/{idSending}/Stop';
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }

  /** `DELETE Console/Email/Sendings/{idSending}` (stop it first; MailUp: 1 call per 30 s). */
  async delete(idSending: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/Email/Sendings/{idSending}';
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }
}

/** An SMS message to create or update. */
export interface SmsMessageInput {
  Content: string;
  Notes?: string;
  Sender?: string;
  [field: string]: unknown;
}

/** `rest.sms`: console SMS messages and their sendings. */
export class SmsResources {
  constructor(private readonly rest: RestCaller) {}

  /** `POST Console/Sms/List/{idList}/Message`. */
  create(idList: number, message: SmsMessageInput, options?: RestCallOptions): Promise<SmsMessage> {
    const op = 'POST Console/Sms/List/{idList}/Message';
    bodyObject(op, 'message', message);
    if (typeof message.Content !== 'string' || message.Content === '' || message.Content.length > 670) {
      throw invalid(op, 'Content must be 1 to 670 characters', 'rest');
    }
    return this.rest.call(op, { params: { idList: id(op, 'idList', idList) }, body: message }, options);
  }

  /** `GET Console/Sms/List/{idList}/Messages` (paged). */
  list(idList: number, options: PageOptions = {}): Paged<SmsMessage> {
    const op = 'GET Console/Sms/List/{idList}/Messages';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/Sms/List/{idList}/Message/{idMessage}`. */
  get(idList: number, idMessage: number, options?: RestCallOptions): Promise<SmsMessage> {
    const op = 'GET Console/Sms/List/{idList}/Message/{idMessage}';
    const params = { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
    return this.rest.call(op, { params }, options);
  }

  /** `PUT Console/Sms/List/{idList}/Message/{idMessage}`. */
  update(idList: number, idMessage: number, changes: Partial<SmsMessageInput>, options?: RestCallOptions) {
    const op = 'PUT Console/Sms/List/{idList}/Message/{idMessage}';
    bodyObject(op, 'changes', changes);
    const params = { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
    return this.rest.call<SmsMessage>(op, { params, body: changes }, options);
  }

  /** `POST Console/Sms/List/{idList}/Message/{idMessage}/Send[?datetime="…"]`. */
  sendToList(idList: number, idMessage: number, options: SendOptions = {}): Promise<SendResult> {
    const op = 'POST Console/Sms/List/{idList}/Message/{idMessage}/Send';
    const params = { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
    const { query, call } = when(op, options);
    return this.rest.call(op, { params, query }, call);
  }

  /** `POST Console/Sms/Group/{idGroup}/Message/{idMessage}/Send[?datetime="…"]`. */
  sendToGroup(idGroup: number, idMessage: number, options: SendOptions = {}): Promise<SendResult> {
    const op = 'POST Console/Sms/Group/{idGroup}/Message/{idMessage}/Send';
    const params = { idGroup: id(op, 'idGroup', idGroup), idMessage: id(op, 'idMessage', idMessage) };
    const { query, call } = when(op, options);
    return this.rest.call(op, { params, query }, call);
  }

  /** `POST Console/Sms/Send`: one SMS to one number. */
  sendToNumber(
    request: { Number: string; Prefix?: string; idMessage: number; Fields?: Array<{ Id: number; Value: string }> },
    options?: RestCallOptions,
  ): Promise<SendResult> {
    const op = 'POST Console/Sms/Send';
    bodyObject(op, 'request', request);
    text(op, 'Number', request.Number, 30);
    id(op, 'idMessage', request.idMessage);
    return this.rest.call(op, { body: request }, options);
  }

  /** `GET Console/Sms/Sendings/{Immediate|Deferred|Undefined}` (paged). */
  queue(queue: SendingQueue, options: PageOptions = {}): Paged<Sending> {
    const op = `GET Console/Sms/Sendings/${queueName('Sms.queue', queue)}` as const;
    return new Paged(this.rest, op, {}, options);
  }

  /** `POST Console/Sms/Sendings/{idSending}/Immediate`. */
  async startNow(idSending: number, options?: RestCallOptions): Promise<void> {
    const op = 'POST Console/Sms/Sendings/{idSending}/Immediate';
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }

  /** `POST Console/Sms/Sendings/{idSending}/Deferred` with `{"Date": …}`. */
  async schedule(idSending: number, at: Date, options?: RestCallOptions): Promise<void> {
    const op = 'POST Console/Sms/Sendings/{idSending}/Deferred';
    const date = sendDate(op, at).slice(1, -1);
    await this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) }, body: { Date: date } }, options);
  }

  /** `GET Console/Sms/Sending/{idSending}/Deferred`: the first useful date. */
  firstUsefulDate(idSending: number, options?: RestCallOptions): Promise<{ Date: string }> {
    const op = 'GET Console/Sms/Sending/{idSending}/Deferred';
    return this.rest.call(op, { params: { idSending: id(op, 'idSending', idSending) } }, options);
  }

  /** `GET Console/Sms/{idMessage}/Sendings/Report`. */
  report(idMessage: number, options?: RestCallOptions): Promise<Record<string, unknown> & { idMessage: number }> {
    const op = 'GET Console/Sms/{idMessage}/Sendings/Report';
    return this.rest.call(op, { params: { idMessage: id(op, 'idMessage', idMessage) } }, options);
  }

  /** `GET Console/Sms/{idMessage}/Sendings/ReportDetails` (paged). */
  reportDetails(
    idMessage: number,
    options: PageOptions = {},
  ): Paged<Record<string, unknown> & { idRecipient: number }> {
    const op = 'GET Console/Sms/{idMessage}/Sendings/ReportDetails';
    return new Paged(this.rest, op, { idMessage: id(op, 'idMessage', idMessage) }, options);
  }
}
