import {
  MESSAGE_STATISTICS_COUNTS,
  MESSAGE_STATISTICS_LISTS,
  type MessageStatisticsCount,
  type MessageStatisticsList,
  RECIPIENT_STATISTICS_COUNTS,
  RECIPIENT_STATISTICS_LISTS,
  type RecipientStatisticsCount,
  type RecipientStatisticsList,
  type StatisticsItem,
} from '@mailup-kit/rest';
import type { Members } from '../config/members.js';
import { callOptions } from '../routing/call-options.js';
import { type Walk, walk } from '../routing/iterable.js';
import type { OperationDef } from './binding.js';
import { idOf, inputError } from './canonical.js';
import { type RowRef, restRow } from './rows.js';

/** One item of a statistics list: who and which message (plus what MailUp adds, e.g. `count`, `url`). */
export interface StatisticsEntry {
  messageId: number;
  recipientId: number;
  email?: string;
  count?: number;
  url?: string;
}

/** A count of one kind. */
export interface StatisticsCount {
  count: number;
}

function entry(item: StatisticsItem): StatisticsEntry {
  return {
    messageId: item.IdMessage,
    recipientId: item.IdRecipient,
    ...(typeof item.Email === 'string' ? { email: item.Email } : {}),
    ...(typeof item.Count === 'number' ? { count: item.Count } : {}),
    ...(typeof item.Url === 'string' ? { url: item.Url } : {}),
  };
}

/** Checks a statistics kind against its table (nothing is sent on a bad one). */
export function checkKind(operation: string, kind: unknown, allowed: readonly string[]): void {
  if (typeof kind !== 'string' || !allowed.includes(kind)) {
    throw inputError(operation, `kind must be one of ${allowed.join(', ')}`, 'kind');
  }
}

/** Checks an id input. */
export function checkId(operation: string, field: string, value: unknown): void {
  idOf(operation, field, value);
}

const countRows = (prefix: string, kinds: readonly string[]): RowRef[] => kinds.map((k) => restRow(`${prefix}/${k}`));

/** `statistics.messageCount`: a MailStatistics count of one message. */
export const STATISTICS_MESSAGE_COUNT: OperationDef<
  { messageId: number; kind: MessageStatisticsCount },
  StatisticsCount,
  Members
> = {
  id: 'statistics.messageCount',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: countRows('GET Message/{idMessage}/Count', MESSAGE_STATISTICS_COUNTS),
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, { messageId, kind }, call) {
        return { count: await m.rest!.statistics.messageCount(messageId, kind, callOptions(call)) };
      },
    },
  ],
};

/** `statistics.messageList`: a MailStatistics list of one message (paged). */
export const STATISTICS_MESSAGE_LIST: OperationDef<
  { messageId: number; kind: MessageStatisticsList; pageSize?: number },
  Walk<StatisticsEntry>,
  Members
> = {
  id: 'statistics.messageList',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: countRows('GET Message/{idMessage}/List', MESSAGE_STATISTICS_LISTS),
      equivalence: { kind: 'same' },
      needs: ['rest'],
      run: (m, { messageId, kind, pageSize }, call) =>
        walk(
          m.rest!.statistics.messageList(messageId, kind as 'Views', {
            pageSize: pageSize ?? 100,
            ...callOptions(call),
          }),
          entry,
        ),
    },
  ],
};

/** `statistics.recipientCount`: a MailStatistics count of one recipient. */
export const STATISTICS_RECIPIENT_COUNT: OperationDef<
  { recipientId: number; kind: RecipientStatisticsCount },
  StatisticsCount,
  Members
> = {
  id: 'statistics.recipientCount',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: countRows('GET Recipient/{idRecipient}/Count', RECIPIENT_STATISTICS_COUNTS),
      equivalence: { kind: 'same' },
      needs: ['rest'],
      async run(m, { recipientId, kind }, call) {
        return { count: await m.rest!.statistics.recipientCount(recipientId, kind, callOptions(call)) };
      },
    },
  ],
};

/** `statistics.recipientList`: a MailStatistics list of one recipient (paged). */
export const STATISTICS_RECIPIENT_LIST: OperationDef<
  { recipientId: number; kind: RecipientStatisticsList; pageSize?: number },
  Walk<StatisticsEntry>,
  Members
> = {
  id: 'statistics.recipientList',
  kind: 'read',
  bindings: [
    {
      via: 'rest',
      rows: countRows('GET Recipient/{idRecipient}/List', RECIPIENT_STATISTICS_LISTS),
      equivalence: { kind: 'same' },
      needs: ['rest'],
      run: (m, { recipientId, kind, pageSize }, call) =>
        walk(
          m.rest!.statistics.recipientList(recipientId, kind, { pageSize: pageSize ?? 100, ...callOptions(call) }),
          entry,
        ),
    },
  ],
};
