import type {
  SmtpPlusPriority,
  SmtpPlusUser,
  SmtpPlusUserInput,
  StatisticsItem,
  UrlClick,
} from '../models/wire-models.js';
import type { PageOptions } from '../paging.js';
import {
  MESSAGE_ITEM_LISTS,
  MESSAGE_STATISTICS_COUNTS,
  MESSAGE_STATISTICS_LISTS,
  type MessageStatisticsCount,
  type MessageStatisticsList,
  RECIPIENT_STATISTICS_COUNTS,
  RECIPIENT_STATISTICS_LISTS,
  type RecipientStatisticsCount,
  type RecipientStatisticsList,
} from '../rest-operations.js';
import { invalid } from '../validate.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions } from './paged.js';

function isOneOf<A extends string>(value: string, allowed: readonly A[]): value is A {
  return allowed.some((a) => a === value);
}

function oneOf<T extends string, A extends string>(op: string, value: T, allowed: readonly A[]): T & A {
  if (!isOneOf(value, allowed)) throw invalid(op, `must be one of ${allowed.join(', ')}`, 'rest');
  return value;
}

/** `rest.statistics`: every MailStatistics list (paged) and count, for messages and recipients. */
export class StatisticsResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Message/{idMessage}/List/{kind}` (paged). */
  messageList(idMessage: number, kind: 'UrlClicks', options?: PageOptions): Paged<UrlClick>;
  messageList(idMessage: number, kind: MessageStatisticsList, options?: PageOptions): Paged<StatisticsItem>;
  messageList(
    idMessage: number,
    kind: MessageStatisticsList,
    options: PageOptions = {},
  ): Paged<UrlClick> | Paged<StatisticsItem> {
    if (oneOf('statistics.messageList', kind, MESSAGE_STATISTICS_LISTS) === 'UrlClicks') {
      const op = 'GET Message/{idMessage}/List/UrlClicks';
      return new Paged<UrlClick>(this.rest, op, { idMessage: id(op, 'idMessage', idMessage) }, options);
    }
    const op = `GET Message/{idMessage}/List/${oneOf('statistics.messageList', kind, MESSAGE_ITEM_LISTS)}` as const;
    return new Paged<StatisticsItem>(this.rest, op, { idMessage: id(op, 'idMessage', idMessage) }, options);
  }

  /** `GET Message/{idMessage}/Count/{kind}`: a bare integer. */
  messageCount(idMessage: number, kind: MessageStatisticsCount, options?: RestCallOptions): Promise<number> {
    const op =
      `GET Message/{idMessage}/Count/${oneOf('statistics.messageCount', kind, MESSAGE_STATISTICS_COUNTS)}` as const;
    return this.rest.call(op, { params: { idMessage: id(op, 'idMessage', idMessage) } }, options);
  }

  /** `GET Recipient/{idRecipient}/List/{kind}` (paged). */
  recipientList(idRecipient: number, kind: RecipientStatisticsList, options: PageOptions = {}): Paged<StatisticsItem> {
    const op =
      `GET Recipient/{idRecipient}/List/${oneOf('statistics.recipientList', kind, RECIPIENT_STATISTICS_LISTS)}` as const;
    return new Paged(this.rest, op, { idRecipient: id(op, 'idRecipient', idRecipient) }, options);
  }

  /** `GET Recipient/{idRecipient}/Count/{kind}`: a bare integer. */
  recipientCount(idRecipient: number, kind: RecipientStatisticsCount, options?: RestCallOptions): Promise<number> {
    const op =
      `GET Recipient/{idRecipient}/Count/${oneOf('statistics.recipientCount', kind, RECIPIENT_STATISTICS_COUNTS)}` as const;
    return this.rest.call(op, { params: { idRecipient: id(op, 'idRecipient', idRecipient) } }, options);
  }
}

/** `rest.smtpPlus`: SMTP+ users and priorities. */
export class SmtpPlusResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Console/SmtpPlusPriorities`: `[{PriorityCode: 1, PriorityName: 'VeryHigh'}, …]`. */
  priorities(options?: RestCallOptions): Promise<SmtpPlusPriority[]> {
    return this.rest.call('GET Console/SmtpPlusPriorities', {}, options);
  }

  /** `POST Console/List/{idList}/SmtpPlus`: a new SMTP+ user on the list (trusted senders must be confirmed). */
  createUser(idList: number, user: SmtpPlusUserInput, options?: RestCallOptions): Promise<SmtpPlusUser> {
    const op = 'POST Console/List/{idList}/SmtpPlus';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'user', user);
        if (!Number.isInteger(user.PriorityCode) || user.PriorityCode < 1 || user.PriorityCode > 5) {
          throw invalid(op, 'PriorityCode must be 1 (VeryHigh) to 5 (VeryLow)', 'rest');
        }
        for (const key of ['TrustedDomains', 'TrustedSenders'] as const) {
          const list = user[key];
          if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || /[\r\n\0]/.test(v))) {
            throw invalid(op, `${key} must be an array of one-line strings`, 'rest');
          }
        }
        return { params: { idList: id(op, 'idList', idList) }, body: user };
      },
      options,
    );
  }
}
