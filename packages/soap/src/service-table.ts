import type { RetryClass } from '@mailup-kit/core';
import { type OperationRow, operationRow } from '@mailup-kit/core/pipeline';
import type { SoapOptions } from './operation-inputs.js';
import type { Decoded, ResultSchema } from './result-schema.js';

/** The four SOAP web services of MailUp (REFERENCE §3.1). */
export type SoapServiceName = 'MailupSend' | 'MailupManage' | 'MailupReport' | 'WSMailUpImport';

/** XML Schema type of one parameter, as the real WSDLs declare it. */
export type SoapParamType = 'string' | 'int' | 'boolean' | 'dateTime' | 'ArrayOfOption';

/** One parameter of a SOAP operation: name and type, in WSDL order. */
export interface SoapParam {
  readonly name: string;
  readonly type: SoapParamType;
}

/** One row of the SOAP operation table. */
export interface SoapOperationRow {
  readonly service: SoapServiceName;
  /** The method name (also the SOAPAction's last segment and the policy-table operation). */
  readonly method: string;
  /** Parameters in WSDL order (`accessKey` included where the service takes it). */
  readonly params: readonly SoapParam[];
  /** `string` (an XML document inside the string) or `int` (SendMessageNL, CloneMessage). */
  readonly result: 'string' | 'int';
  /**
   * How a `string` result's document is read into its typed result ({@link decodeResult}); `{}` for `int` results.
   * For Send / Manage / Report the schema reads the document's root content; for Import the `mailupBody` content.
   */
  readonly schema: ResultSchema;
  readonly retryClass: RetryClass;
  /** How the call is authenticated: an `accessKey` argument, none (Login*), or the Import `Authentication` header. */
  readonly auth: 'access-key' | 'none' | 'import-header';
}

/** Facts of one service: where it lives and how its SOAP actions are spelled. */
export interface SoapServiceFacts {
  readonly name: SoapServiceName;
  /** Path under the host, as MailUp spells it. */
  readonly path: string;
  readonly namespace: string;
  /** Default endpoint (the Import service's host is per account: `http://<console host>`). */
  readonly defaultEndpoint: string | undefined;
  /** Port names: SOAP 1.1, SOAP 1.2, and the Import service's HttpGet / HttpPost. */
  readonly ports: { soap11: string; soap12: string; httpGet?: string; httpPost?: string };
  readonly documentation?: string;
}

const WS = 'http://services.mailupnet.it/WS';

/** Where each service lives (REFERENCE §3.1). */
export const SOAP_SERVICES: Readonly<Record<SoapServiceName, SoapServiceFacts>> = Object.freeze({
  MailupSend: {
    name: 'MailupSend',
    path: '/MailupSend.asmx',
    namespace: WS,
    defaultEndpoint: 'https://wsvc.ss.mailup.it/MailupSend.asmx',
    ports: { soap11: 'MailupSendSoap', soap12: 'MailupSendSoap12' },
  },
  MailupManage: {
    name: 'MailupManage',
    path: '/MailupManage.asmx',
    namespace: WS,
    defaultEndpoint: 'https://wsvc.ss.mailup.it/MailupManage.asmx',
    ports: { soap11: 'MailupManageSoap', soap12: 'MailupManageSoap12' },
  },
  MailupReport: {
    name: 'MailupReport',
    path: '/MailupReport.asmx',
    namespace: WS,
    defaultEndpoint: 'https://wsvc.ss.mailup.it/MailupReport.asmx',
    ports: { soap11: 'MailupReportSoap', soap12: 'MailupReportSoap12' },
  },
  WSMailUpImport: {
    name: 'WSMailUpImport',
    path: '/Services/WSMailupImport.asmx',
    namespace: 'http://ws.mailupnet.it/',
    defaultEndpoint: undefined,
    ports: {
      soap11: 'WSMailUpImportSoap',
      soap12: 'WSMailUpImportSoap12',
      httpGet: 'WSMailUpImportHttpGet',
      httpPost: 'WSMailUpImportHttpPost',
    },
    documentation: 'MailUp WebService for subscribers import.',
  },
});

const TYPES: Record<string, SoapParamType> = {
  int: 'int',
  bool: 'boolean',
  dateTime: 'dateTime',
  options: 'ArrayOfOption',
};

/** `'accessKey listID:int options:options'` ⇒ params (a bare name is a string). */
function params(spec: string): SoapParam[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => {
      const [name = '', type] = p.split(':');
      return { name, type: type ? (TYPES[type] ?? 'string') : 'string' };
    });
}

/** One row as written: method, parameter spec (`name:type`, a bare name is a string), retry class, `int` result. */
type Row = readonly [method: string, params: string, retry?: RetryClass, result?: 'int'];
/** The result of each method of a service: the schema of its document, or `int`. */
type Results<R extends readonly Row[]> = { readonly [M in R[number][0]]: ResultSchema | 'int' };

/** A row whose method name is known to the type system. */
type RowOf<M extends string> = SoapOperationRow & { readonly method: M };

function rows<const L extends readonly Row[]>(
  service: SoapServiceName,
  list: L,
  results: Results<readonly Row[]>,
): RowOf<L[number][0]>[] {
  return list.map(([method, spec, retryClass = 'read', result = 'string']) => {
    const p = params(spec);
    const auth =
      service === 'WSMailUpImport' ? 'import-header' : p.some((x) => x.name === 'accessKey') ? 'access-key' : 'none';
    const decoded = results[method];
    const schema = decoded === 'int' || decoded === undefined ? {} : decoded;
    return { service, method, params: p, result: result as 'string' | 'int', schema, retryClass, auth } as const;
  });
}

const LOGIN = [
  ['Login', 'user pwd url', 'idempotent-write'],
  ['LoginFromId', 'user pwd consoleId:int', 'idempotent-write'],
  ['Logout', 'accessKey', 'idempotent-write'],
] as const satisfies readonly Row[];

const SEND_ROWS = [
  ...LOGIN,
  ['GetIdUser', 'accessKey'],
  ['GetListsUser', 'accessKey idUser:int'],
  ['GetLists', 'accessKey'],
  ['GetGroups', 'accessKey listID:int'],
  ['GetCredits', 'accessKey'],
  ['GetCreditsLists', 'accessKey idList:int'],
  ['GetUserAccess', 'userId:int accessKey'],
  ['CheckUserHash', 'userID:int userHash accessKey'],
  ['GetTemplates', 'accessKey listID:int'],
  ['GetNewsletters', 'accessKey listID:int'],
  ['GetMessages', 'accessKey listID:int'],
  ['CreateNewsletter', 'accessKey listID:int subject type content options:options', 'send'],
  ['EditNewsletter', 'accessKey listID:int newsletterId:int subject type content options:options', 'send'],
  ['GetNewsletterCode', 'accessKey listID:int newsletterID:int isTemplate:bool'],
  ['SendNewsletter', 'accessKey listID:int newsletterID:int options:options', 'send'],
  ['GetNewsletterDeliveryStatus', 'accessKey deliveryID:int'],
  ['StartDelivery', 'accessKey', 'send'],
  ['StopDelivery', 'accessKey', 'send'],
  ['SendNewsletterFast', 'accessKey listID:int subject type content options:options', 'send'],
  ['SendSingleNewsletter', 'accessKey listID:int subject type content recipientEmail options:options', 'send'],
  ['GetNewsletterQueues', 'accessKey listID:int'],
  ['GetNewsletterScheduleStatus', 'accessKey newsletterID:int'],
  ['SetNewsletterQueueOrder', 'accessKey scheduleID:int Up:bool', 'send'],
  ['AddNewsletterQueue', 'accessKey deliveryID:int immediate:bool', 'send'],
  [
    'RemoveNewsletterQueue',
    'accessKey listID:int newsletterID:int deliveryID:int scheduleID:int deleteQueue:bool',
    'send',
  ],
  ['ScheduleNewsletterQueue', 'accessKey listID:int newsletterID:int scheduleID:int deliverydt timezone:int', 'send'],
  [
    'PrepareNewsletterSchedule',
    'accessKey listID:int newsletterID:int deliveryDate deliveryTime adminEmail idUser:int note',
    'send',
  ],
  [
    'SendMessageNL',
    'accessKey fileName separator listId listGuid messageId senderName sender subject timeDateSending:dateTime sendDelayTest:int',
    'send',
    'int',
  ],
  ['CloneMessage', 'accessKey listId listGuid messageToCloneId:int subject', 'send', 'int'],
  ['GetFields', 'accessKey'],
  ['GetFields_st', 'accessKey'],
  ['CreateList_st', 'accessKey name autoId', 'send'],
  ['DeleteList_st', 'accessKey listId:int autoId', 'send'],
  ['GetListIdentity_st', 'accessKey autoId'],
  ['CreateList', 'accessKey name autoId', 'send'],
  ['DeleteList', 'accessKey listId:int autoId', 'send'],
  ['GetListIdentity', 'accessKey autoId'],
  ['GetSMS', 'accessKey listID:int'],
  ['CreateSMS', 'accessKey listID:int subject text options:options', 'send'],
  ['SendSMS', 'accessKey listID:int smsID:int options:options', 'send'],
  ['SendSMSFast', 'accessKey listID:int subject text options:options', 'send'],
  ['SendSingleSMS', 'accessKey listID:int subject type content numero options:options', 'send'],
  ['SendDirectSMS', 'accessKey listID:int content numero options:options', 'send'],
  ['GetSMSDeliveryStatus', 'accessKey deliveryID:int'],
  ['StartDeliverySMS', 'accessKey', 'send'],
  ['StopDeliverySMS', 'accessKey', 'send'],
  ['GetSMSQueues', 'accessKey listID:int'],
  ['RemoveSMSQueue', 'accessKey deliveryID:int scheduleID:int deleteQueue:bool', 'send'],
  ['ScheduleSMSQueue', 'accessKey listID:int smsID:int scheduleID:int deliverydt timezone:int', 'send'],
] as const satisfies readonly Row[];

const MANAGE_ROWS = [
  ...LOGIN,
  ['GetLists', 'accessKey'],
  ['GetIdUser', 'accessKey'],
  ['GetListsUser', 'accessKey idUser:int'],
  ['GetGroups', 'accessKey listID:int'],
  ['CreateGroup', 'accessKey listID:int groupName groupNotes', 'send'],
  ['UpdateGroup', 'accessKey groupID:int options:options', 'idempotent-write'],
  ['DeleteGroup', 'accessKey listID:int groupID:int deleteUsers:bool', 'send'],
  ['CreateList', 'accessKey name defaultSettings copyTemplate:bool options:options', 'send'],
  ['UpdateList', 'accessKey listID:int options:options', 'idempotent-write'],
  ['DeleteList', 'accessKey listID:int', 'send'],
] as const satisfies readonly Row[];

const REPORT_ROWS = [
  ...LOGIN,
  ['ReportByUser', 'accessKey email listID:int messageID:int'],
  ['ReportByUserEN', 'accessKey email listID:int messageID:int'],
  ['ReportByMessage', 'accessKey listID:int messageID:int'],
  ['ReportByMessageEN', 'accessKey listID:int messageID:int'],
] as const satisfies readonly Row[];

const IMPORT_ROWS = [
  ['GetIdWsUser', ''],
  ['GetIdUser', 'userName'],
  ['GetNlLists', ''],
  ['GetNlListsUser', 'userId:int'],
  [
    'NewImportProcess',
    'idList:int listGUID xmlDoc idGroups importType:int mobileInputType:int asPending:bool ConfirmEmail:bool asOptOut:bool forceOptIn:bool replaceGroups:bool idConfirmNL:int',
    'send',
  ],
  [
    'StartImportProcesses',
    'listsIDs listsGUIDs xmlDoc groupsIDs importType:int mobileInputType:int asPending:bool ConfirmEmail:bool asOptOut:bool forceOptIn:bool replaceGroups:bool',
    'send',
  ],
  ['CreateGroup', 'idList:int listGUID newGroupName', 'send'],
  ['GetProcessDetails', 'idList:int listGUID idProcess:int'],
  ['StartProcess', 'idList:int listGUID idProcess:int', 'send'],
] as const satisfies readonly Row[];

// The result of every operation (REFERENCE §3.2–3.7, artifacts/soap). Where MailUp documents a shape (GetLists,
// GetNewsletters, GetNewsletterCode, GetFields_st, ReportByUser, ReportByMessageEN, the Import lists, processes and
// process details) the schema follows it; elsewhere it reads what the emulator answers, every field optional. The
// raw document stays reachable for anything a schema does not name.

const ID = 'number?' as const;
const LISTS = { lists: { list: [{ listID: 'number', listName: 'string', listGUID: 'string?' }] } } as const;
const GROUPS = { groups: { group: [{ groupID: 'number', groupName: 'string', listID: ID }] } } as const;
const MESSAGE = { subject: 'string?', note: 'string?', creationdate: 'date?' } as const;
const DELIVERY_STATUS = { deliveryID: ID, status: 'string?', recipients: 'number?' } as const;
const NEW_LIST = { listID: ID, listGUID: 'string?' } as const;
const NONE = {} as const;

const SESSION_RESULTS = {
  Login: { accessKey: 'string' },
  LoginFromId: { accessKey: 'string' },
  Logout: NONE,
} as const;

const SEND_RESULTS = {
  ...SESSION_RESULTS,
  GetIdUser: { idUser: ID },
  GetListsUser: LISTS,
  GetLists: LISTS,
  GetGroups: GROUPS,
  GetCredits: { credits: { sms: 'number?' } },
  GetCreditsLists: { credits: { listID: ID, sms: 'number?' } },
  GetUserAccess: { userId: ID, access: 'number?' },
  CheckUserHash: { userID: ID, valid: 'boolean?' },
  GetTemplates: { templates: { template: [{ templateID: 'number' }] } },
  GetNewsletters: { list: { listID: ID, newsletters: { newsletter: [{ newsletterID: 'number', ...MESSAGE }] } } },
  GetMessages: { list: { listID: ID, newsletters: { newsletter: [{ newsletterID: 'number', ...MESSAGE }] } } },
  CreateNewsletter: { newsletterID: ID },
  EditNewsletter: { newsletterID: ID },
  GetNewsletterCode: {
    listID: ID,
    newsletterID: ID,
    newsletterSubject: 'string?',
    newsletterHeader: 'string?',
    newsletterBody: 'string?',
    newsletterCode: 'string?',
  },
  SendNewsletter: { deliveryID: ID },
  GetNewsletterDeliveryStatus: DELIVERY_STATUS,
  StartDelivery: NONE,
  StopDelivery: NONE,
  SendNewsletterFast: { newsletterID: ID, deliveryID: ID },
  SendSingleNewsletter: { newsletterID: ID, deliveryID: ID },
  GetNewsletterQueues: { queues: { listID: ID } },
  GetNewsletterScheduleStatus: { newsletterID: ID },
  SetNewsletterQueueOrder: { scheduleID: ID },
  AddNewsletterQueue: { scheduleID: ID },
  RemoveNewsletterQueue: { listID: ID },
  ScheduleNewsletterQueue: { listID: ID, scheduleID: ID },
  PrepareNewsletterSchedule: { newsletterID: ID, scheduleID: ID },
  SendMessageNL: 'int',
  CloneMessage: 'int',
  GetFields: { fields: { field: [{ id: ID, name: 'string?' }] } },
  GetFields_st: { Fields: { Field: [{ '@Name': 'string?', '@Id': ID }] } },
  CreateList_st: NEW_LIST,
  DeleteList_st: { listID: ID },
  GetListIdentity_st: { autoId: 'string?', listID: ID },
  CreateList: NEW_LIST,
  DeleteList: { listID: ID },
  GetListIdentity: { autoId: 'string?', listID: ID },
  GetSMS: { list: { listID: ID, smss: { sms: [{ smsID: 'number', ...MESSAGE }] } } },
  CreateSMS: { smsID: ID },
  SendSMS: { deliveryID: ID },
  SendSMSFast: { smsID: ID, deliveryID: ID },
  SendSingleSMS: { smsID: ID, deliveryID: ID },
  SendDirectSMS: { deliveryID: ID },
  GetSMSDeliveryStatus: DELIVERY_STATUS,
  StartDeliverySMS: NONE,
  StopDeliverySMS: NONE,
  GetSMSQueues: { queues: { listID: ID } },
  RemoveSMSQueue: { deliveryID: ID },
  ScheduleSMSQueue: { listID: ID, scheduleID: ID },
} as const satisfies Results<typeof SEND_ROWS>;

const MANAGE_RESULTS = {
  ...SESSION_RESULTS,
  GetLists: LISTS,
  GetIdUser: { idUser: ID },
  GetListsUser: LISTS,
  GetGroups: GROUPS,
  CreateGroup: { groupID: ID },
  UpdateGroup: { groupID: ID },
  DeleteGroup: { groupID: ID },
  CreateList: NEW_LIST,
  UpdateList: { listID: ID },
  DeleteList: { listID: ID },
} as const satisfies Results<typeof MANAGE_ROWS>;

const TOTAL_EN = { '@Total': 'number?' } as const;
const REPORT_RESULTS = {
  ...SESSION_RESULTS,
  ReportByUser: { Canali: { Email: 'string?', Sms: 'string?' } },
  ReportByUserEN: { Channels: { Email: 'string?', Sms: 'string?' } },
  ReportByMessage: {
    listID: ID,
    messageID: ID,
    Inviati: { '@Totale': 'number?' },
    Aperture: { '@Totale': 'number?' },
    Click: [{ '@Url': 'string?', '@Totale': 'number?' }],
  },
  ReportByMessageEN: {
    listID: ID,
    messageID: ID,
    Sent: TOTAL_EN,
    Opens: { ...TOTAL_EN, Open: [{ Email: 'string?', Total: 'number?' }] },
    Clicks: [{ '@Url': 'string?', ...TOTAL_EN, Click: [{ Email: 'string?', Total: 'number?' }] }],
  },
} as const satisfies Results<typeof REPORT_ROWS>;

const IMPORT_LISTS = {
  Lists: {
    List: [
      {
        '@idList': 'number',
        '@listGUID': 'string',
        '@listName': 'string',
        Groups: { Group: [{ '@idGroup': 'number', '@groupName': 'string' }] },
      },
    ],
  },
} as const;
const IMPORT_RESULTS = {
  GetIdWsUser: NONE,
  GetIdUser: NONE,
  GetNlLists: IMPORT_LISTS,
  GetNlListsUser: IMPORT_LISTS,
  NewImportProcess: NONE,
  StartImportProcesses: {
    processes: { process: [{ processID: 'number?', listID: 'number?', ReturnCode: 'number' }] },
  },
  CreateGroup: NONE,
  GetProcessDetails: {
    ImportProcess: {
      '@idProcess': ID,
      StartDate: 'date?',
      EndDate: 'date?',
      TotalContacts: 'number?',
      NewEmail: 'number?',
      ExistingEmail: 'number?',
      OptOutEmail: 'number?',
      NewMobile: 'number?',
      ExistingMobile: 'number?',
      OptOutMobile: 'number?',
      StatusCode: 'number?',
      IsRunning: 'boolean?',
      ConfirmationEmail: 'boolean?',
      ConfirmationSent: 'boolean?',
    },
  },
  StartProcess: NONE,
} as const satisfies Results<typeof IMPORT_ROWS>;

/**
 * Every operation of MailUpSend, MailUpManage, MailUpReport and WSMailUpImport as data: parameter names, order and
 * types as the real services declare them (REFERENCE §3.3–3.7), result type, retry class (reads retry on transient
 * errors; creations, deletions and every send are `send`: never repeated once bytes may have left) and auth.
 */
const BY_SERVICE = {
  MailupSend: rows('MailupSend', SEND_ROWS, SEND_RESULTS),
  MailupManage: rows('MailupManage', MANAGE_ROWS, MANAGE_RESULTS),
  MailupReport: rows('MailupReport', REPORT_ROWS, REPORT_RESULTS),
  WSMailUpImport: rows('WSMailUpImport', IMPORT_ROWS, IMPORT_RESULTS),
};

/** The rows of the four services, in WSDL order, as one list (the pipeline's rows: {@link SOAP_ROWS}). */
export const SOAP_OPERATIONS: readonly SoapOperationRow[] = Object.freeze([
  ...BY_SERVICE.MailupSend,
  ...BY_SERVICE.MailupManage,
  ...BY_SERVICE.MailupReport,
  ...BY_SERVICE.WSMailUpImport,
]);

type Words<S extends string> = S extends `${infer H} ${infer T}` ? H | Words<T> : S extends '' ? never : S;
type ParamName<W> = W extends `${infer N}:${string}` ? N : W;
type ParamValue<W> = W extends `${string}:int`
  ? number
  : W extends `${string}:bool`
    ? boolean
    : W extends `${string}:dateTime`
      ? Date | string
      : W extends `${string}:options`
        ? SoapOptions
        : string;
/** int, boolean and dateTime parameters are required (minOccurs 1); strings and options are optional (minOccurs 0). */
type IsRequired<W> = W extends `${string}:${'int' | 'bool' | 'dateTime'}` ? true : false;
type Flat<T> = { [K in keyof T]: T[K] } & {};
type Args<Spec extends string, Credentials extends string> = Flat<
  { [W in Words<Spec> as IsRequired<W> extends true ? Exclude<ParamName<W>, Credentials> : never]: ParamValue<W> } & {
    [W in Words<Spec> as IsRequired<W> extends true ? never : Exclude<ParamName<W>, Credentials>]?: ParamValue<W>;
  }
>;
type NoArgs<T> = keyof T extends never ? Record<string, never> : T;
/** The typed arguments of every row of a service, by method, read from the rows' parameter specs. */
type InputsOf<R extends readonly Row[], Credentials extends string> = {
  [Row in R[number] as Row[0]]: NoArgs<Args<Row[1], Credentials>>;
};
/** The typed result of every method of a service, read from its result schema (`int` results are numbers). */
type ResultsOf<R> = { [M in keyof R]: R[M] extends ResultSchema ? Decoded<R[M]> : number };

/** Arguments of every MailupSend operation, by method name (the session supplies `accessKey`). */
export type SendInputs = InputsOf<typeof SEND_ROWS, 'accessKey'>;
/** Arguments of every MailupManage operation, by method name (the session supplies `accessKey`). */
export type ManageInputs = InputsOf<typeof MANAGE_ROWS, 'accessKey'>;
/** Arguments of every MailupReport operation, by method name (the session supplies `accessKey`). */
export type ReportInputs = InputsOf<typeof REPORT_ROWS, 'accessKey'>;
/** Arguments of every WSMailUpImport operation, by method name (the client supplies the `Authentication` header). */
export type ImportInputs = InputsOf<typeof IMPORT_ROWS, never>;
/** The typed result (`data`) of every MailupSend operation, by method name. */
export type SendResults = ResultsOf<typeof SEND_RESULTS>;
/** The typed result (`data`) of every MailupManage operation, by method name. */
export type ManageResults = ResultsOf<typeof MANAGE_RESULTS>;
/** The typed result (`data`) of every MailupReport operation, by method name. */
export type ReportResults = ResultsOf<typeof REPORT_RESULTS>;
/** The typed result (`body`) of every WSMailUpImport operation, by method name. */
export type ImportResults = ResultsOf<typeof IMPORT_RESULTS>;

/** The rows of one service, in WSDL order. */
export function operationsOf(service: SoapServiceName): SoapOperationRow[] {
  return SOAP_OPERATIONS.filter((row) => row.service === service);
}

/** Every row by `service.method`, frozen (a lookup per call instead of a walk of the table). */
const BY_NAME: Readonly<Record<string, SoapOperationRow>> = Object.freeze(
  Object.fromEntries(SOAP_OPERATIONS.map((row) => [`${row.service}.${row.method}`, row])),
);

/** The row of `service.method`, if any. */
export function findOperation(service: SoapServiceName, method: string): SoapOperationRow | undefined {
  const key = `${service}.${method}`;
  return Object.hasOwn(BY_NAME, key) ? BY_NAME[key] : undefined;
}

/**
 * A row of the SOAP table as the pipeline carries it on `ctx.operation`: the WSDL facts plus the one operation id
 * (`soap:MailupSend.GetLists`; the Import service's `import:GetNlLists`), its name (`MailupSend.GetLists`,
 * `GetNlLists`) and the policy table's key (the method).
 */
export type SoapRow = SoapOperationRow & OperationRow;

/** The rows of one service keyed by method. */
export type SoapRowsOf<S extends SoapServiceName> = {
  readonly [M in (typeof BY_SERVICE)[S][number]['method']]: SoapRow;
};

function keyed<S extends SoapServiceName>(service: S): SoapRowsOf<S> {
  const table: Record<string, SoapRow> = {};
  for (const row of BY_SERVICE[service] as readonly SoapOperationRow[]) {
    const name = service === 'WSMailUpImport' ? row.method : `${service}.${row.method}`;
    table[row.method] = operationRow(service === 'WSMailUpImport' ? 'import' : 'soap', {
      ...row,
      name,
      policy: row.method,
    });
  }
  return Object.freeze(table) as SoapRowsOf<S>;
}

/**
 * Every SOAP operation as a pipeline row, keyed by service and method — `SOAP_ROWS.MailupSend.GetLists`,
 * `SOAP_ROWS.WSMailUpImport.GetNlLists` (a misspelt method fails to compile); iterate a service with
 * `Object.values(SOAP_ROWS.MailupManage)`. Typed methods pass these rows by reference: nothing is looked up by name
 * once a call has started.
 */
export const SOAP_ROWS: { readonly [S in SoapServiceName]: SoapRowsOf<S> } = Object.freeze({
  MailupSend: keyed('MailupSend'),
  MailupManage: keyed('MailupManage'),
  MailupReport: keyed('MailupReport'),
  WSMailUpImport: keyed('WSMailUpImport'),
});
