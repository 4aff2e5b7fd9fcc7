import type { AccountData } from '../store/account-data.js';
import { isEmailAddress } from '../store/email-address.js';
import type { Channel, EmulatorRecipient } from '../store/recipient.js';
import type { PageParams } from './frontend-params.js';

/** A mobile number: optional `+`/`00` prefix, digits only, 6–20 of them. */
const MOBILE = /^(?:\+|00)?\d{6,20}$/;
/** A list GUID: 8-4-4-4-12 hex digits. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A field code (`campo1` … `campo40`), case-insensitive. */
const FIELD = /^campo([1-9]\d?)$/i;

/** What a page answers, before wording. */
export type PageCode = 0 | 1 | 2 | 3 | 4;

/** Who a page is about: the email and/or mobile number of the request, checked. */
interface Who {
  email: string | undefined;
  mobile: string | undefined;
}

function who(params: PageParams): Who | 'invalid' | 'missing' {
  const email = params.get('Email');
  const mobile = params.get('Sms')?.replace(/[\s.-]/g, '');
  if (email === undefined && mobile === undefined) return 'missing';
  if (email !== undefined && !isEmailAddress(email)) return 'invalid';
  if (mobile !== undefined && !MOBILE.test(mobile)) return 'invalid';
  return { email: email?.toLowerCase(), mobile };
}

function channels(person: Who): Channel[] {
  return [...(person.email ? (['email'] as const) : []), ...(person.mobile ? (['sms'] as const) : [])];
}

function findRecipient(data: AccountData, person: Who): EmulatorRecipient | undefined {
  return data.findRecipient({ email: person.email, mobileNumber: person.mobile });
}

/** Reads `csvFldNames` / `csvFldValues` into `campoN` values; 'bad' for a non-code name, a count mismatch or `--`. */
export function csvFields(params: PageParams): Record<number, string> | 'bad' {
  const names = params.get('csvFldNames');
  const values = params.get('csvFldValues');
  if (names === undefined && values === undefined) return {};
  const nameList = (names ?? '').split(';');
  const valueList = (values ?? '').split(';');
  if (nameList.length !== valueList.length) return 'bad';
  const out: Record<number, string> = {};
  for (const [i, name] of nameList.entries()) {
    const match = FIELD.exec(name.trim());
    const value = valueList[i] ?? '';
    if (!match || value.includes('--')) return 'bad';
    out[Number(match[1])] = value;
  }
  return out;
}

function ids(values: string[]): number[] | 'bad' {
  const out: number[] = [];
  for (const v of values) {
    if (!/^\d{1,9}$/.test(v)) return 'bad';
    out.push(Number(v));
  }
  return out;
}

/** A subscription request that waits for its confirmation link. */
export interface PendingConfirmation {
  accountId: number;
  recipientId: number;
  email: string | undefined;
  mobile: string | undefined;
  listIds: number[];
  channels: Channel[];
  /** Sender of the confirmation request (`Dynsndmail` / `dynsndname`; blank ⇒ the list's). */
  senderEmail: string;
  senderName: string;
  requestedAt: number;
  confirmedAt: number | undefined;
}

/** What a subscribe (xmlSubscribe.aspx or subscribe.aspx) did. */
export interface SubscribeOutcome {
  code: PageCode;
  /** Set when the recipient is now pending on some list (double opt-in). */
  pending?: Omit<PendingConfirmation, 'confirmedAt'>;
}

/**
 * xmlSubscribe.aspx / subscribe.aspx (REFERENCE §4.1, §4.2) on the shared store: `List` (one or several ids,
 * comma-separated or repeated), `Group`, `Email` / `Sms`, `Confirm` (default on: pending until confirmed),
 * `csvFldNames` / `csvFldValues`, `Dynsndmail` / `dynsndname`, `ConfirmListID`. 0 success (also "already
 * subscribed but email or mobile changed"), 1 generic error, 2 invalid address or number, 3 already subscribed.
 */
export function subscribe(data: AccountData, params: PageParams, now: number, fieldNames?: string[]): SubscribeOutcome {
  const listIds = ids(params.all('List'));
  if (listIds === 'bad' || listIds.length === 0 || listIds.some((id) => !data.lists.has(id))) return { code: 1 };
  const person = who(params);
  if (person === 'missing' || person === 'invalid') return { code: 2 };
  const groupIds = ids(params.all('Group', /[,;]/));
  if (groupIds === 'bad') return { code: 1 };
  if (groupIds.some((g) => !listIds.includes(data.groups.get(g)?.listId ?? -1))) return { code: 1 };
  let fields = csvFields(params);
  if (fields === 'bad') return { code: 1 };
  for (const name of fieldNames ?? []) {
    const match = FIELD.exec(name);
    const value = params.get(name);
    if (match && value !== undefined) {
      if (value.includes('--') || value.includes(';')) return { code: 1 };
      fields = { ...fields, [Number(match[1])]: value };
    }
  }
  const confirm = params.flag('Confirm', true);
  if (confirm === undefined) return { code: 1 };
  const confirmList = params.get('ConfirmListID');
  if (confirmList !== undefined && (!/^\d+$/.test(confirmList) || !listIds.includes(Number(confirmList)))) {
    return { code: 1 };
  }

  const existing = findRecipient(data, person);
  const wanted = channels(person);
  const changed =
    existing !== undefined &&
    ((person.email !== undefined && existing.email !== person.email) ||
      (person.mobile !== undefined && existing.mobileNumber !== person.mobile));
  const already =
    existing !== undefined &&
    listIds.every((l) => wanted.every((c) => data.subscription(l, existing.id, c)?.status === 'subscribed'));
  if (already && !changed) return { code: 3 };

  const recipient = data.upsertRecipient(
    { email: person.email, mobileNumber: person.mobile },
    Object.keys(fields).length > 0 ? { fields } : {},
  );
  const pendingLists: number[] = [];
  for (const listId of listIds) {
    for (const channel of wanted) {
      const outcome = data.subscribe(listId, recipient.id, { channel, confirm, now });
      if (outcome.after === 'pending' && !pendingLists.includes(listId)) pendingLists.push(listId);
    }
  }
  for (const groupId of groupIds) data.addToGroup(groupId, recipient.id, now);
  if (pendingLists.length === 0) return { code: 0 };
  const senderList = data.list(confirmList === undefined ? (pendingLists[0] as number) : Number(confirmList));
  return {
    code: 0,
    pending: {
      accountId: data.accountId,
      recipientId: recipient.id,
      email: person.email,
      mobile: person.mobile,
      listIds: pendingLists,
      channels: wanted,
      senderEmail: params.get('Dynsndmail') ?? senderList.ownerEmail,
      senderName: params.get('dynsndname') ?? senderList.senderName,
      requestedAt: now,
    },
  };
}

/** `List` + `ListGuid` naming the same list of this account, or undefined (⇒ code 1). */
function listOf(data: AccountData, params: PageParams): number | undefined {
  const list = params.get('List');
  const guid = params.get('ListGuid');
  if (list === undefined || !/^\d{1,9}$/.test(list) || guid === undefined || !GUID.test(guid)) return undefined;
  const row = data.lists.get(Number(list));
  return row && row.guid.toLowerCase() === guid.toLowerCase() ? row.id : undefined;
}

/** Xmlchksubscriber.aspx (REFERENCE §4.3): 2 subscribed, 3 unsubscribed, 4 pending, 1 error or not subscribed. */
export function checkSubscriber(data: AccountData, params: PageParams): PageCode {
  const listId = listOf(data, params);
  const person = who(params);
  if (listId === undefined || typeof person === 'string') return 1;
  const recipient = findRecipient(data, person);
  if (!recipient) return 1;
  const status = data.subscription(listId, recipient.id, person.email ? 'email' : 'sms')?.status;
  return status === 'subscribed' ? 2 : status === 'unsubscribed' ? 3 : status === 'pending' ? 4 : 1;
}

/** Xmlunsubscribe.aspx (REFERENCE §4.4): 0 unsubscribed, 1 generic error, 3 unknown or already unsubscribed. */
export function unsubscribe(data: AccountData, params: PageParams, now: number): PageCode {
  const listId = listOf(data, params);
  const person = who(params);
  if (listId === undefined || typeof person === 'string') return 1;
  const recipient = findRecipient(data, person);
  if (!recipient) return 3;
  let changed = false;
  for (const channel of channels(person)) {
    if (data.unsubscribe(listId, recipient.id, channel, now)) changed = true;
  }
  return changed ? 0 : 3;
}

/**
 * xmlUpdSubscriber.aspx (REFERENCE §4.5): 0 updated, 1 generic error — list id not numeric, GUID malformed or of
 * another list, recipient not in the list, a `;` inside a value (count mismatch), a value containing `--`.
 * `Replace` true replaces the recipient's groups of this list with `Group` (`;`- or `,`-separated).
 */
export function updateSubscriber(data: AccountData, params: PageParams, now: number): PageCode {
  const listId = listOf(data, params);
  const person = who(params);
  if (listId === undefined || typeof person === 'string') return 1;
  const recipient = findRecipient(data, person);
  if (!recipient || !channels(person).some((c) => data.subscription(listId, recipient.id, c) !== undefined)) return 1;
  const fields = csvFields(params);
  const groupIds = ids(params.all('Group', /[,;]/));
  const replace = params.flag('Replace', false);
  if (fields === 'bad' || groupIds === 'bad' || replace === undefined) return 1;
  if (groupIds.some((g) => data.groups.get(g)?.listId !== listId)) return 1;
  data.upsertRecipient({ email: recipient.email ?? undefined, mobileNumber: recipient.mobileNumber }, { fields });
  if (replace) data.replaceGroups(listId, recipient.id, groupIds, now);
  else for (const g of groupIds) data.addToGroup(g, recipient.id, now);
  return 0;
}
