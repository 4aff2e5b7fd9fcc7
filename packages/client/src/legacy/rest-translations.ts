import { type ClientCallOptions, MailUpError } from '@mailup-kit/core';
import { REST_OPERATIONS, type RestClient, type RestOperationSpec } from '@mailup-kit/rest';
import {
  type DecodedXml,
  decodeResult,
  findOperation,
  type SoapCallResult,
  type SoapOptions,
  type SoapServiceName,
} from '@mailup-kit/soap';
import { migrationOf } from '../migration/soap-to-rest.js';

/** How `legacy.call` serves one SOAP-named operation over REST, answering the SOAP client's result shape. */
export interface RestTranslation {
  /** The REST table rows it calls (typed references; the migration entry's rows first). */
  readonly rows: readonly RestOperationSpec[];
  /** Why these arguments cannot be served over REST with the same meaning (then the call stays on SOAP). */
  unsupported(args: Readonly<Record<string, unknown>>): string | undefined;
  run(
    rest: RestClient,
    args: Readonly<Record<string, unknown>>,
    options: ClientCallOptions,
  ): Promise<SoapCallResult<unknown> | number>;
}

/**
 * What the SOAP client's typed call answers for `name` (`MailupSend.GetLists`) when its result document's root
 * content is `body` after `errorCode` / `errorDescription`: `raw` is that content as SOAP's decoder gives it (text
 * as strings, repeated elements as arrays, attributes under `@_`), `data` is `raw` read through the operation's own
 * result schema with the soap package's `decodeResult` — the same schema and decoder the SOAP client uses, so both
 * members answer one shape from one source.
 */
function soapShape(name: string, body: DecodedXml): SoapCallResult<unknown> {
  const dot = name.indexOf('.');
  const row = findOperation(name.slice(0, dot) as SoapServiceName, name.slice(dot + 1));
  if (!row) throw new Error(`legacy: no SOAP row "${name}"`);
  const raw: DecodedXml = { errorCode: '0', errorDescription: '', ...body };
  return {
    errorCode: 0,
    errorDescription: '',
    root: `${row.method}Result`,
    data: decodeResult(row.schema, raw, { protocol: 'rest', operation: name }),
    raw,
  };
}

/** Rows of the migration entry of `name` (plus `extra`), so a translation never restates a row by hand. */
function rowsOf(name: string, extra: readonly string[] = []): RestOperationSpec[] {
  const entry = migrationOf(name);
  if (!entry || entry.rest.length === 0) throw new Error(`legacy: ${name} has no REST rows in the migration table`);
  return [
    ...entry.rest,
    ...extra.map((n) => {
      const row = Object.values(REST_OPERATIONS).find((op) => op.name === n);
      if (!row) throw new Error(`legacy: no REST row "${n}"`);
      return row;
    }),
  ];
}

/** The options of a call as Key ⇒ Value (keys lower-cased, as MailUp reads them). */
function optionsOf(args: Readonly<Record<string, unknown>>): Map<string, string> {
  const raw = args.options as SoapOptions | undefined;
  const out = new Map<string, string>();
  if (!raw) return out;
  const pairs = Array.isArray(raw)
    ? (raw as ReadonlyArray<{ Key: string; Value: unknown }>).map((o) => [o.Key, o.Value] as const)
    : Object.entries(raw);
  for (const [key, value] of pairs) out.set(String(key).toLowerCase(), String(value));
  return out;
}

function onlyOptions(args: Readonly<Record<string, unknown>>, allowed: Record<string, (v: string) => boolean>) {
  for (const [key, value] of optionsOf(args)) {
    const ok = allowed[key];
    if (!ok) return `option ${key.slice(0, 40)} has no REST equivalent here`;
    if (!ok(value)) return `option ${key.slice(0, 40)}=${value.slice(0, 40)} has no REST equivalent here`;
  }
  return undefined;
}

const num = (v: unknown) => v as number;
const trim = (v: unknown) => String(v ?? '').trim();

function listsResult(name: string) {
  return async (rest: RestClient, _args: Readonly<Record<string, unknown>>, options: ClientCallOptions) => {
    const lists = await rest.lists.all(options).toArray();
    return soapShape(name, {
      lists:
        lists.length === 0
          ? ''
          : {
              list: lists.map((l) => ({
                listID: String(l.IdList),
                listName: trim(l.Name),
                listGUID: trim(l.ListGuid),
              })),
            },
    });
  };
}

function groupsResult(name: string) {
  return async (rest: RestClient, args: Readonly<Record<string, unknown>>, options: ClientCallOptions) => {
    const groups = await rest.groups.list(num(args.listID), options).toArray();
    return soapShape(name, {
      groups:
        groups.length === 0
          ? ''
          : {
              group: groups.map((g) => ({
                groupID: String(g.idGroup),
                groupName: trim(g.Name),
                listID: String(g.idList),
              })),
            },
    });
  };
}

function idUserResult(name: string) {
  return async (rest: RestClient, _args: Readonly<Record<string, unknown>>, options: ClientCallOptions) => {
    const info = await rest.account.info(options);
    return soapShape(name, { idUser: trim(info.UID) });
  };
}

const none = () => undefined;

/** REST deletes a list by id with its GUID (`If-Match`): read first, then delete; SOAP answers the list id. */
async function deleteList(
  name: string,
  rest: RestClient,
  idList: number,
  options: ClientCallOptions,
): Promise<SoapCallResult<unknown>> {
  const list = await rest.lists.get(idList, options);
  await rest.lists.delete(idList, list.ListGuid, options);
  return soapShape(name, { listID: String(idList) });
}

/**
 * The SOAP operations `legacy.call` can serve over REST, by `Service.Method`: each calls the REST rows of its
 * migration entry and answers exactly what the SOAP client's typed result gives for the same data. Arguments whose
 * meaning REST cannot carry (e.g. SendNewsletter's `send_to=GROUPS`, DeleteGroup's `deleteUsers=true`) are
 * refused by `unsupported`, and the call stays on SOAP.
 */
export const REST_TRANSLATIONS: Readonly<Record<string, RestTranslation>> = Object.freeze({
  'MailupSend.GetIdUser': {
    rows: rowsOf('MailupSend.GetIdUser'),
    unsupported: none,
    run: idUserResult('MailupSend.GetIdUser'),
  },
  'MailupManage.GetIdUser': {
    rows: rowsOf('MailupManage.GetIdUser'),
    unsupported: none,
    run: idUserResult('MailupManage.GetIdUser'),
  },
  'MailupSend.GetLists': {
    rows: rowsOf('MailupSend.GetLists'),
    unsupported: none,
    run: listsResult('MailupSend.GetLists'),
  },
  'MailupManage.GetLists': {
    rows: rowsOf('MailupManage.GetLists'),
    unsupported: none,
    run: listsResult('MailupManage.GetLists'),
  },
  'MailupSend.GetGroups': {
    rows: rowsOf('MailupSend.GetGroups'),
    unsupported: none,
    run: groupsResult('MailupSend.GetGroups'),
  },
  'MailupManage.GetGroups': {
    rows: rowsOf('MailupManage.GetGroups'),
    unsupported: none,
    run: groupsResult('MailupManage.GetGroups'),
  },
  'MailupSend.GetFields': {
    rows: rowsOf('MailupSend.GetFields'),
    unsupported: none,
    async run(rest, _args, options) {
      const fields = await rest.recipients.dynamicFields(options).toArray();
      return soapShape('MailupSend.GetFields', {
        fields:
          fields.length === 0 ? '' : { field: fields.map((f) => ({ id: String(f.Id), name: trim(f.Description) })) },
      });
    },
  },
  'MailupSend.GetFields_st': {
    rows: rowsOf('MailupSend.GetFields_st'),
    unsupported: none,
    async run(rest, _args, options) {
      const fields = await rest.recipients.dynamicFields(options).toArray();
      // the _st variant's shape: `<Fields><Field Name="…" Id="…" /></Fields>` (attributes under `@_`)
      return soapShape('MailupSend.GetFields_st', {
        Fields:
          fields.length === 0
            ? ''
            : { Field: fields.map((f) => ({ '@_Name': String(f.Description ?? ''), '@_Id': String(f.Id) })) },
      });
    },
  },
  'MailupSend.DeleteList': {
    rows: rowsOf('MailupSend.DeleteList', ['GET Console/List/{idList}']),
    unsupported: none,
    run: (rest, args, options) => deleteList('MailupSend.DeleteList', rest, num(args.listId), options),
  },
  'MailupManage.DeleteList': {
    rows: rowsOf('MailupManage.DeleteList', ['GET Console/List/{idList}']),
    unsupported: none,
    run: (rest, args, options) => deleteList('MailupManage.DeleteList', rest, num(args.listID), options),
  },
  'MailupSend.CloneMessage': {
    rows: rowsOf('MailupSend.CloneMessage'),
    unsupported(args) {
      if (!/^\d{1,10}$/.test(trim(args.listId)))
        return 'the list must be named by listId (REST has no list by GUID here)';
      if (trim(args.subject) !== '') return 'a new subject needs a second call (REST clones keep the subject)';
      return undefined;
    },
    async run(rest, args, options) {
      const created = await rest.emails.clone(Number(trim(args.listId)), num(args.messageToCloneId), options);
      return created.idMessage;
    },
  },
  'MailupManage.CreateGroup': {
    rows: rowsOf('MailupManage.CreateGroup'),
    unsupported: none,
    async run(rest, args, options) {
      const notes = trim(args.groupNotes);
      const group = await rest.groups.create(
        num(args.listID),
        { Name: String(args.groupName ?? ''), ...(notes ? { Notes: notes } : {}) },
        options,
      );
      return soapShape('MailupManage.CreateGroup', { groupID: String(group.idGroup) });
    },
  },
  'MailupManage.DeleteGroup': {
    rows: rowsOf('MailupManage.DeleteGroup'),
    unsupported: (args) =>
      args.deleteUsers === true
        ? 'deleteUsers=true also unsubscribes the members; REST only deletes the group'
        : undefined,
    async run(rest, args, options) {
      await rest.groups.delete(num(args.listID), num(args.groupID), options);
      return soapShape('MailupManage.DeleteGroup', { groupID: String(args.groupID) });
    },
  },
  'MailupSend.CreateNewsletter': {
    rows: rowsOf('MailupSend.CreateNewsletter'),
    unsupported(args) {
      const type = trim(args.type).toUpperCase();
      if (type !== '' && type !== 'HTML') return `type ${type.slice(0, 10)}: REST creates HTML messages only`;
      return onlyOptions(args, { note: () => true });
    },
    async run(rest, args, options) {
      const note = optionsOf(args).get('note');
      const created = await rest.emails.create(
        num(args.listID),
        {
          Subject: String(args.subject ?? ''),
          Content: String(args.content ?? ''),
          ...(note === undefined ? {} : { Notes: note }),
        },
        options,
      );
      return soapShape('MailupSend.CreateNewsletter', { newsletterID: String(created.idMessage) });
    },
  },
  'MailupSend.SendNewsletter': {
    // The SOAP answer names the delivery; REST's send answer does not, so its history is read after the send.
    rows: rowsOf('MailupSend.SendNewsletter', ['GET Console/List/{idList}/Email/{idMessage}/SendHistory']),
    unsupported: (args) => onlyOptions(args, { send_to: (v) => v.trim().toUpperCase() === 'ALL' }),
    async run(rest, args, options) {
      const idList = num(args.listID);
      const idMessage = num(args.newsletterID);
      await rest.sendings.toList(idList, idMessage, options);
      let newest = 0;
      try {
        for await (const s of rest.sendings.history(idList, idMessage, options)) newest = Math.max(newest, s.idSending);
      } catch (error) {
        throw sentButUnread(error);
      }
      if (newest === 0) throw sentButUnread(undefined);
      return soapShape('MailupSend.SendNewsletter', { deliveryID: String(newest) });
    },
  },
});

/** The send went through (REST answered it), only reading its delivery id failed: never a reason to send again. */
function sentButUnread(cause: unknown): MailUpError {
  return new MailUpError({
    kind: 'permanent',
    protocol: 'rest',
    operation: 'MailupSend.SendNewsletter',
    message:
      'SendNewsletter was sent over REST (the server answered), but reading its delivery id from the send history failed: do not send it again',
    details: { sent: true },
    ...(cause === undefined ? {} : { cause }),
  });
}
