import type { AccountData } from '../store/account-data.js';
import type { EmulatorGroup, EmulatorList } from '../store/list.js';
import { INVALID_TOKEN_DESCRIPTION } from './rest-error-body.js';
import { bool, fail, int, type RestRoute, requiredStr, str } from './route-helpers.js';

/** Sender data `POST Console/List` requires (REFERENCE §6.5). */
export const LIST_MANDATORY = [
  'Name',
  'OwnerEmail',
  'ReplyTo',
  'NLSenderName',
  'CompanyName',
  'ContactName',
  'Address',
  'City',
  'CountryCode',
  'PermissionReminder',
  'WebSiteUrl',
] as const;

const COUNTRIES: ReadonlyArray<[string, string]> = [
  ['IT', 'Italy'],
  ['US', 'United States'],
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['ES', 'Spain'],
];

const TIME_ZONES: ReadonlyArray<[string, string, string]> = [
  ['UTC+00:00.0', 'UTC', 'Coordinated Universal Time'],
  ['UTC+01:00.0', 'W. Europe Standard Time', '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna'],
  ['UTC-05:00.0', 'Eastern Standard Time', '(UTC-05:00) Eastern Time (US & Canada)'],
];

function listJson(list: EmulatorList): Record<string, unknown> {
  const s = list.settings ?? {};
  return {
    ...s,
    IdList: list.id,
    ListGuid: list.guid,
    Name: list.name,
    Description: list.description,
    Company: list.companyName,
    CompanyName: list.companyName,
    OwnerEmail: list.ownerEmail,
    ReplyTo: list.replyTo,
    NLSenderName: list.senderName,
    SmsSenderName: list.smsSenderName,
    DefaultPrefix: list.defaultPrefix,
    MultiOptoutList: typeof s.MultiOptoutList === 'string' ? s.MultiOptoutList : '',
  };
}

/** Keys of a group item. */
const GROUP_KEYS = ['Count', 'Deletable', 'Name', 'Notes', 'idGroup', 'idList'];

/**
 * MailUp answers `Count: null` in group listings and on creation (artifacts/rest-samples); the members are counted
 * by `GET Group/{id}/Recipients`.
 */
function groupJson(_data: AccountData, g: EmulatorGroup): Record<string, unknown> {
  return { Count: null, Deletable: true, Name: g.name, Notes: g.notes, idGroup: g.id, idList: g.listId };
}

function applyListBody(list: EmulatorList, body: Record<string, unknown>): void {
  const name = str(body, 'Name');
  if (name !== undefined) {
    if (name.length > 50) fail(400, 'Name must be at most 50 characters');
    list.name = name;
  }
  list.description = str(body, 'Description') ?? list.description;
  list.ownerEmail = str(body, 'OwnerEmail') ?? list.ownerEmail;
  list.replyTo = str(body, 'ReplyTo') ?? list.replyTo;
  list.senderName = str(body, 'NLSenderName') ?? list.senderName;
  list.companyName = str(body, 'CompanyName') ?? list.companyName;
  list.smsSenderName = str(body, 'SmsSenderName') ?? list.smsSenderName;
  list.defaultPrefix = str(body, 'DefaultPrefix') ?? list.defaultPrefix;
  const known = new Set(['IdList', 'ListGuid', 'Name', 'Description', 'OwnerEmail', 'ReplyTo', 'NLSenderName']);
  const settings: Record<string, unknown> = { ...(list.settings ?? {}) };
  for (const [key, value] of Object.entries(body)) {
    if (known.has(key) || key === 'CompanyName' || key === 'SmsSenderName' || key === 'DefaultPrefix') continue;
    if (value !== null && typeof value === 'object') continue;
    settings[key] = value;
  }
  list.settings = settings;
}

/** Account, lists, countries, time zones and groups (REFERENCE §6.5 "Account", "Lists", "Groups"). */
export const LIST_ROUTES: readonly RestRoute[] = [
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Authentication/Info',
    xml: 'AuthenticationInfo',
    handler: (req, k) => {
      const a = k.ctx.store.accounts.get(req.auth?.accountId ?? -1);
      if (!a) return { problem: { kind: 'unauthorized', description: INVALID_TOKEN_DESCRIPTION } };
      return k.ok({
        Company: a.company,
        ExpiryDate: '2099-12-31 00:00:00.000',
        IsTrial: false,
        UID: String(a.id),
        Url: k.ctx.baseUrl().replace(/^https?:\/\//, ''),
        Username: a.consoleUser,
        Version: '9.0.0',
      });
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/Authentication/Details',
    xml: 'AuthenticationDetails',
    handler: (req, k) => {
      const a = k.ctx.store.accounts.get(req.auth?.accountId ?? -1);
      if (!a) return { problem: { kind: 'unauthorized', description: INVALID_TOKEN_DESCRIPTION } };
      const data = k.data(req);
      return k.ok({
        AutoRenewal: true,
        Company: a.company,
        CreditsByList: [...data.lists.keys()].map((id) => ({ Credit: 0, ListId: id })),
        Email: `${a.consoleUser}@emulator.invalid`,
        ExpiryDate: '2099-12-31 00:00:00.000',
        IsTrial: false,
        Lang: 'EN',
        Plan: 4,
        TotalCredits: 0,
        UID: String(a.id),
        Url: k.ctx.baseUrl().replace(/^https?:\/\//, ''),
        Username: a.consoleUser,
        Version: '9.0.0',
      });
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/User/Lists',
    xml: 'ConsoleUserListItem',
    handler: (req, k) =>
      k.page(
        req,
        [...k.data(req).lists.values()].map((l) => ({
          Company: l.companyName,
          Description: l.description,
          Name: l.name,
          idList: l.id,
          listGuid: l.guid,
        })),
        ['Company', 'Description', 'Name', 'idList', 'listGuid'],
      ),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List',
    xml: 'ConsoleListItem',
    handler: (req, k) => {
      const items = [...k.data(req).lists.values()].map(listJson);
      return k.page(req, items, Object.keys(items[0] ?? listJson(EMPTY_LIST)));
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List',
    xml: 'ConsoleListDetails',
    handler: (req, k) => {
      const body = k.object(req);
      for (const field of LIST_MANDATORY) requiredStr(body, field);
      for (const flag of ['Business', 'Customer']) {
        if (bool(body, flag) === undefined) fail(400, `Mandatory field missing: ${flag}`);
      }
      const copyFrom = int(body, 'IdSettings');
      const useDefault = bool(body, 'UseDefaultSettings');
      if (copyFrom === undefined && useDefault !== true) {
        fail(400, 'Mandatory field missing: IdSettings or UseDefaultSettings');
      }
      const data = k.data(req);
      if (copyFrom !== undefined && !data.lists.has(copyFrom)) fail(400, `Invalid IdSettings: list ${copyFrom}`);
      const list = data.addList({ name: requiredStr(body, 'Name') });
      applyListBody(list, body);
      return k.ok(listJson(list));
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}',
    xml: 'ConsoleListDetails',
    handler: (req, k) => k.ok(listJson(k.list(req))),
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/List/{idList}',
    xml: 'ConsoleListDetails',
    handler: (req, k) => {
      const list = k.list(req);
      applyListBody(list, k.object(req));
      return k.ok(listJson(list));
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}',
    handler: (req, k) => {
      const list = k.list(req);
      const header = req.headers['if-match'];
      const value = (Array.isArray(header) ? header[0] : header)?.trim().replace(/^"(.*)"$/, '$1');
      if (value === undefined || value === '') fail(403, 'Missing If-Match header.');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
        fail(412, 'If-Match header content type must be: System.Guid.');
      }
      if (value.toLowerCase() !== list.guid.toLowerCase()) fail(412, 'Invalid [listGuid] from If-Match header field.');
      k.data(req).deleteList(list.id);
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/Countries',
    xml: 'ConsoleCountry',
    handler: (_req, k) => k.ok(COUNTRIES.map(([code, name]) => ({ CountryCode: code, CountryName: name }))),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/TimeZones',
    xml: 'ConsoleTimeZone',
    handler: (_req, k) =>
      k.ok(
        TIME_ZONES.map(([code, name, description]) => ({
          OffsetFromUTC: code.slice(3, 9),
          TimeZoneCode: code,
          TimeZoneDescription: description,
          TimeZoneName: name,
        })),
      ),
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Groups',
    xml: 'ConsoleGroupItem',
    handler: (req, k) => {
      const list = k.list(req);
      const data = k.data(req);
      const items = [...data.groups.values()].filter((g) => g.listId === list.id).map((g) => groupJson(data, g));
      return k.page(req, items, GROUP_KEYS);
    },
  },
  {
    method: 'POST',
    service: 'Console',
    path: 'Console/List/{idList}/Group',
    xml: 'ConsoleGroupItem',
    handler: (req, k) => {
      const list = k.list(req);
      const body = k.object(req);
      const data = k.data(req);
      const group = data.addGroup(list.id, requiredStr(body, 'Name'), str(body, 'Notes') ?? '');
      return k.ok(groupJson(data, group));
    },
  },
  {
    method: 'PUT',
    service: 'Console',
    path: 'Console/List/{idList}/Group/{idGroup}',
    xml: 'ConsoleGroupItem',
    handler: (req, k) => {
      const list = k.list(req);
      const data = k.data(req);
      const group = data.groups.get(k.id(req, 'idGroup'));
      if (!group || group.listId !== list.id) fail(404, `Group ${req.params.idGroup} not found`);
      const body = k.object(req);
      data.updateGroup(group.id, { name: str(body, 'Name'), notes: str(body, 'Notes') });
      return k.ok(groupJson(data, group));
    },
  },
  {
    method: 'DELETE',
    service: 'Console',
    path: 'Console/List/{idList}/Group/{idGroup}',
    handler: (req, k) => {
      const list = k.list(req);
      const data = k.data(req);
      const id = k.id(req, 'idGroup');
      const group = data.groups.get(id);
      if (!group || group.listId !== list.id) fail(404, `Group ${id} not found`);
      data.deleteGroup(id);
      return k.empty();
    },
  },
  {
    method: 'GET',
    service: 'Console',
    path: 'Console/List/{idList}/Recipient/{idRecipient}/Groups',
    xml: 'ConsoleGroupItem',
    handler: (req, k) => {
      const list = k.list(req);
      const r = k.recipient(req);
      const data = k.data(req);
      const items = data
        .groupsOf(r.id)
        .map((id) => data.groups.get(id))
        .filter((g): g is EmulatorGroup => g !== undefined && g.listId === list.id)
        .map((g) => groupJson(data, g));
      return k.page(req, items, GROUP_KEYS);
    },
  },
];

const EMPTY_LIST: EmulatorList = {
  id: 0,
  accountId: 0,
  guid: '',
  name: '',
  description: '',
  ownerEmail: '',
  replyTo: '',
  senderName: '',
  companyName: '',
  smsSenderName: '',
  defaultPrefix: '',
};
