import { textOf } from '@mailup-kit/soap';
import type { Members } from '../config/members.js';
import { callOptions } from '../routing/call-options.js';
import { type Walk, walk, walkAll } from '../routing/iterable.js';
import { bind, type OperationDef } from './binding.js';
import { idOf, inputError, lineOf, notFound, numericId } from './canonical.js';
import { importRow, restRow, soapRow } from './rows.js';

/** A list, whichever transport served it. */
export interface MailingList {
  id: number;
  guid: string;
  name: string;
}

/** A new list: MailUp's mandatory sender data. */
export interface NewMailingList {
  name: string;
  ownerEmail: string;
  replyTo: string;
  senderName: string;
  companyName: string;
  contactName: string;
  address: string;
  city: string;
  /** ISO 3166 alpha-2, e.g. `IT`. */
  countryCode: string;
  /** Why recipients get the newsletter (shown in every message). */
  permissionReminder: string;
  websiteUrl: string;
  /** Business (B2B) and / or consumer (B2C) recipients. */
  business: boolean;
  customer: boolean;
}

/** Changes to a list (absent fields stay). */
export interface MailingListChanges {
  listId: number;
  name?: string;
  ownerEmail?: string;
  replyTo?: string;
  senderName?: string;
  description?: string;
}

/** SOAP's typed `GetLists` row (ids already numbers). */
type SoapListRow = { listID: number; listName: string; listGUID?: string };

function fromSoap(l: SoapListRow): MailingList {
  return { id: l.listID, guid: l.listGUID ?? '', name: l.listName };
}

function fromImport(l: { idList: number; listGUID: string; listName: string }): MailingList {
  return { id: l.idList, guid: l.listGUID, name: l.listName };
}

const REST_ALL = restRow('GET Console/List');
const REST_GET = restRow('GET Console/List/{idList}');
const REST_CREATE = restRow('POST Console/List');
const REST_UPDATE = restRow('PUT Console/List/{idList}');
const REST_DELETE = restRow('DELETE Console/List/{idList}');
const SOAP_LISTS = soapRow('MailupSend', 'GetLists');
const SOAP_CREATE = soapRow('MailupManage', 'CreateList');
const SOAP_UPDATE = soapRow('MailupManage', 'UpdateList');
const SOAP_DELETE = soapRow('MailupManage', 'DeleteList');
const IMPORT_LISTS = importRow('GetNlLists');

/** `lists.all`: every list (REST Console/List paged; SOAP GetLists; WSMailUpImport GetNlLists). */
export const LISTS_ALL: OperationDef<{ pageSize?: number }, Walk<MailingList>, Members> = {
  id: 'lists.all',
  kind: 'read',
  bindings: [
    bind('rest', [REST_ALL], (m, input, call) =>
      walk(m.rest!.lists.all({ pageSize: input.pageSize ?? 100, ...callOptions(call) }), (l) => {
        m.learnGuid(l.IdList, l.ListGuid);
        return { id: l.IdList, guid: l.ListGuid, name: l.Name };
      }),
    ),
    bind('soap', [SOAP_LISTS], async (m, _input, call) =>
      walkAll((await m.soap!.getLists(callOptions(call))).map(fromSoap)),
    ),
    bind('import', [IMPORT_LISTS], async (m, _input, call) =>
      walkAll((await m.import!.getNlLists(callOptions(call))).map(fromImport)),
    ),
  ],
};

/** `lists.get`: one list by id. */
export const LISTS_GET: OperationDef<{ listId: number }, MailingList, Members> = {
  id: 'lists.get',
  kind: 'read',
  bindings: [
    bind('rest', [REST_GET], async (m, input, call) => {
      const l = await m.rest!.lists.get(input.listId, callOptions(call));
      return { id: l.IdList, guid: l.ListGuid, name: l.Name };
    }),
    bind('soap', [SOAP_LISTS], async (m, input, call) => {
      const found = (await m.soap!.getLists(callOptions(call))).map(fromSoap).find((l) => l.id === input.listId);
      if (!found) throw notFound('lists.get', `list ${input.listId}`);
      return found;
    }),
    bind('import', [IMPORT_LISTS], async (m, input, call) => {
      const found = (await m.import!.getNlLists(callOptions(call))).map(fromImport).find((l) => l.id === input.listId);
      if (!found) throw notFound('lists.get', `list ${input.listId}`);
      return found;
    }),
  ],
};

/** Checks a new list's fields (nothing is sent on a bad one). */
export function checkNewList(list: NewMailingList): NewMailingList {
  const op = 'lists.create';
  if (list === null || typeof list !== 'object') throw inputError(op, 'the list must be an object');
  lineOf(op, 'name', list.name, 50);
  for (const f of ['ownerEmail', 'replyTo', 'senderName', 'companyName', 'contactName', 'address', 'city'] as const) {
    lineOf(op, f, list[f]);
  }
  lineOf(op, 'countryCode', list.countryCode, 2);
  lineOf(op, 'permissionReminder', list.permissionReminder, 10_000);
  lineOf(op, 'websiteUrl', list.websiteUrl);
  if (typeof list.business !== 'boolean' || typeof list.customer !== 'boolean') {
    throw inputError(op, 'business and customer must be booleans', 'business');
  }
  return list;
}

/** `lists.create`: REST (every sender field); SOAP MailupManage.CreateList (partial: not the company data). */
export const LISTS_CREATE: OperationDef<NewMailingList, MailingList, Members> = {
  id: 'lists.create',
  kind: 'write',
  bindings: [
    bind('rest', [REST_CREATE], async (m, l, call) => {
      const created = await m.rest!.lists.create(
        {
          Name: l.name,
          OwnerEmail: l.ownerEmail,
          ReplyTo: l.replyTo,
          NLSenderName: l.senderName,
          CompanyName: l.companyName,
          ContactName: l.contactName,
          Address: l.address,
          City: l.city,
          CountryCode: l.countryCode,
          PermissionReminder: l.permissionReminder,
          WebSiteUrl: l.websiteUrl,
          Business: l.business,
          Customer: l.customer,
          UseDefaultSettings: true,
        },
        callOptions(call),
      );
      m.learnGuid(created.IdList, created.ListGuid);
      return { id: created.IdList, guid: created.ListGuid, name: created.Name };
    }),
    bind(
      'soap',
      [SOAP_CREATE],
      async (m, l, call) => {
        const result = await m.soap!.manage.call(
          'CreateList',
          {
            name: l.name,
            copyTemplate: false,
            options: { owneremail: l.ownerEmail, replyto: l.replyTo, nl_sendername: l.senderName },
          },
          callOptions(call),
        );
        const id = numericId('lists.create', 'listID', result.data.listID);
        const guid = textOf(result.data.listGUID as string);
        m.learnGuid(id, guid);
        return { id, guid, name: l.name };
      },
      {
        kind: 'partial',
        differs: [
          'company, contact, address, country, permission reminder and web site are not set (MailupManage.CreateList takes name, owner, reply-to and sender name)',
        ],
      },
    ),
  ],
};

/** Checks list changes. */
export function checkListChanges(changes: MailingListChanges): MailingListChanges {
  const op = 'lists.update';
  if (changes === null || typeof changes !== 'object') throw inputError(op, 'the changes must be an object');
  idOf(op, 'listId', changes.listId);
  let any = false;
  for (const f of ['name', 'ownerEmail', 'replyTo', 'senderName', 'description'] as const) {
    if (changes[f] === undefined) continue;
    lineOf(op, f, changes[f], f === 'name' ? 50 : 1_000);
    any = true;
  }
  if (!any) throw inputError(op, 'nothing to change', 'name');
  return changes;
}

type ChangeableField = 'name' | 'ownerEmail' | 'replyTo' | 'senderName' | 'description';

/** The changeable fields under REST's names (`PUT Console/List/{idList}` body). */
const REST_FIELDS: Readonly<Record<ChangeableField, string>> = {
  name: 'Name',
  ownerEmail: 'OwnerEmail',
  replyTo: 'ReplyTo',
  senderName: 'NLSenderName',
  description: 'Description',
};

/** The changeable fields under SOAP's names (`MailupManage.UpdateList` options). */
const SOAP_FIELDS: Readonly<Record<ChangeableField, string>> = {
  name: 'name',
  ownerEmail: 'owneremail',
  replyTo: 'replyto',
  senderName: 'nl_sendername',
  description: 'description',
};

/** The given changes under a transport's field names (absent fields left out). */
function changed(c: MailingListChanges, names: Readonly<Record<ChangeableField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of Object.keys(names) as ChangeableField[]) {
    const value = c[field];
    if (value !== undefined) out[names[field]] = value;
  }
  return out;
}

/** `lists.update`: REST PUT; SOAP MailupManage.UpdateList. */
export const LISTS_UPDATE: OperationDef<MailingListChanges, MailingList, Members> = {
  id: 'lists.update',
  kind: 'idempotent-write',
  bindings: [
    bind('rest', [REST_UPDATE], async (m, c, call) => {
      const l = await m.rest!.lists.update(c.listId, changed(c, REST_FIELDS), callOptions(call));
      return { id: l.IdList, guid: l.ListGuid, name: l.Name };
    }),
    bind('soap', [SOAP_UPDATE, SOAP_LISTS], async (m, c, call) => {
      const options = changed(c, SOAP_FIELDS);
      await m.soap!.manage.call('UpdateList', { listID: c.listId, options }, callOptions(call));
      const found = (await m.soap!.getLists(callOptions(call))).map(fromSoap).find((l) => l.id === c.listId);
      if (!found) throw notFound('lists.update', `list ${c.listId}`);
      return found;
    }),
  ],
};

/** What a deletion answers. */
export interface Deleted {
  id: number;
  deleted: true;
}

/** `lists.delete`: REST DELETE (with the list's GUID, read first when unknown); SOAP MailupManage.DeleteList. */
export const LISTS_DELETE: OperationDef<{ listId: number }, Deleted, Members> = {
  id: 'lists.delete',
  kind: 'idempotent-write',
  bindings: [
    bind('rest', [REST_DELETE, REST_GET], async (m, { listId }, call) => {
      const guid = m.listGuid(listId) ?? (await m.rest!.lists.get(listId, callOptions(call))).ListGuid;
      await m.rest!.lists.delete(listId, guid, callOptions(call));
      return { id: listId, deleted: true };
    }),
    bind('soap', [SOAP_DELETE], async (m, { listId }, call) => {
      await m.soap!.manage.call('DeleteList', { listID: listId }, callOptions(call));
      return { id: listId, deleted: true };
    }),
  ],
};
