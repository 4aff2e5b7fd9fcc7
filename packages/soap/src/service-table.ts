import { type OperationRow, operationRow, type RetryClass } from '@mailup-kit/core';

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

type Row = readonly [method: string, params: string, retry?: RetryClass, result?: 'int'];

/** A row whose method name is known to the type system. */
type RowOf<M extends string> = SoapOperationRow & { readonly method: M };

function rows<const L extends readonly Row[]>(service: SoapServiceName, list: L): RowOf<L[number][0]>[] {
  return list.map(([method, spec, retryClass = 'read', result = 'string']) => {
    const p = params(spec);
    const auth =
      service === 'WSMailUpImport' ? 'import-header' : p.some((x) => x.name === 'accessKey') ? 'access-key' : 'none';
    return { service, method, params: p, result: result as 'string' | 'int', retryClass, auth } as const;
  });
}

const LOGIN = [
  ['Login', 'user pwd url', 'idempotent-write'],
  ['LoginFromId', 'user pwd consoleId:int', 'idempotent-write'],
  ['Logout', 'accessKey', 'idempotent-write'],
] as const satisfies readonly Row[];

/**
 * Every operation of MailUpSend, MailUpManage, MailUpReport and WSMailUpImport as data: parameter names, order and
 * types as the real services declare them (REFERENCE §3.3–3.7), result type, retry class (reads retry on transient
 * errors; creations, deletions and every send are `send`: never repeated once bytes may have left) and auth.
 */
const BY_SERVICE = {
  MailupSend: rows('MailupSend', [
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
  ]),
  MailupManage: rows('MailupManage', [
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
  ]),
  MailupReport: rows('MailupReport', [
    ...LOGIN,
    ['ReportByUser', 'accessKey email listID:int messageID:int'],
    ['ReportByUserEN', 'accessKey email listID:int messageID:int'],
    ['ReportByMessage', 'accessKey listID:int messageID:int'],
    ['ReportByMessageEN', 'accessKey listID:int messageID:int'],
  ]),
  WSMailUpImport: rows('WSMailUpImport', [
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
  ]),
};

/** The rows of the four services, in WSDL order, as one list (the pipeline's rows: {@link SOAP_ROWS}). */
export const SOAP_OPERATIONS: readonly SoapOperationRow[] = Object.freeze([
  ...BY_SERVICE.MailupSend,
  ...BY_SERVICE.MailupManage,
  ...BY_SERVICE.MailupReport,
  ...BY_SERVICE.WSMailUpImport,
]);

/** The rows of one service, in WSDL order. */
export function operationsOf(service: SoapServiceName): SoapOperationRow[] {
  return SOAP_OPERATIONS.filter((row) => row.service === service);
}

/** The row of `service.method`, if any. */
export function findOperation(service: SoapServiceName, method: string): SoapOperationRow | undefined {
  return SOAP_OPERATIONS.find((row) => row.service === service && row.method === method);
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
