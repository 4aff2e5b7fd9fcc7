import type { AccountData } from '../store/account-data.js';
import { isEmailAddress } from '../store/email-address.js';
import type { EmulatorStore } from '../store/emulator-store.js';
import type { EmulatorList } from '../store/list.js';
import type { SubscriptionStatus } from '../store/recipient.js';
import { type CallArgs, SoapAnswer } from './soap-args.js';
import { children, nameOf, parseTree, textOf } from './soap-envelope-reader.js';
import { x } from './soap-results.js';

/** One recipient of a parsed `xmlDoc` feed. */
export interface FeedRecipient {
  email: string;
  prefix: string;
  number: string;
  name: string;
  fields: Record<number, string>;
}

/** A prepared import (NewImportProcess) waiting for StartProcess: the module's bookkeeping, keyed by import id. */
export interface PendingImport {
  accountId: number;
  importId: number;
  feed: FeedRecipient[];
  importType: number;
  mobileInputType: number;
  asPending: boolean;
  asOptOut: boolean;
  /** Subscribes again recipients that opted out (else they are counted in `OptOut…` and left out). */
  forceOptIn: boolean;
  replaceGroups: boolean;
  groupIds: number[];
  confirmEmail: boolean;
  counts?: Record<string, number>;
  startedAt?: number;
  endedAt?: number;
}

/** What an Import method runs with, once the Authentication header is checked. */
export interface ImportContext {
  store: EmulatorStore;
  data: AccountData;
  accountId: number;
  args: CallArgs;
  now: number;
  pending: Map<string, PendingImport>;
}

/**
 * Parses an `xmlDoc` feed (REFERENCE §3.7): `<subscribers><subscriber email="…" Prefix="…" Number="…" Name="…">`
 * with `campoN` children (any value may also be a child element); -402 when it cannot be converted. Read in one
 * linear pass (the envelope reader's tree), whatever the feed.
 */
export function parseFeed(xmlDoc: string): FeedRecipient[] {
  let doc: ReturnType<typeof parseTree>;
  try {
    if (/<!DOCTYPE|<!ENTITY/i.test(xmlDoc)) throw new Error('DTD');
    doc = parseTree(xmlDoc);
  } catch {
    throw new SoapAnswer(-402, 'xml to csv conversion failed');
  }
  const root = doc.find((n) => nameOf(n) === 'subscribers');
  const subs = root ? children(root).filter((n) => nameOf(n) === 'subscriber') : [];
  return subs.map((node) => {
    const s: Record<string, string> = {};
    for (const [k, v] of Object.entries(node[':@'] ?? {})) s[k.slice(1)] = v;
    for (const child of children(node)) {
      const name = nameOf(child);
      if (name !== '#text' && !(name in s)) s[name] = textOf(child);
    }
    const fields: Record<number, string> = {};
    for (const [k, v] of Object.entries(s)) {
      const n = /^campo(\d{1,2})$/i.exec(k)?.[1];
      if (n) fields[Number(n)] = v;
    }
    const attr = (name: string) => {
      const key = Object.keys(s).find((k) => k.toLowerCase() === name);
      return key ? (s[key] ?? '').trim() : '';
    };
    return { email: attr('email'), prefix: attr('prefix'), number: attr('number'), name: attr('name'), fields };
  });
}

/** -102 for a malformed GUID, -101 when id and GUID do not name the same list of this account. */
export function verifiedList(c: ImportContext, idList: number, guid: string): EmulatorList {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid.trim())) {
    throw new SoapAnswer(-102, 'list GUID format not valid');
  }
  const l = c.data.lists.get(idList);
  if (!l || l.guid.toLowerCase() !== guid.trim().toLowerCase()) throw new SoapAnswer(-101, 'list verification failed');
  return l;
}

function listsXml(c: ImportContext): string {
  return `<Lists>${[...c.data.lists.values()]
    .map(
      (l) =>
        `<List idList="${l.id}" listGUID="${x(l.guid)}" listName="${x(l.name)}"><Groups>${[...c.data.groups.values()]
          .filter((g) => g.listId === l.id)
          .map((g) => `<Group idGroup="${g.id}" groupName="${x(g.name)}" />`)
          .join('')}</Groups></List>`,
    )
    .join('')}</Lists>`;
}

function prepare(c: ImportContext, list: EmulatorList, xmlDoc: string, groupIds: number[]): number {
  if (xmlDoc.trim() === '') throw new SoapAnswer(-401, 'xmlDoc empty');
  const feed = parseFeed(xmlDoc);
  const importType = c.args.int('importType');
  const mobileInputType = c.args.int('mobileInputType');
  if (importType < 1 || importType > 6 || (mobileInputType !== 1 && mobileInputType !== 2)) {
    throw new SoapAnswer(-400, 'importType must be 1–6 and mobileInputType 1 or 2');
  }
  for (const g of groupIds) {
    if (c.data.groups.get(g)?.listId !== list.id)
      throw new SoapAnswer(-403, `group ${g} is not a group of list ${list.id}`);
  }
  const row = c.data.addImport({
    listId: list.id,
    groupIds,
    status: 'queued',
    createdAt: c.now,
    created: 0,
    updated: 0,
    invalid: 0,
  });
  c.pending.set(`${c.accountId}:${row.id}`, {
    accountId: c.accountId,
    importId: row.id,
    feed,
    importType,
    mobileInputType,
    asPending: c.args.bool('asPending'),
    asOptOut: c.args.bool('asOptOut'),
    forceOptIn: c.args.bool('forceOptIn'),
    replaceGroups: c.args.bool('replaceGroups'),
    confirmEmail: c.args.bool('ConfirmEmail'),
    groupIds,
  });
  return row.id;
}

/** Runs a prepared import on the shared store: recipients, subscriptions and group memberships REST then sees. */
function run(c: ImportContext, importId: number): void {
  const job = c.pending.get(`${c.accountId}:${importId}`);
  const row = c.data.imports.get(importId);
  if (!row) throw new SoapAnswer(-600, `process ${importId} not found`);
  if (!job) {
    // an import created by another protocol (REST) with no feed prepared here: nothing to add
    if (row.status === 'queued') row.status = 'completed';
    return;
  }
  if (row.status === 'running') throw new SoapAnswer(-601, 'a process is already running for the list');
  if (row.status === 'completed') return;
  const email = job.importType % 3 !== 2; // 1,3,4,6
  const sms = job.importType % 3 !== 1; // 2,3,5,6
  const overwrite = job.importType >= 4;
  const status: SubscriptionStatus = job.asOptOut ? 'unsubscribed' : job.asPending ? 'pending' : 'subscribed';
  const counts: Record<string, number> = {
    NewEmail: 0,
    ExistingEmail: 0,
    OptOutEmail: 0,
    NewMobile: 0,
    ExistingMobile: 0,
    OptOutMobile: 0,
  };
  row.status = 'running';
  job.startedAt = c.now;
  let invalid = 0;
  for (const r of job.feed) {
    const emailAddress = email && isEmailAddress(r.email) ? r.email : undefined;
    const number = sms && r.number ? (job.mobileInputType === 2 ? `${r.prefix}${r.number}` : r.number) : undefined;
    if (!emailAddress && !number) {
      invalid++;
      continue;
    }
    const existed = c.data.findRecipient({ email: emailAddress, mobileNumber: number });
    const fields = Object.fromEntries(Object.entries(r.fields).filter(([, v]) => overwrite || v !== ''));
    const recipient = c.data.upsertRecipient(
      { email: emailAddress, mobileNumber: number, mobilePrefix: job.mobileInputType === 2 ? r.prefix : undefined },
      { ...(r.name || overwrite ? { name: r.name } : {}), fields },
    );
    for (const [channel, on] of [
      ['email', !!emailAddress],
      ['sms', !!number],
    ] as const) {
      if (!on) continue;
      const before = c.data.subscription(row.listId, recipient.id, channel)?.status;
      const suffix = channel === 'email' ? 'Email' : 'Mobile';
      if (status === 'unsubscribed') c.data.unsubscribe(row.listId, recipient.id, channel, c.now, true);
      // The store's subscription rule, with the Import service's own switch: an opted-out recipient stays out
      // unless forceOptIn (REFERENCE §3.7), and is counted in OptOutEmail / OptOutMobile.
      const outcome =
        status === 'unsubscribed'
          ? undefined
          : c.data.subscribe(row.listId, recipient.id, {
              channel,
              confirm: status === 'pending',
              keepOptOut: !job.forceOptIn,
              now: c.now,
            });
      const key =
        outcome?.after === 'unsubscribed'
          ? `OptOut${suffix}`
          : existed || before
            ? `Existing${suffix}`
            : `New${suffix}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    if (job.replaceGroups) c.data.replaceGroups(row.listId, recipient.id, job.groupIds, c.now);
    else for (const g of job.groupIds) c.data.addToGroup(g, recipient.id, c.now);
  }
  row.created = (counts.NewEmail ?? 0) + (counts.NewMobile ?? 0);
  row.updated = (counts.ExistingEmail ?? 0) + (counts.ExistingMobile ?? 0);
  row.invalid = invalid;
  row.status = 'completed';
  job.counts = counts;
  job.endedAt = c.now;
}

/** The NewImportProcess payloads prepared for a list and not started yet, oldest first. */
function pendingOf(c: ImportContext, listId: number): number[] {
  const ids: number[] = [];
  for (const job of c.pending.values()) {
    if (job.accountId !== c.accountId) continue;
    const row = c.data.imports.get(job.importId);
    if (row?.listId === listId && row.status === 'queued') ids.push(job.importId);
  }
  return ids.sort((a, b) => a - b);
}

function groupList(raw: string): number[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new SoapAnswer(-403, `group id "${s.slice(0, 20)}" is not a number`);
      return Number(s);
    });
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** WSMailUpImport's methods: each returns the `mailupBody` content after ReturnCode, and the code. */
export const IMPORT_METHODS: Record<string, (c: ImportContext) => { code: number; body?: string }> = {
  GetIdWsUser: (c) => ({ code: c.accountId }),
  GetIdUser: (c) => {
    const account = c.store.accountByUser(c.args.str('userName').trim());
    if (!account || account.id !== c.accountId) throw new SoapAnswer(-1001, 'account not valid');
    return { code: account.id };
  },
  GetNlLists: (c) => ({ code: 0, body: listsXml(c) }),
  GetNlListsUser: (c) => ({ code: 0, body: listsXml(c) }), // every list is visible to the account's user
  CreateGroup: (c) => {
    const idList = c.args.int('idList');
    if (idList <= 0) throw new SoapAnswer(-301, 'list not specified');
    const l = verifiedList(c, idList, c.args.str('listGUID'));
    const name = c.args.str('newGroupName').trim();
    if (!name) throw new SoapAnswer(-302, 'group name missing');
    if ([...c.data.groups.values()].some((g) => g.listId === l.id && g.name.toLowerCase() === name.toLowerCase())) {
      throw new SoapAnswer(-303, 'group exists');
    }
    return { code: c.data.addGroup(l.id, name).id };
  },
  NewImportProcess: (c) => {
    const l = verifiedList(c, c.args.int('idList'), c.args.str('listGUID'));
    c.args.int('idConfirmNL');
    return { code: prepare(c, l, c.args.str('xmlDoc'), groupList(c.args.str('idGroups'))) };
  },
  StartProcess: (c) => {
    verifiedList(c, c.args.int('idList'), c.args.str('listGUID'));
    run(c, c.args.int('idProcess'));
    return { code: 0 };
  },
  StartImportProcesses: (c) => {
    const ids = c.args
      .str('listsIDs')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const guids = c.args
      .str('listsGUIDs')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.length !== guids.length)
      throw new SoapAnswer(-450, 'lists ids and GUIDs counts differ');
    const groups = c.args.str('groupsIDs').split(';');
    const xmlDoc = c.args.str('xmlDoc');
    const processes = ids.map((id, i) => {
      try {
        if (!/^\d+$/.test(id)) throw new SoapAnswer(-101, 'list verification failed');
        const l = verifiedList(c, Number(id), guids[i] ?? '');
        const groupIds = groupList(groups[i] ?? '');
        // xmlDoc absent or empty (minOccurs=0): every pending NewImportProcess payload of the list is imported,
        // each with its own options and groups (REFERENCE §3.7, MailUp ≥ 8.2.1); none pending ⇒ -401 for the list.
        const importIds = xmlDoc.trim() === '' ? pendingOf(c, l.id) : [prepare(c, l, xmlDoc, groupIds)];
        if (importIds.length === 0) throw new SoapAnswer(-401, 'xmlDoc empty and no import process pending');
        return importIds
          .map((importId) => {
            run(c, importId);
            return `<process><processID>${importId}</processID><listID>${l.id}</listID><ReturnCode>0</ReturnCode></process>`;
          })
          .join('');
      } catch (error) {
        if (!(error instanceof SoapAnswer) || (error.code === -401 && xmlDoc.trim() !== '') || error.code === -402)
          throw error;
        return `<process><processID>0</processID><listID>${x(id)}</listID><ReturnCode>${error.code}</ReturnCode></process>`;
      }
    });
    return { code: 0, body: `<processes>${processes.join('')}</processes>` };
  },
  GetProcessDetails: (c) => {
    verifiedList(c, c.args.int('idList'), c.args.str('listGUID'));
    const id = c.args.int('idProcess');
    const row = c.data.imports.get(id);
    const job = c.pending.get(`${c.accountId}:${id}`);
    if (!row) throw new SoapAnswer(-501, 'idProcess not found');
    const n = job?.counts ?? {};
    const status = { queued: 1, running: 2, completed: 3, failed: 4 }[row.status];
    const el = (k: string, v: string | number) => `<${k}>${v}</${k}>`;
    return {
      code: 0,
      body:
        `<ImportProcess idProcess="${row.id}">${el('StartDate', iso(job?.startedAt))}${el('EndDate', iso(job?.endedAt))}` +
        `${el('TotalContacts', job?.feed.length ?? 0)}${[
          'NewEmail',
          'ExistingEmail',
          'OptOutEmail',
          'NewMobile',
          'ExistingMobile',
          'OptOutMobile',
        ]
          .map((k) => el(k, n[k] ?? 0))
          .join('')}${el('StatusCode', status)}${el('IsRunning', row.status === 'running' ? 'true' : 'false')}` +
        `${el('ConfirmationEmail', job?.confirmEmail ? 'true' : 'false')}${el('ConfirmationSent', 'false')}</ImportProcess>`,
    };
  },
};
