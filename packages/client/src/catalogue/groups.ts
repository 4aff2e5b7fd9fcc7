import type { Members } from '../config/members.js';
import { callOptions } from '../routing/call-options.js';
import { type Walk, walk, walkAll } from '../routing/iterable.js';
import { bind, type OperationDef } from './binding.js';
import { idOf, inputError, lineOf, numericId } from './canonical.js';
import { importRow, restRow, soapRow } from './rows.js';

/** A group of a list, whichever transport served it. */
export interface ListGroup {
  id: number;
  listId: number;
  name: string;
}

/** A group to create. */
export interface NewListGroup {
  listId: number;
  name: string;
  notes?: string;
}

/** Changes to a group. */
export interface ListGroupChanges {
  listId: number;
  groupId: number;
  name?: string;
  notes?: string;
}

const REST_LIST = restRow('GET Console/List/{idList}/Groups');
const REST_CREATE = restRow('POST Console/List/{idList}/Group');
const REST_UPDATE = restRow('PUT Console/List/{idList}/Group/{idGroup}');
const REST_DELETE = restRow('DELETE Console/List/{idList}/Group/{idGroup}');
const SOAP_GROUPS = soapRow('MailupSend', 'GetGroups');
const SOAP_CREATE = soapRow('MailupManage', 'CreateGroup');
const SOAP_UPDATE = soapRow('MailupManage', 'UpdateGroup');
const SOAP_DELETE = soapRow('MailupManage', 'DeleteGroup');
const IMPORT_LISTS = importRow('GetNlLists');
const IMPORT_CREATE = importRow('CreateGroup');

function guidFor(m: Members, operation: string, listId: number): string {
  const guid = m.listGuid(listId);
  if (!guid) throw inputError(operation, `the GUID of list ${listId} is unknown: give it in listGuids`, 'listGuids');
  return guid;
}

/** `groups.of`: the groups of a list (REST paged; SOAP GetGroups; WSMailUpImport GetNlLists). */
export const GROUPS_OF: OperationDef<{ listId: number; pageSize?: number }, Walk<ListGroup>, Members> = {
  id: 'groups.of',
  kind: 'read',
  bindings: [
    bind('rest', [REST_LIST], (m, { listId, pageSize }, call) =>
      walk(m.rest!.groups.list(listId, { pageSize: pageSize ?? 100, ...callOptions(call) }), (g) => ({
        id: g.idGroup,
        listId: g.idList,
        name: g.Name,
      })),
    ),
    bind('soap', [SOAP_GROUPS], async (m, { listId }, call) =>
      walkAll(
        (await m.soap!.getGroups(listId, callOptions(call))).map((g) => ({
          id: numericId('groups.of', 'groupID', g.groupID),
          listId,
          name: g.groupName,
        })),
      ),
    ),
    bind('import', [IMPORT_LISTS], async (m, { listId }, call) => {
      const list = (await m.import!.getNlLists(callOptions(call))).find((l) => l.idList === listId);
      return walkAll(
        (list?.groups ?? []).map((g) => ({
          id: numericId('groups.of', 'idGroup', g.idGroup),
          listId,
          name: g.groupName,
        })),
      );
    }),
  ],
};

/** Checks a new group. */
export function checkNewGroup(g: NewListGroup): NewListGroup {
  const op = 'groups.create';
  if (g === null || typeof g !== 'object') throw inputError(op, 'the group must be an object');
  idOf(op, 'listId', g.listId);
  lineOf(op, 'name', g.name, 50);
  if (g.notes !== undefined) lineOf(op, 'notes', g.notes);
  return g;
}

/** `groups.create`: REST; SOAP MailupManage.CreateGroup; WSMailUpImport CreateGroup (partial: no notes). */
export const GROUPS_CREATE: OperationDef<NewListGroup, ListGroup, Members> = {
  id: 'groups.create',
  kind: 'write',
  bindings: [
    bind('rest', [REST_CREATE], async (m, g, call) => {
      const created = await m.rest!.groups.create(
        g.listId,
        { Name: g.name, ...(g.notes === undefined ? {} : { Notes: g.notes }) },
        callOptions(call),
      );
      return { id: created.idGroup, listId: created.idList, name: created.Name };
    }),
    bind('soap', [SOAP_CREATE], async (m, g, call) => {
      const result = await m.soap!.manage.call(
        'CreateGroup',
        { listID: g.listId, groupName: g.name, groupNotes: g.notes ?? '' },
        callOptions(call),
      );
      return { id: numericId('groups.create', 'groupID', result.data.groupID), listId: g.listId, name: g.name };
    }),
    bind(
      'import',
      [IMPORT_CREATE],
      async (m, g, call) => {
        const id = await m.import!.createGroup(
          g.listId,
          guidFor(m, 'groups.create', g.listId),
          g.name,
          callOptions(call),
        );
        return { id, listId: g.listId, name: g.name };
      },
      { kind: 'partial', differs: ['notes are not set (WSMailUpImport.CreateGroup takes a name only)'] },
    ),
  ],
};

/** Checks group changes. */
export function checkGroupChanges(c: ListGroupChanges): ListGroupChanges {
  const op = 'groups.update';
  if (c === null || typeof c !== 'object') throw inputError(op, 'the changes must be an object');
  idOf(op, 'listId', c.listId);
  idOf(op, 'groupId', c.groupId);
  if (c.name === undefined && c.notes === undefined) throw inputError(op, 'nothing to change', 'name');
  if (c.name !== undefined) lineOf(op, 'name', c.name, 50);
  if (c.notes !== undefined && c.notes !== '') lineOf(op, 'notes', c.notes);
  return c;
}

/** `groups.update`: REST PUT; SOAP MailupManage.UpdateGroup. */
export const GROUPS_UPDATE: OperationDef<ListGroupChanges, ListGroup, Members> = {
  id: 'groups.update',
  kind: 'idempotent-write',
  bindings: [
    bind('rest', [REST_UPDATE], async (m, c, call) => {
      const body = {
        ...(c.name === undefined ? {} : { Name: c.name }),
        ...(c.notes === undefined ? {} : { Notes: c.notes }),
      };
      const g = await m.rest!.groups.update(c.listId, c.groupId, body, callOptions(call));
      return { id: g.idGroup, listId: g.idList, name: g.Name };
    }),
    bind('soap', [SOAP_UPDATE, SOAP_GROUPS], async (m, c, call) => {
      const options = {
        ...(c.name === undefined ? {} : { name: c.name }),
        ...(c.notes === undefined ? {} : { notes: c.notes }),
      };
      await m.soap!.manage.call('UpdateGroup', { groupID: c.groupId, options }, callOptions(call));
      const g = (await m.soap!.getGroups(c.listId, callOptions(call))).find((x) => x.groupID === c.groupId);
      return { id: c.groupId, listId: c.listId, name: g?.groupName ?? c.name ?? '' };
    }),
  ],
};

/** What a group deletion answers. */
export interface GroupDeleted {
  id: number;
  listId: number;
  deleted: true;
}

/** `groups.delete`: REST DELETE; SOAP MailupManage.DeleteGroup (recipients stay subscribed to the list). */
export const GROUPS_DELETE: OperationDef<{ listId: number; groupId: number }, GroupDeleted, Members> = {
  id: 'groups.delete',
  kind: 'idempotent-write',
  bindings: [
    bind('rest', [REST_DELETE], async (m, { listId, groupId }, call) => {
      await m.rest!.groups.delete(listId, groupId, callOptions(call));
      return { id: groupId, listId, deleted: true };
    }),
    bind('soap', [SOAP_DELETE], async (m, { listId, groupId }, call) => {
      await m.soap!.manage.call(
        'DeleteGroup',
        { listID: listId, groupID: groupId, deleteUsers: false },
        callOptions(call),
      );
      return { id: groupId, listId, deleted: true };
    }),
  ],
};
