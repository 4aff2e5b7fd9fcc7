// Generated from SOAP_OPERATIONS (service-table.ts): the typed arguments of every operation, credentials left out
// (the session adds `accessKey`, the Import client its `Authentication` header). Strings are optional as in the
// WSDLs (minOccurs 0); int, boolean and dateTime parameters are required (minOccurs 1).

/** `options` of a method (`ArrayOfOption`): a record of Key ⇒ Value, or the Key/Value pairs in order. */
export type SoapOptions =
  | Readonly<Record<string, string | number | boolean>>
  | ReadonlyArray<{ Key: string; Value: string | number | boolean }>;

/** Arguments of every MailupSend operation, by method name, in WSDL order. */
export interface SendInputs {
  Login: { user?: string; pwd?: string; url?: string };
  LoginFromId: { user?: string; pwd?: string; consoleId: number };
  Logout: Record<string, never>;
  GetIdUser: Record<string, never>;
  GetListsUser: { idUser: number };
  GetLists: Record<string, never>;
  GetGroups: { listID: number };
  GetCredits: Record<string, never>;
  GetCreditsLists: { idList: number };
  GetUserAccess: { userId: number };
  CheckUserHash: { userID: number; userHash?: string };
  GetTemplates: { listID: number };
  GetNewsletters: { listID: number };
  GetMessages: { listID: number };
  CreateNewsletter: { listID: number; subject?: string; type?: string; content?: string; options?: SoapOptions };
  EditNewsletter: {
    listID: number;
    newsletterId: number;
    subject?: string;
    type?: string;
    content?: string;
    options?: SoapOptions;
  };
  GetNewsletterCode: { listID: number; newsletterID: number; isTemplate: boolean };
  SendNewsletter: { listID: number; newsletterID: number; options?: SoapOptions };
  GetNewsletterDeliveryStatus: { deliveryID: number };
  StartDelivery: Record<string, never>;
  StopDelivery: Record<string, never>;
  SendNewsletterFast: { listID: number; subject?: string; type?: string; content?: string; options?: SoapOptions };
  SendSingleNewsletter: {
    listID: number;
    subject?: string;
    type?: string;
    content?: string;
    recipientEmail?: string;
    options?: SoapOptions;
  };
  GetNewsletterQueues: { listID: number };
  GetNewsletterScheduleStatus: { newsletterID: number };
  SetNewsletterQueueOrder: { scheduleID: number; Up: boolean };
  AddNewsletterQueue: { deliveryID: number; immediate: boolean };
  RemoveNewsletterQueue: {
    listID: number;
    newsletterID: number;
    deliveryID: number;
    scheduleID: number;
    deleteQueue: boolean;
  };
  ScheduleNewsletterQueue: {
    listID: number;
    newsletterID: number;
    scheduleID: number;
    deliverydt?: string;
    timezone: number;
  };
  PrepareNewsletterSchedule: {
    listID: number;
    newsletterID: number;
    deliveryDate?: string;
    deliveryTime?: string;
    adminEmail?: string;
    idUser: number;
    note?: string;
  };
  SendMessageNL: {
    fileName?: string;
    separator?: string;
    listId?: string;
    listGuid?: string;
    messageId?: string;
    senderName?: string;
    sender?: string;
    subject?: string;
    timeDateSending: Date | string;
    sendDelayTest: number;
  };
  CloneMessage: { listId?: string; listGuid?: string; messageToCloneId: number; subject?: string };
  GetFields: Record<string, never>;
  GetFields_st: Record<string, never>;
  CreateList_st: { name?: string; autoId?: string };
  DeleteList_st: { listId: number; autoId?: string };
  GetListIdentity_st: { autoId?: string };
  CreateList: { name?: string; autoId?: string };
  DeleteList: { listId: number; autoId?: string };
  GetListIdentity: { autoId?: string };
  GetSMS: { listID: number };
  CreateSMS: { listID: number; subject?: string; text?: string; options?: SoapOptions };
  SendSMS: { listID: number; smsID: number; options?: SoapOptions };
  SendSMSFast: { listID: number; subject?: string; text?: string; options?: SoapOptions };
  SendSingleSMS: {
    listID: number;
    subject?: string;
    type?: string;
    content?: string;
    numero?: string;
    options?: SoapOptions;
  };
  SendDirectSMS: { listID: number; content?: string; numero?: string; options?: SoapOptions };
  GetSMSDeliveryStatus: { deliveryID: number };
  StartDeliverySMS: Record<string, never>;
  StopDeliverySMS: Record<string, never>;
  GetSMSQueues: { listID: number };
  RemoveSMSQueue: { deliveryID: number; scheduleID: number; deleteQueue: boolean };
  ScheduleSMSQueue: { listID: number; smsID: number; scheduleID: number; deliverydt?: string; timezone: number };
}

/** Arguments of every MailupManage operation, by method name, in WSDL order. */
export interface ManageInputs {
  Login: { user?: string; pwd?: string; url?: string };
  LoginFromId: { user?: string; pwd?: string; consoleId: number };
  Logout: Record<string, never>;
  GetLists: Record<string, never>;
  GetIdUser: Record<string, never>;
  GetListsUser: { idUser: number };
  GetGroups: { listID: number };
  CreateGroup: { listID: number; groupName?: string; groupNotes?: string };
  UpdateGroup: { groupID: number; options?: SoapOptions };
  DeleteGroup: { listID: number; groupID: number; deleteUsers: boolean };
  CreateList: { name?: string; defaultSettings?: string; copyTemplate: boolean; options?: SoapOptions };
  UpdateList: { listID: number; options?: SoapOptions };
  DeleteList: { listID: number };
}

/** Arguments of every MailupReport operation, by method name, in WSDL order. */
export interface ReportInputs {
  Login: { user?: string; pwd?: string; url?: string };
  LoginFromId: { user?: string; pwd?: string; consoleId: number };
  Logout: Record<string, never>;
  ReportByUser: { email?: string; listID: number; messageID: number };
  ReportByUserEN: { email?: string; listID: number; messageID: number };
  ReportByMessage: { listID: number; messageID: number };
  ReportByMessageEN: { listID: number; messageID: number };
}

/** Arguments of every WSMailUpImport operation, by method name, in WSDL order. */
export interface ImportInputs {
  GetIdWsUser: Record<string, never>;
  GetIdUser: { userName?: string };
  GetNlLists: Record<string, never>;
  GetNlListsUser: { userId: number };
  NewImportProcess: {
    idList: number;
    listGUID?: string;
    xmlDoc?: string;
    idGroups?: string;
    importType: number;
    mobileInputType: number;
    asPending: boolean;
    ConfirmEmail: boolean;
    asOptOut: boolean;
    forceOptIn: boolean;
    replaceGroups: boolean;
    idConfirmNL: number;
  };
  StartImportProcesses: {
    listsIDs?: string;
    listsGUIDs?: string;
    xmlDoc?: string;
    groupsIDs?: string;
    importType: number;
    mobileInputType: number;
    asPending: boolean;
    ConfirmEmail: boolean;
    asOptOut: boolean;
    forceOptIn: boolean;
    replaceGroups: boolean;
  };
  CreateGroup: { idList: number; listGUID?: string; newGroupName?: string };
  GetProcessDetails: { idList: number; listGUID?: string; idProcess: number };
  StartProcess: { idList: number; listGUID?: string; idProcess: number };
}
