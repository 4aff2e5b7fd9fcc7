import { field as f, type Infer, model } from './schema.js';

/*
 * Every REST model in one place, written once. The answers are runtime descriptors (checked at the boundary, in
 * JSON and WCF XML) whose TypeScript types are inferred from them; the request bodies the client sends are types.
 * Wire names are MailUp's, as they are on the wire (PascalCase, and the camelCase ids MailUp itself uses:
 * `idList`, `listGuid`): no renaming layer. Sources: REFERENCE §6.5/§6.6 and the real payloads in artifacts/rest
 * and rest-samples. Only fields every real answer carries are required; `nullable()` marks the fields real answers
 * send as null, `optional()` the ones some answers leave out; `open` models keep (and type as `unknown`) the
 * settings they do not name.
 */

const listCredit = model('ListCredit', { Credit: f.number(), ListId: f.number() });
const recipientField = model('ConsoleRecipientField', {
  Description: f.string().nullable(),
  Id: f.number(),
  Value: f.string().nullable(),
});
const emailCreated = {
  Subject: f.string(),
  idList: f.number(),
  idMessage: f.number(),
};
const sendResult = {
  InvalidRecipients: f.array(f.unknown()).nullable(),
  Sent: f.number(),
  UnprocessedRecipients: f.array(f.unknown()).nullable(),
  idMessage: f.number(),
};

/** The response models of the REST resources, by what they describe (their WCF contract name is `.name`). */
export const MODELS = {
  authenticationInfo: model('AuthenticationInfo', {
    Company: f.string(),
    ExpiryDate: f.string(),
    IsTrial: f.boolean(),
    UID: f.string(),
    Url: f.string(),
    Username: f.string(),
    Version: f.string(),
  }),
  authenticationDetails: model('AuthenticationDetails', {
    AutoRenewal: f.boolean(),
    Company: f.string(),
    CreditsByList: f.array(listCredit),
    Email: f.string(),
    ExpiryDate: f.string(),
    IsTrial: f.boolean(),
    Lang: f.string(),
    Plan: f.number(),
    TotalCredits: f.number(),
    UID: f.string(),
    Url: f.string(),
    Username: f.string(),
    Version: f.string(),
  }),
  userList: model('ConsoleUserListItem', {
    Company: f.string().nullable(),
    Description: f.string().nullable(),
    Name: f.string(),
    idList: f.number(),
    listGuid: f.string(),
  }),
  list: model(
    'ConsoleListDetails',
    {
      IdList: f.number(),
      ListGuid: f.string(),
      Name: f.string(),
      Description: f.string().nullable(),
      OwnerEmail: f.string().nullable(),
      ReplyTo: f.string().nullable(),
    },
    { open: true },
  ),
  country: model('ConsoleCountry', { CountryCode: f.string(), CountryName: f.string() }),
  timeZone: model('ConsoleTimeZone', {
    OffsetFromUTC: f.string().nullable(),
    TimeZoneCode: f.string(),
    TimeZoneDescription: f.string().nullable(),
    TimeZoneName: f.string().nullable(),
  }),
  group: model('ConsoleGroupItem', {
    Count: f.number().nullable(),
    Deletable: f.boolean(),
    Name: f.string(),
    Notes: f.string().nullable(),
    idGroup: f.number(),
    idList: f.number(),
  }),
  recipientField,
  recipient: model('ConsoleRecipientItem', {
    Fields: f.array(recipientField).nullable(),
    Name: f.string().nullable(),
    idRecipient: f.number(),
    Email: f.string().nullable(),
    MobileNumber: f.string().nullable(),
    MobilePrefix: f.string().nullable(),
  }),
  emailOptin: model('ConsoleEmailOptinItem', {
    Email: f.string().nullable(),
    Optin_Date: f.string().nullable(),
    Optin_Request_Date: f.string().nullable(),
    Optin_Request_IP: f.string().nullable(),
    Optout_Date: f.string().nullable(),
    Optout_MsgID: f.unknown(),
    Optout_Subtype: f.unknown(),
    Optout_Type: f.unknown(),
    Status: f.string(),
    idRecipient: f.number(),
  }),
  dynamicField: model('ConsoleDynamicFieldItem', { Description: f.string(), Id: f.number() }),
  importStatus: model('ConsoleImportStatus', {
    idImport: f.number(),
    Completed: f.boolean(),
    UpdatedRecipients: f.number(),
    ValidRecipients: f.number(),
    CreatedRecipients: f.number(),
    ImportedRecipients: f.number(),
    NotValidRecipients: f.number(),
  }),
  importDetail: model(
    'ConsoleImportDetail',
    {
      IdImport: f.number(),
      IdList: f.number(),
      IdGroups: f.array(f.number()).nullable(),
      StatusCode: f.number(),
      StartDate: f.string().nullable(),
      EndDate: f.string().nullable(),
      /** The row counts (`Invalid` and `Valid` break `Total` down; they ride along unchecked). */
      Rows: f.model(model('ConsoleImportRows', { Total: f.number() }, { open: true })).nullable(),
    },
    { open: true },
  ),
  emailItem: model('ConsoleEmailMessageItem', {
    CreationDate: f.string().nullable(),
    Notes: f.string().nullable(),
    Subject: f.string(),
    idList: f.number(),
    idMessage: f.number(),
    ServiceType: f.number().optional(),
  }),
  emailCreated: model('ConsoleEmailCreated', emailCreated),
  emailDetails: model(
    'ConsoleEmailMessageDetails',
    { ...emailCreated, Content: f.string().nullable(), Notes: f.string().nullable() },
    { open: true },
  ),
  attachment: model('ConsoleAttachmentItem', {
    Name: f.string(),
    Slot: f.number(),
    idList: f.number(),
    idMessage: f.number(),
  }),
  tag: model('ConsoleTagItem', { Enabled: f.boolean(), Id: f.number(), Name: f.string() }),
  template: model('ConsoleTemplateItem', { Id: f.number(), Name: f.string() }, { open: true }),
  templateDetails: model(
    'ConsoleTemplateDetails',
    { Id: f.number(), Name: f.string(), Content: f.string().nullable() },
    { open: true },
  ),
  sendResult: model('ConsoleSendingResult', sendResult),
  singleSendResult: model('ConsoleSingleSendingResult', { ...sendResult, Id: f.number() }),
  sending: model('ConsoleSendingItem', { idSending: f.number(), idMessage: f.number() }, { open: true }),
  deferredDate: model('ConsoleDeferredDate', { Date: f.string() }),
  smsMessage: model(
    'ConsoleSmsMessageDetails',
    { Content: f.string(), idList: f.number(), idMessage: f.number() },
    { open: true },
  ),
  smsReport: model('ConsoleSmsReport', { idMessage: f.number() }, { open: true }),
  smsReportDetail: model('ConsoleSmsReportDetail', { idRecipient: f.number() }, { open: true }),
  smtpPlusPriority: model('ConsoleSmtpPlusPriority', { PriorityCode: f.number(), PriorityName: f.string() }),
  smtpPlusUser: model(
    'ConsoleSmtpPlusUser',
    {
      IsEnabled: f.boolean(),
      PriorityCode: f.number(),
      TrustedDomains: f.array(f.string()).nullable(),
      TrustedSenders: f.array(f.unknown()).nullable(),
    },
    { open: true },
  ),
  statisticsItem: model(
    'MailStatisticsItem',
    {
      IdMessage: f.number(),
      IdRecipient: f.number(),
      Email: f.string().optional(),
      Type: f.string().optional(),
      Count: f.number().optional(),
    },
    { open: true },
  ),
  urlClick: model('MailStatisticsUrlClick', { Count: f.number(), Url: f.string() }, { open: true }),
  trialActivation: model('TrialActivationResult', { Id: f.number(), Status: f.string() }, { open: true }),
} as const;

/** `GET Console/Authentication/Info`: who the token impersonates. */
export type AuthenticationInfo = Infer<typeof MODELS.authenticationInfo>;
/** `GET Console/Authentication/Details`. */
export type AuthenticationDetails = Infer<typeof MODELS.authenticationDetails>;
/** An item of `GET Console/User/Lists`. */
export type UserList = Infer<typeof MODELS.userList>;
/** A list (`GET Console/List/{id}`; create and update answer the same). Other settings ride along. */
export type ListDetails = Infer<typeof MODELS.list>;
/** A country of `GET Console/List/Countries`. */
export type Country = Infer<typeof MODELS.country>;
/** A time zone of `GET Console/TimeZones`. */
export type TimeZone = Infer<typeof MODELS.timeZone>;
/** A group of a list (`GET Console/List/{idList}/Groups`; create and update answer the same). */
export type Group = Infer<typeof MODELS.group>;
/** A recipient field value (`Id` is the field number, `campo{Id}`). */
export type RecipientField = Infer<typeof MODELS.recipientField>;
/** A recipient as MailUp returns it (`Fields` lists every recipient field with its value). */
export type Recipient = Infer<typeof MODELS.recipient>;
/** An item of `GET Console/List/{idList}/Recipients/EmailOptins`: status and opt-in / opt-out dates. */
export type EmailOptin = Infer<typeof MODELS.emailOptin>;
/** A recipient field of `GET Console/Recipient/DynamicFields`. */
export type DynamicField = Infer<typeof MODELS.dynamicField>;
/** `GET Console/Import/{idImport}`: whether an asynchronous import completed, and its counts. */
export type ImportStatus = Infer<typeof MODELS.importStatus>;
/** `ConsoleImportDetail` (`GET Console/Imports/{idImport}`). */
export type ImportDetail = Infer<typeof MODELS.importDetail>;
/** An email message in a list of messages. */
export type EmailItem = Infer<typeof MODELS.emailItem>;
/** What creating, cloning or instantiating a message answers. */
export type EmailCreated = Infer<typeof MODELS.emailCreated>;
/** `GET Console/List/{idList}/Email/{idMessage}`. */
export type EmailDetails = Infer<typeof MODELS.emailDetails>;
/** An attachment of a message, in its slot (1–5). */
export type Attachment = Infer<typeof MODELS.attachment>;
/** A list tag. */
export type Tag = Infer<typeof MODELS.tag>;
/** A message template of a list. */
export type Template = Infer<typeof MODELS.template>;
/** A message template with its content (`GET Console/List/{idList}/Templates/{idTemplate}`). */
export type TemplateDetails = Infer<typeof MODELS.templateDetails>;
/** What a sending answers: recipients sent, and the invalid and unprocessed ones. */
export type SendResult = Infer<typeof MODELS.sendResult>;
/** `POST Console/Email/Send`: a {@link SendResult} with the sending id. */
export type SingleSendResult = Infer<typeof MODELS.singleSendResult>;
/** A sending in a queue or a message's history. */
export type Sending = Infer<typeof MODELS.sending>;
/** The first date a sending can be scheduled at. */
export type DeferredDate = Infer<typeof MODELS.deferredDate>;
/** A console SMS message. */
export type SmsMessage = Infer<typeof MODELS.smsMessage>;
/** `GET Console/Sms/{idMessage}/Sendings/Report`. */
export type SmsReport = Infer<typeof MODELS.smsReport>;
/** An item of `GET Console/Sms/{idMessage}/Sendings/ReportDetails`. */
export type SmsReportDetail = Infer<typeof MODELS.smsReportDetail>;
/** An SMTP+ priority (1 VeryHigh … 5 VeryLow). */
export type SmtpPlusPriority = Infer<typeof MODELS.smtpPlusPriority>;
/** A created SMTP+ user. */
export type SmtpPlusUser = Infer<typeof MODELS.smtpPlusUser>;
/** An item of a MailStatistics list. */
export type StatisticsItem = Infer<typeof MODELS.statisticsItem>;
/** An item of `GET Message/{idMessage}/List/UrlClicks`. */
export type UrlClick = Infer<typeof MODELS.urlClick>;
/** What PublicService answers for a trial activation and its status. */
export type TrialActivation = Infer<typeof MODELS.trialActivation>;

/** The sender data MailUp requires to create a list, plus either `IdSettings` or `UseDefaultSettings`. */
export interface NewList {
  Name: string;
  Business: boolean;
  Customer: boolean;
  OwnerEmail: string;
  ReplyTo: string;
  NLSenderName: string;
  CompanyName: string;
  ContactName: string;
  Address: string;
  City: string;
  CountryCode: string;
  PermissionReminder: string;
  WebSiteUrl: string;
  IdSettings?: number;
  UseDefaultSettings?: boolean;
  [setting: string]: unknown;
}

/** A group to create or update. */
export interface GroupInput {
  Name: string;
  Notes?: string;
}

/** A recipient field to set: `Id` is the field number, `Value` its text. */
export interface FieldValue {
  Id: number;
  Value: string;
}

/** A recipient to add or import: an `Email`, a `MobileNumber`, or both. */
export interface NewRecipient {
  Email?: string;
  Name?: string;
  MobileNumber?: string;
  MobilePrefix?: string;
  Fields?: FieldValue[];
}

/** An email message to create or update. */
export interface EmailMessageInput {
  Subject: string;
  Content?: string;
  Embed?: boolean;
  Fields?: unknown[];
  IsConfirmation?: boolean;
  Notes?: string;
  Tags?: Array<{ Id: number } | number> | null;
  TrackingInfo?: { CustomParams?: string; Enabled?: boolean; Protocols?: string[] };
}

/** An attachment or image upload: a name and the data as base64 (one line: MailUp answers 400 to CR/LF). */
export interface Upload {
  Name: string;
  Base64Data: string;
}

/** A tag's changes (`PUT Console/List/{idList}/Tag/{idTag}`). */
export interface TagInput {
  Name?: string;
  Enabled?: boolean;
}

/** `POST Console/Email/Send`: one message to one address. */
export interface EmailToRecipient {
  Email: string;
  idMessage: number;
  Fields?: FieldValue[];
}

/** An SMS message to create or update. */
export interface SmsMessageInput {
  Content: string;
  Notes?: string;
  Sender?: string;
  [field: string]: unknown;
}

/** `POST Console/Sms/Send`: one SMS to one number. */
export interface SmsToNumber {
  Number: string;
  Prefix?: string;
  idMessage: number;
  Fields?: FieldValue[];
}

/** An SMTP+ user to create: trusted senders must be confirmed (their domain trusted). */
export interface SmtpPlusUserInput {
  IsEnabled: boolean;
  Note?: string;
  PriorityCode: number;
  TrustedDomains: string[];
  TrustedSenders: string[];
}
