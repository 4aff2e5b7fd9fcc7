/**
 * The emulator's own description of MailUp's four SOAP services, written from REFERENCE §3 (not from any client):
 * each method with its parameters in the order and types the services publish. `i` = xs:int, `b` = xs:boolean,
 * `d` = xs:dateTime, `o` = ArrayOfOption, bare = xs:string. Methods marked `=int` return xs:int.
 */
export type EmuServiceName = 'MailupSend' | 'MailupManage' | 'MailupReport' | 'WSMailUpImport';

/** One parameter. */
export interface EmuParam {
  name: string;
  type: 'string' | 'int' | 'boolean' | 'dateTime' | 'ArrayOfOption';
}

/** One method. */
export interface EmuMethod {
  name: string;
  params: EmuParam[];
  returnsInt: boolean;
}

/** A service: endpoint path, namespace, port names and methods. */
export interface EmuService {
  name: EmuServiceName;
  path: string;
  ns: string;
  soapPort: string;
  soap12Port: string;
  httpPorts: boolean;
  methods: EmuMethod[];
}

const KINDS: Record<string, EmuParam['type']> = { i: 'int', b: 'boolean', d: 'dateTime', o: 'ArrayOfOption' };

function parse(lines: string): EmuMethod[] {
  return lines
    .trim()
    .split('\n')
    .map((line) => {
      const [head = '', tail = ''] = line.trim().split('(');
      const returnsInt = head.endsWith('=int');
      const name = head.replace('=int', '').trim();
      const params = tail
        .replace(')', '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => {
          const [n = '', k] = p.split('/');
          return { name: n, type: k ? (KINDS[k] ?? 'string') : 'string' } as EmuParam;
        });
      return { name, params, returnsInt };
    });
}

const AUTH = `
Login(user, pwd, url)
LoginFromId(user, pwd, consoleId/i)
Logout(accessKey)`;

/** The four services. */
export const EMU_SERVICES: Record<EmuServiceName, EmuService> = {
  MailupSend: {
    name: 'MailupSend',
    path: '/MailupSend.asmx',
    ns: 'http://services.mailupnet.it/WS',
    soapPort: 'MailupSendSoap',
    soap12Port: 'MailupSendSoap12',
    httpPorts: false,
    methods: parse(`${AUTH}
GetIdUser(accessKey)
GetListsUser(accessKey, idUser/i)
GetLists(accessKey)
GetGroups(accessKey, listID/i)
GetCredits(accessKey)
GetCreditsLists(accessKey, idList/i)
GetUserAccess(userId/i, accessKey)
CheckUserHash(userID/i, userHash, accessKey)
GetTemplates(accessKey, listID/i)
GetNewsletters(accessKey, listID/i)
GetMessages(accessKey, listID/i)
CreateNewsletter(accessKey, listID/i, subject, type, content, options/o)
EditNewsletter(accessKey, listID/i, newsletterId/i, subject, type, content, options/o)
GetNewsletterCode(accessKey, listID/i, newsletterID/i, isTemplate/b)
SendNewsletter(accessKey, listID/i, newsletterID/i, options/o)
GetNewsletterDeliveryStatus(accessKey, deliveryID/i)
StartDelivery(accessKey)
StopDelivery(accessKey)
SendNewsletterFast(accessKey, listID/i, subject, type, content, options/o)
SendSingleNewsletter(accessKey, listID/i, subject, type, content, recipientEmail, options/o)
GetNewsletterQueues(accessKey, listID/i)
GetNewsletterScheduleStatus(accessKey, newsletterID/i)
SetNewsletterQueueOrder(accessKey, scheduleID/i, Up/b)
AddNewsletterQueue(accessKey, deliveryID/i, immediate/b)
RemoveNewsletterQueue(accessKey, listID/i, newsletterID/i, deliveryID/i, scheduleID/i, deleteQueue/b)
ScheduleNewsletterQueue(accessKey, listID/i, newsletterID/i, scheduleID/i, deliverydt, timezone/i)
PrepareNewsletterSchedule(accessKey, listID/i, newsletterID/i, deliveryDate, deliveryTime, adminEmail, idUser/i, note)
SendMessageNL=int(accessKey, fileName, separator, listId, listGuid, messageId, senderName, sender, subject, timeDateSending/d, sendDelayTest/i)
CloneMessage=int(accessKey, listId, listGuid, messageToCloneId/i, subject)
GetFields(accessKey)
GetFields_st(accessKey)
CreateList_st(accessKey, name, autoId)
DeleteList_st(accessKey, listId/i, autoId)
GetListIdentity_st(accessKey, autoId)
CreateList(accessKey, name, autoId)
DeleteList(accessKey, listId/i, autoId)
GetListIdentity(accessKey, autoId)
GetSMS(accessKey, listID/i)
CreateSMS(accessKey, listID/i, subject, text, options/o)
SendSMS(accessKey, listID/i, smsID/i, options/o)
SendSMSFast(accessKey, listID/i, subject, text, options/o)
SendSingleSMS(accessKey, listID/i, subject, type, content, numero, options/o)
SendDirectSMS(accessKey, listID/i, content, numero, options/o)
GetSMSDeliveryStatus(accessKey, deliveryID/i)
StartDeliverySMS(accessKey)
StopDeliverySMS(accessKey)
GetSMSQueues(accessKey, listID/i)
RemoveSMSQueue(accessKey, deliveryID/i, scheduleID/i, deleteQueue/b)
ScheduleSMSQueue(accessKey, listID/i, smsID/i, scheduleID/i, deliverydt, timezone/i)`),
  },
  MailupManage: {
    name: 'MailupManage',
    path: '/MailupManage.asmx',
    ns: 'http://services.mailupnet.it/WS',
    soapPort: 'MailupManageSoap',
    soap12Port: 'MailupManageSoap12',
    httpPorts: false,
    methods: parse(`${AUTH}
GetLists(accessKey)
GetIdUser(accessKey)
GetListsUser(accessKey, idUser/i)
GetGroups(accessKey, listID/i)
CreateGroup(accessKey, listID/i, groupName, groupNotes)
UpdateGroup(accessKey, groupID/i, options/o)
DeleteGroup(accessKey, listID/i, groupID/i, deleteUsers/b)
CreateList(accessKey, name, defaultSettings, copyTemplate/b, options/o)
UpdateList(accessKey, listID/i, options/o)
DeleteList(accessKey, listID/i)`),
  },
  MailupReport: {
    name: 'MailupReport',
    path: '/MailupReport.asmx',
    ns: 'http://services.mailupnet.it/WS',
    soapPort: 'MailupReportSoap',
    soap12Port: 'MailupReportSoap12',
    httpPorts: false,
    methods: parse(`${AUTH}
ReportByUser(accessKey, email, listID/i, messageID/i)
ReportByUserEN(accessKey, email, listID/i, messageID/i)
ReportByMessage(accessKey, listID/i, messageID/i)
ReportByMessageEN(accessKey, listID/i, messageID/i)`),
  },
  WSMailUpImport: {
    name: 'WSMailUpImport',
    path: '/Services/WSMailupImport.asmx',
    ns: 'http://ws.mailupnet.it/',
    soapPort: 'WSMailUpImportSoap',
    soap12Port: 'WSMailUpImportSoap12',
    httpPorts: true,
    methods: parse(`
GetIdWsUser()
GetIdUser(userName)
GetNlLists()
GetNlListsUser(userId/i)
NewImportProcess(idList/i, listGUID, xmlDoc, idGroups, importType/i, mobileInputType/i, asPending/b, ConfirmEmail/b, asOptOut/b, forceOptIn/b, replaceGroups/b, idConfirmNL/i)
StartImportProcesses(listsIDs, listsGUIDs, xmlDoc, groupsIDs, importType/i, mobileInputType/i, asPending/b, ConfirmEmail/b, asOptOut/b, forceOptIn/b, replaceGroups/b)
CreateGroup(idList/i, listGUID, newGroupName)
GetProcessDetails(idList/i, listGUID, idProcess/i)
StartProcess(idList/i, listGUID, idProcess/i)`),
  },
};

/** A method of a service, by name (case-sensitive like ASP.NET's dispatch, then case-insensitive). */
export function emuMethod(service: EmuService, name: string): EmuMethod | undefined {
  return (
    service.methods.find((m) => m.name === name) ??
    service.methods.find((m) => m.name.toLowerCase() === name.toLowerCase())
  );
}
