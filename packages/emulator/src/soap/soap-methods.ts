import type { AccountData } from '../store/account-data.js';
import { isEmailAddress } from '../store/email-address.js';
import type { EmulatorStore } from '../store/emulator-store.js';
import type { EmulatorMessage } from '../store/sending.js';
import { type CallArgs, SoapAnswer } from './soap-args.js';
import { soapDate, x } from './soap-results.js';

/** What a Send/Manage/Report method runs with, once the access key is checked. */
export interface MethodContext {
  store: EmulatorStore;
  data: AccountData;
  accountId: number;
  args: CallArgs;
  now: number;
}

/** A method body: the elements after errorCode/errorDescription, or an int result. */
export type MethodBody = (c: MethodContext) => string | number;

export const NOT_FOUND = -1201;
export const INVALID = -1200;
export const EXISTS = -1202;

const NEWSLETTER_TYPES = new Set(['HTML', 'URL', 'FILE', 'TEXT']);

function list(c: MethodContext, name = 'listID') {
  const id = c.args.int(name);
  const row = c.data.lists.get(id);
  if (!row) throw new SoapAnswer(NOT_FOUND, `list ${id} not found`);
  return row;
}

function message(c: MethodContext, id: number, channel: 'email' | 'sms' = 'email'): EmulatorMessage {
  const row = c.data.messages.get(id);
  if (!row || row.channel !== channel)
    throw new SoapAnswer(NOT_FOUND, `${channel === 'sms' ? 'SMS' : 'newsletter'} ${id} not found`);
  return row;
}

function listsXml(c: MethodContext): string {
  return `<lists>${[...c.data.lists.values()]
    .map(
      (l) => `<list><listID>${l.id}</listID><listName>${x(l.name)}</listName><listGUID>${x(l.guid)}</listGUID></list>`,
    )
    .join('')}</lists>`;
}

function groupsXml(c: MethodContext): string {
  const l = list(c);
  return `<groups>${[...c.data.groups.values()]
    .filter((g) => g.listId === l.id)
    .map((g) => `<group><groupID>${g.id}</groupID><groupName>${x(g.name)}</groupName><listID>${l.id}</listID></group>`)
    .join('')}</groups>`;
}

function messagesXml(c: MethodContext, channel: 'email' | 'sms'): string {
  const l = list(c);
  const rows = [...c.data.messages.values()].filter((m) => m.listId === l.id && m.channel === channel);
  const tag = channel === 'sms' ? 'sms' : 'newsletter';
  return `<list><listID>${l.id}</listID><${tag}s>${rows
    .map(
      (m) =>
        `<${tag}><${tag}ID>${m.id}</${tag}ID><subject>${x(m.subject)}</subject><note>${x(m.notes ?? '')}</note><creationdate>${soapDate(m.createdAt)}</creationdate></${tag}>`,
    )
    .join('')}</${tag}s></list>`;
}

function newsletterType(c: MethodContext, allowId = false): string {
  const type = c.args.str('type').trim().toUpperCase() || 'HTML';
  if (!NEWSLETTER_TYPES.has(type) && !(allowId && type === 'ID')) {
    throw new SoapAnswer(INVALID, `type must be HTML, URL, FILE or TEXT${allowId ? ' (or ID)' : ''}`);
  }
  return type;
}

function createMessage(
  c: MethodContext,
  channel: 'email' | 'sms',
  subjectArg: string,
  contentArg: string,
): EmulatorMessage {
  const l = list(c);
  const subject = c.args.str(subjectArg);
  if (channel === 'email' && subject.trim() === '') throw new SoapAnswer(INVALID, 'subject is required');
  return c.data.addMessage({
    listId: l.id,
    channel,
    subject,
    content: c.args.str(contentArg),
    createdAt: c.now,
    notes: c.args.options().get('note') ?? '',
  });
}

/** Recipients a SendNewsletter/SendSMS reaches from its options (`send_to` ALL | RECIPIENTS | GROUPS). */
function audience(c: MethodContext, listId: number, channel: 'email' | 'sms'): number[] {
  const options = c.args.options();
  const sendTo = (options.get('send_to') ?? 'ALL').toUpperCase();
  const subscribed = c.data.recipientsOf(listId, 'subscribed', channel);
  if (sendTo === 'ALL') return subscribed.map((r) => r.id);
  const items = (options.get('recipients') ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (sendTo === 'RECIPIENTS') {
    return items.map((e) => c.data.findRecipient({ email: e })?.id).filter((id): id is number => id !== undefined);
  }
  if (sendTo === 'GROUPS') {
    const groups = new Set(items.map(Number));
    return subscribed.filter((r) => c.data.groupsOf(r.id).some((g) => groups.has(g))).map((r) => r.id);
  }
  throw new SoapAnswer(INVALID, 'send_to must be ALL, RECIPIENTS or GROUPS');
}

function send(c: MethodContext, m: EmulatorMessage, recipientIds: number[]): number {
  const deliverydt = c.args.options().get('deliverydt');
  let scheduledAt: number | undefined;
  if (deliverydt) {
    const p = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(deliverydt);
    if (!p) throw new SoapAnswer(INVALID, 'deliverydt must be yyyyMMddHHmmss');
    scheduledAt = Date.UTC(+p[1]!, +p[2]! - 1, +p[3]!, +p[4]!, +p[5]!, +p[6]!);
  }
  const future = scheduledAt !== undefined && scheduledAt > c.now;
  return c.data.sendMessage(m.id, recipientIds, {
    now: c.now,
    scheduledAt: future ? scheduledAt : undefined,
    status: 'sent',
  }).id;
}

function deliveryStatus(c: MethodContext): string {
  const id = c.args.int('deliveryID');
  const s = c.data.sendings.get(id);
  if (!s) throw new SoapAnswer(NOT_FOUND, `delivery ${id} not found`);
  return `<deliveryID>${s.id}</deliveryID><status>${s.status}</status><recipients>${s.recipientIds.length}</recipients>`;
}

/**
 * The recipient a SendSingleNewsletter / SendSingleSMS reaches, subscribed to the list without confirmation
 * (MailUpSend has no double opt-in parameter: REFERENCE §3.4). The store's subscription rule applies.
 */
function subscribeOne(
  c: MethodContext,
  listId: number,
  key: { email?: string; mobileNumber?: string },
  channel: 'email' | 'sms',
) {
  const r = c.data.upsertRecipient(key);
  c.data.subscribe(listId, r.id, { channel, confirm: false, now: c.now });
  return r.id;
}

function mobile(c: MethodContext): string {
  const n = c.args.str('numero').replace(/[\s-]/g, '');
  if (!/^\+?\d{6,20}$/.test(n)) throw new SoapAnswer(INVALID, 'numero must be a mobile number');
  return n;
}

function newList(c: MethodContext, name: string): string {
  if (name.trim() === '') throw new SoapAnswer(INVALID, 'name is required');
  if ([...c.data.lists.values()].some((l) => l.name.toLowerCase() === name.toLowerCase()))
    throw new SoapAnswer(EXISTS, `list "${name}" exists`);
  const l = c.data.addList({ name });
  return `<listID>${l.id}</listID><listGUID>${x(l.guid)}</listGUID>`;
}

function deleteList(c: MethodContext, arg: string): string {
  const l = list(c, arg);
  c.data.deleteList(l.id);
  return `<listID>${l.id}</listID>`;
}

function applyListOptions(c: MethodContext, listId: number) {
  const l = c.data.list(listId);
  const o = c.args.options();
  if (o.has('description')) l.description = o.get('description') ?? '';
  if (o.has('owneremail')) l.ownerEmail = o.get('owneremail') ?? '';
  if (o.has('replyto')) l.replyTo = o.get('replyto') ?? '';
  if (o.has('nl_sendername')) l.senderName = o.get('nl_sendername') ?? '';
  if (o.has('sms_sendername')) l.smsSenderName = o.get('sms_sendername') ?? '';
  if (o.has('name')) l.name = o.get('name') ?? l.name;
}

const queue = (c: MethodContext) => `<queues><listID>${list(c).id}</listID></queues>`;
const ok = () => '';

/** MailUpSend's methods (REFERENCE §3.4). */
export const SEND_METHODS: Record<string, MethodBody> = {
  GetIdUser: (c) => `<idUser>${c.accountId}</idUser>`,
  GetListsUser: listsXml, // every list is visible to the account's user
  GetLists: listsXml,
  GetGroups: groupsXml,
  GetCredits: () => '<credits><sms>0</sms></credits>',
  GetCreditsLists: (c) => `<credits><listID>${list(c, 'idList').id}</listID><sms>0</sms></credits>`,
  GetUserAccess: (c) => `<userId>${c.args.int('userId')}</userId><access>1</access>`,
  CheckUserHash: (c) => `<userID>${c.args.int('userID')}</userID><valid>${c.args.str('userHash') ? 1 : 0}</valid>`,
  GetTemplates: (c) =>
    `<templates>${[...c.data.templates.values()]
      .filter((t) => t.listId === list(c).id)
      .map((t) => `<template><templateID>${t.id}</templateID></template>`)
      .join('')}</templates>`,
  GetNewsletters: (c) => messagesXml(c, 'email'),
  GetMessages: (c) => messagesXml(c, 'email'),
  CreateNewsletter: (c) => {
    newsletterType(c);
    return `<newsletterID>${createMessage(c, 'email', 'subject', 'content').id}</newsletterID>`;
  },
  EditNewsletter: (c) => {
    list(c);
    const m = message(c, c.args.int('newsletterId'));
    newsletterType(c);
    if (c.args.str('subject')) m.subject = c.args.str('subject');
    if (c.args.str('content')) m.content = c.args.str('content');
    return `<newsletterID>${m.id}</newsletterID>`;
  },
  GetNewsletterCode: (c) => {
    const l = list(c);
    const m = message(c, c.args.int('newsletterID'));
    c.args.bool('isTemplate');
    return `<listID>${l.id}</listID><newsletterID>${m.id}</newsletterID><newsletterSubject>${x(m.subject)}</newsletterSubject><newsletterHeader></newsletterHeader><newsletterBody>${x(m.content)}</newsletterBody><newsletterCode>${x(m.content)}</newsletterCode>`;
  },
  SendNewsletter: (c) => {
    const l = list(c);
    const m = message(c, c.args.int('newsletterID'));
    return `<deliveryID>${send(c, m, audience(c, l.id, 'email'))}</deliveryID>`;
  },
  GetNewsletterDeliveryStatus: deliveryStatus,
  StartDelivery: ok,
  StopDelivery: ok,
  SendNewsletterFast: (c) => {
    newsletterType(c);
    const m = createMessage(c, 'email', 'subject', 'content');
    return `<newsletterID>${m.id}</newsletterID><deliveryID>${send(c, m, audience(c, m.listId, 'email'))}</deliveryID>`;
  },
  SendSingleNewsletter: (c) => {
    const l = list(c);
    const type = newsletterType(c, true);
    const email = c.args.str('recipientEmail').trim();
    if (!isEmailAddress(email)) throw new SoapAnswer(INVALID, 'recipientEmail is not an email address');
    const m =
      type === 'ID'
        ? message(c, Number.parseInt(c.args.str('content'), 10))
        : createMessage(c, 'email', 'subject', 'content');
    const id = subscribeOne(c, l.id, { email }, 'email');
    return `<newsletterID>${m.id}</newsletterID><deliveryID>${send(c, m, [id])}</deliveryID>`;
  },
  GetNewsletterQueues: queue,
  GetNewsletterScheduleStatus: (c) =>
    `<newsletterID>${message(c, c.args.int('newsletterID')).id}</newsletterID><schedules></schedules>`,
  SetNewsletterQueueOrder: (c) => `<scheduleID>${c.args.int('scheduleID')}</scheduleID>`,
  AddNewsletterQueue: (c) => `<scheduleID>${c.args.int('deliveryID')}</scheduleID>`,
  RemoveNewsletterQueue: (c) => `<listID>${list(c).id}</listID>`,
  ScheduleNewsletterQueue: (c) => `<listID>${list(c).id}</listID><scheduleID>${c.args.int('scheduleID')}</scheduleID>`,
  PrepareNewsletterSchedule: (c) => {
    list(c);
    return `<newsletterID>${message(c, c.args.int('newsletterID')).id}</newsletterID><scheduleID>1</scheduleID>`;
  },
  SendMessageNL: (c) => {
    const byId = c.args.str('listId') ? c.data.lists.get(Number(c.args.str('listId'))) : undefined;
    const byGuid = c.args.str('listGuid') ? c.store.listByGuid(c.args.str('listGuid')) : undefined;
    const l = byId ?? (byGuid?.accountId === c.accountId ? byGuid : undefined);
    if (!l) return -1;
    const m = c.data.messages.get(Number(c.args.str('messageId')));
    if (!m) return -2;
    return send(
      c,
      m,
      c.data.recipientsOf(l.id, 'subscribed').map((r) => r.id),
    );
  },
  CloneMessage: (c) => {
    const m = c.data.messages.get(c.args.int('messageToCloneId'));
    if (!m) return -1;
    return c.data.addMessage({ ...m, subject: c.args.str('subject') || m.subject, createdAt: c.now }).id;
  },
  GetFields: (c) =>
    `<fields>${[...c.data.fieldNames].map(([id, n]) => `<field><id>${id}</id><name>${x(n)}</name></field>`).join('')}</fields>`,
  GetFields_st: (c) =>
    `<Fields>${[...c.data.fieldNames].map(([id, n]) => `<Field Name="${x(n)}" Id="${id}" />`).join('')}</Fields>`,
  CreateList_st: (c) => newList(c, c.args.str('name')),
  DeleteList_st: (c) => deleteList(c, 'listId'),
  GetListIdentity_st: (c) => `<autoId>${x(c.args.str('autoId'))}</autoId>`,
  CreateList: (c) => newList(c, c.args.str('name')),
  DeleteList: (c) => deleteList(c, 'listId'),
  GetListIdentity: (c) => `<autoId>${x(c.args.str('autoId'))}</autoId>`,
  GetSMS: (c) => messagesXml(c, 'sms'),
  CreateSMS: (c) => `<smsID>${createMessage(c, 'sms', 'subject', 'text').id}</smsID>`,
  SendSMS: (c) => {
    const l = list(c);
    const m = message(c, c.args.int('smsID'), 'sms');
    return `<deliveryID>${send(c, m, audience(c, l.id, 'sms'))}</deliveryID>`;
  },
  SendSMSFast: (c) => {
    const m = createMessage(c, 'sms', 'subject', 'text');
    return `<smsID>${m.id}</smsID><deliveryID>${send(c, m, audience(c, m.listId, 'sms'))}</deliveryID>`;
  },
  SendSingleSMS: (c) => {
    const l = list(c);
    const number = mobile(c);
    const m = createMessage(c, 'sms', 'subject', 'content');
    return `<smsID>${m.id}</smsID><deliveryID>${send(c, m, [subscribeOne(c, l.id, { mobileNumber: number }, 'sms')])}</deliveryID>`;
  },
  SendDirectSMS: (c) => {
    const l = list(c);
    const number = mobile(c);
    const m = c.data.addMessage({
      listId: l.id,
      channel: 'sms',
      subject: '',
      content: c.args.str('content'),
      createdAt: c.now,
    });
    const r = c.data.upsertRecipient({ mobileNumber: number });
    return `<deliveryID>${send(c, m, [r.id])}</deliveryID>`;
  },
  GetSMSDeliveryStatus: deliveryStatus,
  StartDeliverySMS: ok,
  StopDeliverySMS: ok,
  GetSMSQueues: queue,
  RemoveSMSQueue: (c) => `<deliveryID>${c.args.int('deliveryID')}</deliveryID>`,
  ScheduleSMSQueue: (c) => `<listID>${list(c).id}</listID><scheduleID>${c.args.int('scheduleID')}</scheduleID>`,
};

/** MailUpManage's methods (REFERENCE §3.5). */
export const MANAGE_METHODS: Record<string, MethodBody> = {
  GetLists: listsXml,
  GetIdUser: (c) => `<idUser>${c.accountId}</idUser>`,
  GetListsUser: listsXml, // every list is visible to the account's user
  GetGroups: groupsXml,
  CreateGroup: (c) => {
    const l = list(c);
    const name = c.args.str('groupName').trim();
    if (!name) throw new SoapAnswer(INVALID, 'groupName is required');
    if ([...c.data.groups.values()].some((g) => g.listId === l.id && g.name.toLowerCase() === name.toLowerCase())) {
      throw new SoapAnswer(EXISTS, `group "${name}" exists in list ${l.id}`);
    }
    return `<groupID>${c.data.addGroup(l.id, name, c.args.str('groupNotes')).id}</groupID>`;
  },
  UpdateGroup: (c) => {
    const g = c.data.groups.get(c.args.int('groupID'));
    if (!g) throw new SoapAnswer(NOT_FOUND, 'group not found');
    const o = c.args.options();
    c.data.updateGroup(g.id, {
      name: o.get('name') || undefined,
      notes: o.has('notes') ? (o.get('notes') ?? '') : undefined,
    });
    return `<groupID>${g.id}</groupID>`;
  },
  DeleteGroup: (c) => {
    const l = list(c);
    const g = c.data.groups.get(c.args.int('groupID'));
    if (!g || g.listId !== l.id) throw new SoapAnswer(NOT_FOUND, 'group not found');
    c.data.deleteGroup(g.id, { unsubscribeMembers: c.args.bool('deleteUsers'), now: c.now });
    return `<groupID>${g.id}</groupID>`;
  },
  CreateList: (c) => {
    c.args.bool('copyTemplate');
    const created = newList(c, c.args.str('name'));
    const id = Number(/<listID>(\d+)</.exec(created)?.[1]);
    applyListOptions(c, id);
    return created;
  },
  UpdateList: (c) => {
    const l = list(c);
    applyListOptions(c, l.id);
    return `<listID>${l.id}</listID>`;
  },
  DeleteList: (c) => deleteList(c, 'listID'),
};

const STATUS_IT: Record<string, string> = { subscribed: 'iscritto', pending: 'in attesa', unsubscribed: 'disiscritto' };

function reportByUser(en: boolean): MethodBody {
  return (c) => {
    const l = list(c);
    c.args.int('messageID');
    const r = c.data.findRecipient({ email: c.args.str('email') });
    if (!r) throw new SoapAnswer(NOT_FOUND, 'recipient not found');
    const email = c.data.subscription(l.id, r.id, 'email')?.status ?? 'unsubscribed';
    const sms = c.data.subscription(l.id, r.id, 'sms')?.status;
    return en
      ? `<Channels><Email>${email}</Email>${sms ? `<Sms>${sms}</Sms>` : ''}</Channels>`
      : `<Canali><Email>${STATUS_IT[email]}</Email>${sms ? `<Sms>${STATUS_IT[sms]}</Sms>` : ''}</Canali>`;
  };
}

function reportByMessage(en: boolean): MethodBody {
  return (c) => {
    const l = list(c);
    const m = message(c, c.args.int('messageID'));
    const sent = [...c.data.sendings.values()]
      .filter((s) => s.messageId === m.id)
      .reduce((n, s) => n + s.recipientIds.length, 0);
    return en
      ? `<listID>${l.id}</listID><messageID>${m.id}</messageID><Sent Total="${sent}" /><Opens Total="0"></Opens><Clicks Url="" Total="0"></Clicks>`
      : `<listID>${l.id}</listID><messageID>${m.id}</messageID><Inviati Totale="${sent}" /><Aperture Totale="0"></Aperture><Click Url="" Totale="0"></Click>`;
  };
}

/** MailUpReport's methods (REFERENCE §3.6). */
export const REPORT_METHODS: Record<string, MethodBody> = {
  ReportByUser: reportByUser(false),
  ReportByUserEN: reportByUser(true),
  ReportByMessage: reportByMessage(false),
  ReportByMessageEN: reportByMessage(true),
};
