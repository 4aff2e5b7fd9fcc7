import type { PageOptions } from '../paging.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions } from '../rest-caller.js';
import type { SmtpPlusPriority, SmtpPlusUser, SmtpPlusUserInput, StatisticsItem, UrlClick } from '../rest-models.js';
import { invalid } from '../validate.js';

/** MailStatistics lists of a message. */
export const MESSAGE_STATISTICS_LISTS = [
  'Recipients',
  'Views',
  'Bounces',
  'Unsubscriptions',
  'Clicks',
  'UrlClicks',
  'UrlClickDetails',
] as const;
/** MailStatistics counts of a message. */
export const MESSAGE_STATISTICS_COUNTS = [
  'Recipients',
  'Views',
  'Bounces',
  'Unsubscriptions',
  'Clicks',
  'UrlClicks',
] as const;
/** MailStatistics lists of a recipient. */
export const RECIPIENT_STATISTICS_LISTS = [
  'Deliveries',
  'Views',
  'Bounces',
  'BouncesDetails',
  'Unsubscriptions',
  'Clicks',
  'ClicksDetails',
] as const;
/** MailStatistics counts of a recipient. */
export const RECIPIENT_STATISTICS_COUNTS = ['Deliveries', 'Views', 'Bounces', 'Unsubscriptions', 'Clicks'] as const;

/** One of {@link MESSAGE_STATISTICS_LISTS}. */
export type MessageStatisticsList = (typeof MESSAGE_STATISTICS_LISTS)[number];
/** One of {@link MESSAGE_STATISTICS_COUNTS}. */
export type MessageStatisticsCount = (typeof MESSAGE_STATISTICS_COUNTS)[number];
/** One of {@link RECIPIENT_STATISTICS_LISTS}. */
export type RecipientStatisticsList = (typeof RECIPIENT_STATISTICS_LISTS)[number];
/** One of {@link RECIPIENT_STATISTICS_COUNTS}. */
export type RecipientStatisticsCount = (typeof RECIPIENT_STATISTICS_COUNTS)[number];

function oneOf<T extends string>(op: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw invalid(op, `must be one of ${allowed.join(', ')}`, 'rest');
  return value;
}

/** `rest.statistics`: every MailStatistics list (paged) and count, for messages and recipients. */
export class StatisticsResources {
  constructor(private readonly rest: RestCaller) {}

  /** `GET Message/{idMessage}/List/{kind}` (paged). */
  messageList(idMessage: number, kind: 'UrlClicks', options?: PageOptions): Paged<UrlClick>;
  messageList(idMessage: number, kind: MessageStatisticsList, options?: PageOptions): Paged<StatisticsItem>;
  messageList(idMessage: number, kind: MessageStatisticsList, options: PageOptions = {}): Paged<unknown> {
    const op =
      `GET Message/{idMessage}/List/${oneOf('statistics.messageList', kind, MESSAGE_STATISTICS_LISTS)}` as const;
    return new Paged(this.rest, op, { idMessage: id(op, 'idMessage', idMessage) }, options);
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
    return this.rest.call(op, { params: { idList: id(op, 'idList', idList) }, body: user }, options);
  }
}
