import type { AccountData } from '../store/account-data.js';
import type { EmulatorRecipient, SubscriptionStatus } from '../store/recipient.js';
import type { EmulatorImport } from '../store/sending.js';
import type { EmulatorRequest } from '../types.js';
import { queryParam } from './collection.js';
import {
  fail,
  fieldsOf,
  int,
  RECIPIENT_KEYS,
  type RestHandler,
  type RestKit,
  type RestRoute,
  restDate,
  restDateMs,
  str,
  validEmail,
} from './route-helpers.js';

/** How long an asynchronous import takes on the emulator clock: 500 ms plus 1 ms per 1 000 rows. */
export function importDurationMs(rows: number): number {
  return 500 + Math.ceil(rows / 1000);
}

/** A recipient row of a request body, checked. */
interface RecipientRow {
  email: string | undefined;
  mobileNumber: string | undefined;
  mobilePrefix: string | undefined;
  name: string | undefined;
  fields: Record<number, string>;
}

function readRow(body: unknown): RecipientRow | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const email = typeof b.Email === 'string' && b.Email.trim() !== '' ? b.Email.trim() : undefined;
  const mobile = typeof b.MobileNumber === 'string' && b.MobileNumber.trim() !== '' ? b.MobileNumber.trim() : undefined;
  if (email === undefined && mobile === undefined) return undefined;
  if (email !== undefined && !validEmail(email)) return undefined;
  if (mobile !== undefined && !/^\+?\d{5,20}$/.test(mobile)) return undefined;
  let fields: Record<number, string>;
  try {
    fields = fieldsOf(b);
  } catch {
    return undefined;
  }
  return {
    email,
    mobileNumber: mobile,
    mobilePrefix: typeof b.MobilePrefix === 'string' && b.MobilePrefix !== '' ? b.MobilePrefix : undefined,
    name: typeof b.Name === 'string' ? b.Name : undefined,
    fields,
  };
}

/** True when `ConfirmEmail` (any case) is `true`. */
function confirmEmail(req: EmulatorRequest): boolean {
  return (queryParam(req.query, 'ConfirmEmail') ?? '').toLowerCase() === 'true';
}

/**
 * Adds or updates one recipient and subscribes it to `listId` (pending with double opt-in). MailUp denies a row
 * whose email and mobile number belong to two different recipients (a key mismatch).
 */
function upsertInto(data: AccountData, row: RecipientRow, listId: number, status: SubscriptionStatus, now: number) {
  const byEmail = row.email === undefined ? undefined : data.recipientByEmail(row.email.toLowerCase());
  const byMobile = row.mobileNumber === undefined ? undefined : data.findRecipient({ mobileNumber: row.mobileNumber });
  if (byEmail && byMobile && byEmail !== byMobile) return undefined;
  if (byEmail && row.mobileNumber !== undefined && byEmail.mobileNumber && byEmail.mobileNumber !== row.mobileNumber) {
    return undefined;
  }
  const existing = byEmail ?? byMobile;
  const r = data.upsertRecipient(
    existing?.email ? { email: existing.email, mobileNumber: row.mobileNumber, mobilePrefix: row.mobilePrefix } : row,
    { ...(row.name === undefined ? {} : { name: row.name }), fields: row.fields },
  );
  if (row.email !== undefined && r.email === undefined) r.email = row.email.toLowerCase();
  // The store's subscription rule (a subscribed recipient is not moved back to pending; an opted-out one is
  // subscribed again: REST has no "keep opt-outs" switch). An import as unsubscribed opts out.
  for (const channel of row.mobileNumber !== undefined && status !== 'pending'
    ? (['email', 'sms'] as const)
    : (['email'] as const)) {
    if (status === 'unsubscribed') data.unsubscribe(listId, r.id, channel, now, true);
    else data.subscribe(listId, r.id, { channel, confirm: status === 'pending', now });
  }
  return { recipient: r, created: existing === undefined };
}

/** Status of an asynchronous import (`GET Console/Import/{idImport}`). */
function importStatus(i: EmulatorImport, now: number) {
  const done = i.status === 'completed' || (i.completesAt ?? 0) <= now;
  return {
    idImport: i.id,
    Completed: done,
    UpdatedRecipients: done ? i.updated : 0,
    ValidRecipients: done ? i.created + i.updated : 0,
    CreatedRecipients: done ? i.created : 0,
    ImportedRecipients: done ? i.created + i.updated : 0,
    NotValidRecipients: done ? i.invalid : 0,
  };
}

/** `ConsoleImportDetail` (REFERENCE §6.5, artifacts/rest wcf-help). */
function importDetail(i: EmulatorImport, now: number) {
  const done = (i.completesAt ?? 0) <= now;
  const valid = i.created + i.updated;
  return {
    EndDate: done ? restDate(i.completesAt ?? i.createdAt) : '',
    FieldSeparator: '',
    Filename: '',
    IdGroups: i.groupIds,
    IdImport: i.id,
    IdList: i.listId,
    IgnoreDoubleQuotes: false,
    IgnoreFirstRow: false,
    ImportAsUnsubscribed: i.importAsUnsubscribed === true,
    IncludePendingRecipients: i.sendConfirmationEmail === true,
    OverwriteEmptyFields: false,
    ReplaceExistingGroup: false,
    Rows: {
      Invalid: {
        InvalidEmail: done ? i.invalid : 0,
        InvalidNumber: 0,
        Total: done ? i.invalid : 0,
        WithoutEmail: 0,
        WithoutNumber: 0,
        WithoutPrefix: 0,
      },
      Total: i.rows ?? valid + i.invalid,
      Valid: {
        EmailNew: done ? i.created : 0,
        EmailUpdate: done ? i.updated : 0,
        NumberNew: 0,
        NumberUpdate: 0,
        RepeatedEmail: 0,
        RepeatedNumber: 0,
        Total: done ? valid : 0,
      },
    },
    SendConfirmationEmail: i.sendConfirmationEmail === true,
    StartDate: restDate(i.createdAt),
    StatusCode: done ? 3 : 1,
  };
}

/**
 * Asynchronous imports waiting for the emulator clock (their rows are applied when they complete). The POST answers
 * with the import id at once; each import then completes by itself on a timer at its completion time, so its rows
 * are applied while the emulator is otherwise idle instead of on the path of whichever request comes next. Every
 * request still calls {@link PendingImports.settle} first: an import whose time has come (the clock was advanced,
 * or its timer has not run yet) is applied before anything is read, so answers never see a due import half-done.
 */
export class PendingImports {
  private readonly waiting = new Map<
    EmulatorImport,
    { data: AccountData; rows: unknown[]; status: SubscriptionStatus; timer?: ReturnType<typeof setTimeout> }
  >();

  /**
   * Holds an import's rows until it completes. With `now` (the emulator clock), a timer applies them when the
   * import is due; without it, only {@link settle} does.
   */
  add(entry: EmulatorImport, data: AccountData, rows: unknown[], status: SubscriptionStatus, now?: () => number): void {
    this.waiting.set(entry, { data, rows, status });
    if (now) this.schedule(entry, now);
  }

  private schedule(entry: EmulatorImport, now: () => number): void {
    const job = this.waiting.get(entry);
    if (!job) return;
    const timer = setTimeout(
      () => {
        job.timer = undefined;
        this.settle(now());
        // Still waiting: real time ran ahead of the emulator clock's view (never behind: it only moves forward).
        this.schedule(entry, now);
      },
      Math.max(0, (entry.completesAt ?? 0) - now()),
    );
    timer.unref?.();
    job.timer = timer;
  }

  /** Applies every import whose time has come (call before any read). */
  settle(now: number): void {
    for (const [entry, job] of this.waiting) {
      if ((entry.completesAt ?? 0) > now) continue;
      this.waiting.delete(entry);
      if (job.timer !== undefined) clearTimeout(job.timer);
      const at = entry.completesAt ?? now;
      // The list (or a group) may have been deleted since the POST: its rows cannot land, they count as not valid.
      const landing = job.data.lists.has(entry.listId) && entry.groupIds.every((g) => job.data.groups.has(g));
      for (const raw of job.rows) {
        const row = landing ? readRow(raw) : undefined;
        const done = row ? upsertInto(job.data, row, entry.listId, job.status, at) : undefined;
        if (!done) {
          entry.invalid++;
          continue;
        }
        if (done.created) entry.created++;
        else entry.updated++;
        for (const g of entry.groupIds) job.data.addToGroup(g, done.recipient.id, now);
      }
      entry.status = 'completed';
    }
  }

  /** Forgets every waiting import and its timer (the emulator is closing). */
  clear(): void {
    for (const job of this.waiting.values()) if (job.timer !== undefined) clearTimeout(job.timer);
    this.waiting.clear();
  }
}

function optinJson(data: AccountData, listId: number, r: EmulatorRecipient) {
  const s = data.subscription(listId, r.id);
  const status = s?.status === 'subscribed' ? 'OPTIN' : s?.status === 'pending' ? 'PENDING' : 'OPTOUT';
  return {
    Email: r.email ?? '',
    Optin_Date: restDateMs(s?.optinDate),
    Optin_Request_Date: restDateMs(s?.optinRequestDate),
    Optin_Request_IP: null,
    Optout_Date: restDateMs(s?.optoutDate),
    Optout_MsgID: null,
    Optout_Subtype: null,
    Optout_Type: s?.status === 'unsubscribed' ? 'Console' : null,
    Status: status,
    idRecipient: r.id,
  };
}

function group(k: RestKit, req: EmulatorRequest) {
  const id = k.id(req, 'idGroup');
  const g = k.data(req).groups.get(id);
  if (!g) fail(404, `Group ${id} not found`);
  return g;
}

function addOne(k: RestKit, req: EmulatorRequest, listId: number, groupId: number | undefined) {
  const row = readRow(k.body(req));
  if (!row) fail(400, 'Invalid recipient: an Email or a MobileNumber (valid) is required');
  const data = k.data(req);
  const done = upsertInto(data, row, listId, confirmEmail(req) ? 'pending' : 'subscribed', k.at(req));
  if (!done) fail(400, 'Recipient key mismatch: the email and the mobile number belong to different recipients');
  if (groupId !== undefined) data.addToGroup(groupId, done.recipient.id, k.at(req));
  return k.ok(done.recipient.id);
}

function startImport(k: RestKit, req: EmulatorRequest, listId: number, groupIds: number[]) {
  const body = k.body(req);
  if (!Array.isArray(body)) fail(400, 'A JSON array of recipients is required');
  const data = k.data(req);
  const type = (queryParam(req.query, 'importType') ?? '').toLowerCase();
  if (type !== '' && type !== 'asoptin' && type !== 'asoptout') fail(400, `Invalid importType: '${type}'`);
  const confirm = confirmEmail(req) || (queryParam(req.query, 'confirmMessage') ?? '').toLowerCase() === 'true';
  const status: SubscriptionStatus = type === 'asoptout' ? 'unsubscribed' : confirm ? 'pending' : 'subscribed';
  const now = k.at(req);
  const entry = data.addImport({
    listId,
    groupIds,
    status: 'running',
    createdAt: now,
    created: 0,
    updated: 0,
    invalid: 0,
    completesAt: now + importDurationMs(body.length),
    rows: body.length,
    sendConfirmationEmail: confirm,
    importAsUnsubscribed: type === 'asoptout',
  });
  if (confirm) {
    const message = data.addMessage({
      listId,
      channel: 'email',
      subject: 'Please confirm your subscription',
      content: '<p>[confirmlink]</p>',
      createdAt: now,
      isConfirmation: true,
    });
    entry.sendingId = data.addSending({
      messageId: message.id,
      listId,
      groupId: undefined,
      status: 'queued',
      createdAt: now,
      scheduledAt: undefined,
      recipientIds: [],
    }).id;
  }
  k.pending.add(entry, data, body, status, () => k.now());
  return k.ok(entry.id);
}

function byStatus(status: SubscriptionStatus): RestHandler {
  return (req, k) => {
    const list = k.list(req);
    const data = k.data(req);
    // From the subscription index, each recipient turned into JSON only when its page is read (issue 19).
    return k.lazyPage(
      req,
      data.recipientIdsOf(list.id, status),
      (id) => {
        const r = data.recipients.get(id);
        return r && k.recipientJson(data, r);
      },
      RECIPIENT_KEYS,
    );
  };
}

function importOf(k: RestKit, req: EmulatorRequest, name: string) {
  const id = k.id(req, name);
  const entry = k.data(req).imports.get(id);
  if (!entry) fail(404, `Import ${id} not found`);
  return entry;
}

/** Recipients, subscriptions, dynamic fields and asynchronous imports (REFERENCE §6.5 "Recipients"). */
export const RECIPIENT_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Recipient',
    xml: 'int',
    handler: (req, k) => addOne(k, req, k.list(req).id, undefined),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Recipient',
    xml: 'int',
    handler: (req, k) => {
      const g = group(k, req);
      return addOne(k, req, g.listId, g.id);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Recipients',
    xml: 'int',
    handler: (req, k) => startImport(k, req, k.list(req).id, []),
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Recipients',
    xml: 'int',
    handler: (req, k) => {
      const g = group(k, req);
      return startImport(k, req, g.listId, [g.id]);
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Import/{idImport}',
    xml: 'ConsoleImportStatus',
    handler: (req, k) => k.ok(importStatus(importOf(k, req, 'idImport'), k.at(req))),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Imports',
    xml: 'ConsoleImportDetail',
    handler: (req, k) => {
      const now = k.at(req);
      const items = [...k.data(req).imports.values()].map((i) => importDetail(i, now));
      return k.page(req, items, Object.keys(importDetail(EMPTY_IMPORT, 0)));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Imports/{idImport}',
    xml: 'ConsoleImportDetail',
    handler: (req, k) => k.ok(importDetail(importOf(k, req, 'idImport'), k.at(req))),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Import/{idImport}/Sending',
    xml: 'int',
    handler: (req, k) => {
      const entry = importOf(k, req, 'idImport');
      if (entry.sendingId === undefined) fail(404, `Import ${entry.id} created no confirmation sending`);
      return k.ok(entry.sendingId);
    },
  },
  ...(['Subscribed', 'Unsubscribed', 'Pending'] as const).map(
    (name): RestRoute => ({
      method: 'GET',
      service: 'Console',
      path: `Console/List/{idList}/Recipients/${name}`,
      xml: 'ConsoleRecipientItem',
      handler: byStatus(name === 'Subscribed' ? 'subscribed' : name === 'Unsubscribed' ? 'unsubscribed' : 'pending'),
    }),
  ),
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Recipients/EmailOptins',
    xml: 'ConsoleEmailOptinItem',
    handler: (req, k) => {
      const list = k.list(req);
      const data = k.data(req);
      const items: Record<string, unknown>[] = [];
      for (const s of data.subscriptions.values()) {
        if (s.listId !== list.id || s.channel !== 'email') continue;
        const r = data.recipients.get(s.recipientId);
        if (r) items.push(optinJson(data, list.id, r));
      }
      items.sort((a, b) => (a.idRecipient as number) - (b.idRecipient as number));
      return k.page(req, items, Object.keys(EMPTY_OPTIN));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Recipients',
    xml: 'ConsoleRecipientItem',
    handler: (req, k) => {
      const g = group(k, req);
      const data = k.data(req);
      const items: Record<string, unknown>[] = [];
      for (const m of data.groupMembers.values()) {
        const r = m.groupId === g.id ? data.recipients.get(m.recipientId) : undefined;
        if (r) items.push(k.recipientJson(data, r));
      }
      items.sort((a, b) => (a.idRecipient as number) - (b.idRecipient as number));
      return k.page(req, items, RECIPIENT_KEYS);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Subscribe/{idRecipient}',
    handler: (req, k) => {
      const list = k.list(req);
      const r = k.recipient(req);
      k.data(req).subscribe(list.id, r.id, { confirm: false, now: k.at(req) });
      return k.empty();
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Unsubscribe/{idRecipient}',
    handler: (req, k) => {
      const list = k.list(req);
      const r = k.recipient(req);
      k.data(req).unsubscribe(list.id, r.id, 'email', k.at(req), true);
      return k.empty();
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Subscribe/{idRecipient}',
    handler: (req, k) => {
      const g = group(k, req);
      const r = k.recipient(req);
      const data = k.data(req);
      // confirmSubscription=true by default: joining a group also subscribes to its list.
      const confirm = (queryParam(req.query, 'confirmSubscription') ?? 'true').toLowerCase() !== 'false';
      if (confirm) data.subscribe(g.listId, r.id, { confirm: false, now: k.at(req) });
      data.addToGroup(g.id, r.id, k.at(req));
      return k.empty();
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/Group/{idGroup}/Unsubscribe/{idRecipient}',
    handler: (req, k) => {
      const g = group(k, req);
      const r = k.recipient(req);
      k.data(req).removeFromGroup(g.id, r.id);
      return k.empty();
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Recipient/{idRecipient}',
    handler: (req, k) => {
      const list = k.list(req);
      const r = k.recipient(req);
      k.data(req).removeFromList(list.id, r.id);
      return k.empty();
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/Recipients/{idRecipient}',
    handler: (req, k) => {
      const r = k.recipient(req);
      k.data(req).removeFromAllLists(r.id);
      return k.empty();
    },
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/Recipient/Detail',
    xml: 'ConsoleRecipientItem',
    handler: (req, k) => {
      const body = k.object(req);
      const id = int(body, 'idRecipient');
      const data = k.data(req);
      // No idRecipient (or WCF's default 0): the recipient is the one with this Email — mailupy's
      // update_customer_fields sends {Name, Email, Fields} and gets it back (REFERENCE §12, INFERRED).
      const byEmail = id === undefined || id === 0 ? str(body, 'Email') : undefined;
      if ((id === undefined || id === 0) && !byEmail) fail(400, 'Mandatory field missing: idRecipient');
      const r =
        byEmail === undefined ? data.recipients.get(id as number) : data.recipientByEmail(byEmail.toLowerCase());
      if (!r) fail(404, byEmail === undefined ? `Recipient ${id} not found` : 'Recipient not found');
      const name = str(body, 'Name');
      if (name !== undefined) r.name = name;
      const email = str(body, 'Email');
      if (email !== undefined && email !== '' && email.toLowerCase() !== r.email) {
        if (!validEmail(email)) fail(400, `Invalid email address`);
        if (data.recipientByEmail(email.toLowerCase())) fail(400, 'Recipient key mismatch: email already in use');
        data.setRecipientEmail(r.id, email);
      }
      const mobile = str(body, 'MobileNumber');
      if (mobile !== undefined && mobile !== '') r.mobileNumber = mobile;
      const prefix = str(body, 'MobilePrefix');
      if (prefix !== undefined && prefix !== '') r.mobilePrefix = prefix;
      for (const [n, value] of Object.entries(fieldsOf(body))) r.fields.set(Number(n), value);
      return k.ok(k.recipientJson(data, r));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Recipient/DynamicFields',
    xml: 'ConsoleDynamicFieldItem',
    handler: (req, k) =>
      k.page(
        req,
        [...k.data(req).fieldNames].map(([id, description]) => ({ Description: description, Id: id })),
        ['Description', 'Id'],
      ),
  },
];

const EMPTY_IMPORT: EmulatorImport = {
  id: 0,
  listId: 0,
  groupIds: [],
  status: 'completed',
  createdAt: 0,
  created: 0,
  updated: 0,
  invalid: 0,
};

const EMPTY_OPTIN = {
  Email: '',
  Optin_Date: '',
  Optin_Request_Date: '',
  Optin_Request_IP: null,
  Optout_Date: '',
  Optout_MsgID: null,
  Optout_Subtype: null,
  Optout_Type: null,
  Status: '',
  idRecipient: 0,
};
