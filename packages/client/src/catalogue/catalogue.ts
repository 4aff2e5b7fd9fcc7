import type { Members } from '../config/members.js';
import { ACCOUNT_INFO } from './account.js';
import type { OperationDef } from './binding.js';
import { GROUPS_CREATE, GROUPS_DELETE, GROUPS_OF, GROUPS_UPDATE } from './groups.js';
import { LISTS_ALL, LISTS_CREATE, LISTS_DELETE, LISTS_GET, LISTS_UPDATE } from './lists.js';
import {
  RECIPIENTS_GET,
  RECIPIENTS_PENDING,
  RECIPIENTS_STATUS,
  RECIPIENTS_SUBSCRIBE,
  RECIPIENTS_SUBSCRIBED,
  RECIPIENTS_UNSUBSCRIBE,
  RECIPIENTS_UNSUBSCRIBED,
  RECIPIENTS_UPDATE_FIELDS,
} from './recipients.js';
import {
  STATISTICS_MESSAGE_COUNT,
  STATISTICS_MESSAGE_LIST,
  STATISTICS_RECIPIENT_COUNT,
  STATISTICS_RECIPIENT_LIST,
} from './statistics.js';

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table of operations (each is typed where it is defined)
type AnyOperationDef = OperationDef<any, any, Members>;

/** Every facade operation of account, lists, groups, recipients and statistics, by id (data: `plan()` reads it). */
export const CORE_OPERATIONS: readonly AnyOperationDef[] = Object.freeze([
  ACCOUNT_INFO,
  LISTS_ALL,
  LISTS_GET,
  LISTS_CREATE,
  LISTS_UPDATE,
  LISTS_DELETE,
  GROUPS_OF,
  GROUPS_CREATE,
  GROUPS_UPDATE,
  GROUPS_DELETE,
  RECIPIENTS_SUBSCRIBE,
  RECIPIENTS_STATUS,
  RECIPIENTS_UNSUBSCRIBE,
  RECIPIENTS_GET,
  RECIPIENTS_UPDATE_FIELDS,
  RECIPIENTS_SUBSCRIBED,
  RECIPIENTS_UNSUBSCRIBED,
  RECIPIENTS_PENDING,
  STATISTICS_MESSAGE_COUNT,
  STATISTICS_MESSAGE_LIST,
  STATISTICS_RECIPIENT_COUNT,
  STATISTICS_RECIPIENT_LIST,
]);
