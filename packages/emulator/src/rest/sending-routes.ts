import type { AccountData } from '../store/account-data.js';
import type { Channel, EmulatorRecipient } from '../store/recipient.js';
import type { EmulatorMessage, EmulatorSending, SendingStatus } from '../store/sending.js';
import type { EmulatorRequest } from '../types.js';
import { queryParam } from './collection.js';
import {
  fail,
  fieldsOf,
  type RestHandler,
  type RestKit,
  type RestRoute,
  requiredStr,
  restDate,
  str,
  validEmail,
} from './route-helpers.js';

/** How long an immediate sending stays `sending` on the emulator clock before it is `sent`. */
export const SENDING_DURATION_MS = 1_000;

const SENDING_KEYS = ['idSending', 'idMessage', 'idList', 'Subject', 'Status', 'StartDate', 'Sent'];

/** Reads MailUp's `datetime` (`"2015-10-20 05:00:00Z"`, quotes included or not) or a body `Date`. */
export function parseSendDate(raw: string): number {
  const text = raw.trim().replace(/^"(.*)"$/, '$1');
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)
    ? text.replace(' ', 'T')
    : '';
  const ms = iso === '' ? Number.NaN : Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) fail(400, `Invalid datetime: '${text.slice(0, 40)}' (expected "yyyy-MM-dd HH:mm:ssZ")`);
  return ms;
}

/** Moves immediate sendings that have run their course to `sent`, deferred ones whose time came to `sending`. */
export function settleSendings(data: AccountData, now: number): void {
  for (const s of data.sendings.values()) {
    if (s.status === 'deferred' && (s.scheduledAt ?? 0) <= now) s.status = 'sending';
    if (s.status === 'sending' && (s.scheduledAt ?? s.createdAt) + SENDING_DURATION_MS <= now) s.status = 'sent';
  }
}

function sendingJson(data: AccountData, s: EmulatorSending) {
  return {
    idSending: s.id,
    idMessage: s.messageId,
    idList: s.listId,
    Subject: data.messages.get(s.messageId)?.subject ?? '',
    Status: s.status,
    StartDate: restDate(s.scheduledAt ?? s.createdAt),
    Sent: s.sent ?? 0,
  };
}

function messageOf(k: RestKit, req: EmulatorRequest, channel: Channel, listId?: number): EmulatorMessage {
  const id = k.id(req, 'idMessage');
  const m = k.data(req).messages.get(id);
  if (!m || m.channel !== channel || (listId !== undefined && m.listId !== listId)) {
    fail(404, `Message ${id} not found`);
  }
  return m;
}

function sendingOf(k: RestKit, req: EmulatorRequest, channel: Channel): EmulatorSending {
  const id = k.id(req, 'idSending');
  const data = k.data(req);
  settleSendings(data, k.now());
  const s = data.sendings.get(id);
  if (!s || data.messages.get(s.messageId)?.channel !== channel) fail(404, `Sending ${id} not found`);
  return s;
}

/** Sends `m` to `recipients` now or at `datetime`; MailUp's `{InvalidRecipients, Sent, UnprocessedRecipients, idMessage}`. */
function send(k: RestKit, req: EmulatorRequest, m: EmulatorMessage, recipients: EmulatorRecipient[], groupId?: number) {
  const data = k.data(req);
  const now = k.now();
  const at = queryParam(req.query, 'datetime');
  const scheduledAt = at === undefined ? undefined : parseSendDate(at);
  const sending = data.sendMessage(
    m.id,
    recipients.map((r) => r.id),
    { now, scheduledAt, groupId, status: 'sending' },
  );
  return {
    sending,
    answer: { InvalidRecipients: [], Sent: recipients.length, UnprocessedRecipients: [], idMessage: m.id },
  };
}

function subscribed(data: AccountData, listId: number, channel: Channel, groupId?: number) {
  return data
    .recipientsOf(listId, 'subscribed', channel)
    .filter((r) => groupId === undefined || data.groupMembers.has(`${groupId}:${r.id}`));
}

function group(k: RestKit, req: EmulatorRequest) {
  const id = k.id(req, 'idGroup');
  const g = k.data(req).groups.get(id);
  if (!g) fail(404, `Group ${id} not found`);
  return g;
}

/** Sends a list's message to the list's subscribers on `channel`. */
function toList(channel: Channel): RestHandler {
  return (req, k) => {
    const list = k.list(req);
    const m = messageOf(k, req, channel, list.id);
    return k.ok(send(k, req, m, subscribed(k.data(req), list.id, channel)).answer);
  };
}

/** Sends a list's message to one of its groups' subscribers on `channel`. */
function toGroup(channel: Channel): RestHandler {
  return (req, k) => {
    const g = group(k, req);
    const m = messageOf(k, req, channel, g.listId);
    return k.ok(send(k, req, m, subscribed(k.data(req), g.listId, channel, g.id), g.id).answer);
  };
}

function queue(channel: Channel, statuses: SendingStatus[]): RestHandler {
  return (req, k) => {
    const data = k.data(req);
    settleSendings(data, k.now());
    const items = [...data.sendings.values()]
      .filter((s) => statuses.includes(s.status) && data.messages.get(s.messageId)?.channel === channel)
      .map((s) => sendingJson(data, s));
    return k.page(req, items, SENDING_KEYS);
  };
}

function schedule(channel: Channel, how: 'Immediate' | 'Deferred'): RestHandler {
  return (req, k) => {
    const s = sendingOf(k, req, channel);
    if (s.status === 'sent' || s.status === 'sending') fail(400, `Sending ${s.id} already started`);
    if (how === 'Immediate') {
      s.status = 'sending';
      s.scheduledAt = k.now();
    } else {
      const body = k.body(req);
      const raw =
        typeof body === 'string'
          ? body
          : body && typeof body === 'object'
            ? (body as Record<string, unknown>).Date
            : undefined;
      const fromQuery = queryParam(req.query, 'datetime');
      const text = typeof raw === 'string' ? raw : fromQuery;
      if (text === undefined) fail(400, 'Mandatory field missing: Date');
      s.scheduledAt = parseSendDate(text);
      s.status = s.scheduledAt > k.now() ? 'deferred' : 'sending';
    }
    return k.empty();
  };
}

function firstUsefulDate(channel: Channel): RestHandler {
  return (req, k) => {
    const s = sendingOf(k, req, channel);
    return k.ok({ Date: restDate(Math.max(s.scheduledAt ?? 0, k.now() + 60_000)) });
  };
}

function smsJson(m: EmulatorMessage) {
  return {
    Content: m.content,
    CreationDate: restDate(m.createdAt),
    Fields: [],
    Notes: m.notes ?? '',
    Sender: m.sender ?? '',
    idList: m.listId,
    idMessage: m.id,
  };
}

/** Email and SMS sendings, queue, stop/delete and history (REFERENCE §6.5 "Sending", "SMS"). */
export const SENDING_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/Send',
    xml: 'ConsoleSendingResult',
    handler: toList('email'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Email/{idMessage}/Send',
    xml: 'ConsoleSendingResult',
    handler: toGroup('email'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Email/Send',
    xml: 'ConsoleSendingResult',
    handler: (req, k) => {
      const body = k.object(req);
      const email = requiredStr(body, 'Email');
      const id = body.idMessage;
      if (typeof id !== 'number' || !Number.isInteger(id)) fail(400, 'Mandatory field missing: idMessage');
      const data = k.data(req);
      const m = data.messages.get(id);
      if (m?.channel !== 'email') fail(404, `Message ${id} not found`);
      if (!validEmail(email)) {
        return k.ok({
          Id: 0,
          InvalidRecipients: [{ Email: email }],
          Sent: 0,
          UnprocessedRecipients: [],
          idMessage: id,
        });
      }
      const r = data.upsertRecipient({ email }, { fields: fieldsOf(body) });
      const { sending, answer } = send(k, req, m, [r]);
      return k.ok({ Id: sending.id, ...answer });
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Email/{idMessage}/SendHistory',
    xml: 'ConsoleSendingItem',
    handler: (req, k) => {
      const list = k.list(req);
      const m = messageOf(k, req, 'email', list.id);
      const data = k.data(req);
      settleSendings(data, k.now());
      const items = [...data.sendings.values()].filter((s) => s.messageId === m.id).map((s) => sendingJson(data, s));
      return k.page(req, items, SENDING_KEYS);
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Email/Sendings/Immediate',
    xml: 'ConsoleSendingItem',
    handler: queue('email', ['sending']),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Email/Sendings/Deferred',
    xml: 'ConsoleSendingItem',
    handler: queue('email', ['deferred']),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Email/Sendings/Undefined',
    xml: 'ConsoleSendingItem',
    handler: queue('email', ['queued', 'stopped']),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Email/Sendings/{idSending}/Immediate',
    handler: schedule('email', 'Immediate'),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Email/Sendings/{idSending}/Deferred',
    xml: 'ConsoleDeferredDate',
    handler: firstUsefulDate('email'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Email/Sendings/{idSending}/Deferred',
    handler: schedule('email', 'Deferred'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Email/Sendings/{idSending}/Stop',
    handler: (req, k) => {
      const s = sendingOf(k, req, 'email');
      if (s.status === 'sent') fail(400, `Sending ${s.id} is already completed`);
      s.status = 'stopped';
      return k.empty();
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/Email/Sendings/{idSending}',
    handler: (req, k) => {
      const s = sendingOf(k, req, 'email');
      if (s.status === 'sending') fail(400, `Sending ${s.id} is running: stop it first`);
      k.data(req).deleteSending(s.id);
      return k.empty();
    },
  },
  // SMS (REFERENCE §6.5 "SMS")
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/List/{idList}/Message',
    xml: 'ConsoleSmsMessageDetails',
    handler: (req, k) => {
      const list = k.list(req);
      const body = k.object(req);
      const content = requiredStr(body, 'Content');
      if (content.length > 670) fail(400, 'Content must be at most 670 characters');
      const m = k.data(req).addMessage({
        listId: list.id,
        channel: 'sms',
        subject: str(body, 'Subject') ?? content.slice(0, 50),
        content,
        createdAt: k.now(),
        notes: str(body, 'Notes') ?? '',
        sender: str(body, 'Sender') ?? list.smsSenderName,
      });
      return k.ok(smsJson(m));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/List/{idList}/Messages',
    xml: 'ConsoleSmsMessageDetails',
    handler: (req, k) => {
      const list = k.list(req);
      const items = [...k.data(req).messages.values()]
        .filter((m) => m.channel === 'sms' && m.listId === list.id)
        .map(smsJson);
      return k.page(req, items, ['Content', 'CreationDate', 'Fields', 'Notes', 'Sender', 'idList', 'idMessage']);
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/List/{idList}/Message/{idMessage}',
    xml: 'ConsoleSmsMessageDetails',
    handler: (req, k) => k.ok(smsJson(messageOf(k, req, 'sms', k.list(req).id))),
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/Sms/List/{idList}/Message/{idMessage}',
    xml: 'ConsoleSmsMessageDetails',
    handler: (req, k) => {
      const m = messageOf(k, req, 'sms', k.list(req).id);
      const body = k.object(req);
      m.content = str(body, 'Content') ?? m.content;
      m.notes = str(body, 'Notes') ?? m.notes;
      m.sender = str(body, 'Sender') ?? m.sender;
      return k.ok(smsJson(m));
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/List/{idList}/Message/{idMessage}/Send',
    xml: 'ConsoleSendingResult',
    handler: toList('sms'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/Group/{idGroup}/Message/{idMessage}/Send',
    xml: 'ConsoleSendingResult',
    handler: toGroup('sms'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/Send',
    xml: 'ConsoleSendingResult',
    handler: (req, k) => {
      const body = k.object(req);
      const number = requiredStr(body, 'Number');
      const prefix = str(body, 'Prefix') ?? '';
      const id = body.idMessage;
      if (typeof id !== 'number' || !Number.isInteger(id)) fail(400, 'Mandatory field missing: idMessage');
      const data = k.data(req);
      const m = data.messages.get(id);
      if (m?.channel !== 'sms') fail(404, `Message ${id} not found`);
      if (!/^\d{5,20}$/.test(number) || (prefix !== '' && !/^\+?\d{1,6}$/.test(prefix))) {
        return k.ok({
          InvalidRecipients: [{ Number: number, Prefix: prefix }],
          Sent: 0,
          UnprocessedRecipients: [],
          idMessage: id,
        });
      }
      const r = data.upsertRecipient(
        { mobileNumber: number, mobilePrefix: prefix === '' ? undefined : prefix },
        { fields: fieldsOf(body) },
      );
      return k.ok(send(k, req, m, [r]).answer);
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/Sendings/Immediate',
    xml: 'ConsoleSendingItem',
    handler: queue('sms', ['sending']),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/Sendings/Deferred',
    xml: 'ConsoleSendingItem',
    handler: queue('sms', ['deferred']),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/Sendings/Undefined',
    xml: 'ConsoleSendingItem',
    handler: queue('sms', ['queued', 'stopped']),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/Sendings/{idSending}/Immediate',
    handler: schedule('sms', 'Immediate'),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Sms/Sendings/{idSending}/Deferred',
    handler: schedule('sms', 'Deferred'),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/Sending/{idSending}/Deferred',
    xml: 'ConsoleDeferredDate',
    handler: firstUsefulDate('sms'),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/{idMessage}/Sendings/Report',
    xml: 'ConsoleSmsReport',
    handler: (req, k) => {
      const m = messageOf(k, req, 'sms');
      const data = k.data(req);
      settleSendings(data, k.now());
      const mine = [...data.sendings.values()].filter((s) => s.messageId === m.id);
      const sent = mine.reduce((n, s) => n + (s.status === 'sent' ? (s.sent ?? 0) : 0), 0);
      return k.ok({ idMessage: m.id, Sendings: mine.length, Sent: sent, NotSent: 0, Credits: sent });
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Sms/{idMessage}/Sendings/ReportDetails',
    xml: 'ConsoleSmsReportDetail',
    handler: (req, k) => {
      const m = messageOf(k, req, 'sms');
      const data = k.data(req);
      settleSendings(data, k.now());
      const items = [...data.sendings.values()]
        .filter((s) => s.messageId === m.id)
        .flatMap((s) =>
          s.recipientIds.map((id) => {
            const r = data.recipients.get(id);
            return {
              idSending: s.id,
              idRecipient: id,
              Number: r?.mobileNumber ?? '',
              Prefix: r?.mobilePrefix ?? '',
              Status: s.status === 'sent' ? 'Delivered' : 'Pending',
              Date: restDate(s.scheduledAt ?? s.createdAt),
            };
          }),
        );
      return k.page(req, items, ['idSending', 'idRecipient', 'Number', 'Prefix', 'Status', 'Date']);
    },
  },
];
