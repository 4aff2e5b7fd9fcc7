import { model } from './schema.js';

/**
 * The response models of the REST resources (REFERENCE §6.5/§6.6 and the real payloads in artifacts/rest and
 * rest-samples). Only fields every real answer carries are required; `?` marks fields real answers send as null.
 */
export const MODELS = {
  authenticationInfo: model('AuthenticationInfo', {
    Company: 'string',
    ExpiryDate: 'string',
    IsTrial: 'boolean',
    UID: 'string',
    Url: 'string',
    Username: 'string',
    Version: 'string',
  }),
  authenticationDetails: model('AuthenticationDetails', {
    AutoRenewal: 'boolean',
    Company: 'string',
    CreditsByList: { array: model('ListCredit', { Credit: 'number', ListId: 'number' }) },
    Email: 'string',
    ExpiryDate: 'string',
    IsTrial: 'boolean',
    Lang: 'string',
    Plan: 'number',
    TotalCredits: 'number',
    UID: 'string',
    Username: 'string',
  }),
  userList: model('ConsoleUserListItem', {
    Company: 'string?',
    Description: 'string?',
    Name: 'string',
    idList: 'number',
    listGuid: 'string',
  }),
  list: model('ConsoleListDetails', {
    IdList: 'number',
    ListGuid: 'string',
    Name: 'string',
    Description: 'string?',
    OwnerEmail: 'string?',
    ReplyTo: 'string?',
  }),
  country: model('ConsoleCountry', { CountryCode: 'string', CountryName: 'string' }),
  timeZone: model('ConsoleTimeZone', {
    OffsetFromUTC: 'string?',
    TimeZoneCode: 'string',
    TimeZoneDescription: 'string?',
    TimeZoneName: 'string?',
  }),
  group: model('ConsoleGroupItem', {
    Count: 'number?',
    Deletable: 'boolean',
    Name: 'string',
    Notes: 'string?',
    idGroup: 'number',
    idList: 'number',
  }),
  recipient: model('ConsoleRecipientItem', {
    Fields: {
      array: model('ConsoleRecipientField', { Description: 'string?', Id: 'number', Value: 'string?' }),
      nullable: true,
    },
    Name: 'string?',
    idRecipient: 'number',
    Email: 'string?',
    MobileNumber: 'string?',
    MobilePrefix: 'string?',
  }),
  emailOptin: model('ConsoleEmailOptinItem', {
    Email: 'string?',
    Optin_Date: 'string?',
    Optin_Request_Date: 'string?',
    Optin_Request_IP: 'string?',
    Optout_Date: 'string?',
    Optout_MsgID: 'unknown',
    Optout_Subtype: 'unknown',
    Optout_Type: 'unknown',
    Status: 'string',
    idRecipient: 'number',
  }),
  dynamicField: model('ConsoleDynamicFieldItem', { Description: 'string', Id: 'number' }),
  importStatus: model('ConsoleImportStatus', {
    idImport: 'number',
    Completed: 'boolean',
    UpdatedRecipients: 'number',
    ValidRecipients: 'number',
    CreatedRecipients: 'number',
    ImportedRecipients: 'number',
    NotValidRecipients: 'number',
  }),
  importDetail: model('ConsoleImportDetail', {
    IdImport: 'number',
    IdList: 'number',
    IdGroups: { array: 'number', nullable: true },
    StatusCode: 'number',
    StartDate: 'string?',
    EndDate: 'string?',
    Rows: 'unknown',
  }),
  emailItem: model('ConsoleEmailMessageItem', {
    CreationDate: 'string?',
    Notes: 'string?',
    Subject: 'string',
    idList: 'number',
    idMessage: 'number',
  }),
  emailCreated: model('ConsoleEmailCreated', { Subject: 'string', idList: 'number', idMessage: 'number' }),
  emailDetails: model('ConsoleEmailMessageDetails', {
    Subject: 'string',
    idList: 'number',
    idMessage: 'number',
    Content: 'string?',
    Notes: 'string?',
  }),
  attachment: model('ConsoleAttachmentItem', { Name: 'string', Slot: 'number', idList: 'number', idMessage: 'number' }),
  tag: model('ConsoleTagItem', { Enabled: 'boolean', Id: 'number', Name: 'string' }),
  template: model('ConsoleTemplateItem', { Id: 'number', Name: 'string' }),
  templateDetails: model('ConsoleTemplateDetails', { Id: 'number', Name: 'string', Content: 'string?' }),
  sendResult: model('ConsoleSendingResult', {
    InvalidRecipients: { array: 'unknown', nullable: true },
    Sent: 'number',
    UnprocessedRecipients: { array: 'unknown', nullable: true },
    idMessage: 'number',
  }),
  singleSendResult: model('ConsoleSingleSendingResult', {
    Id: 'number',
    InvalidRecipients: { array: 'unknown', nullable: true },
    Sent: 'number',
    UnprocessedRecipients: { array: 'unknown', nullable: true },
    idMessage: 'number',
  }),
  sending: model('ConsoleSendingItem', { idSending: 'number', idMessage: 'number' }),
  deferredDate: model('ConsoleDeferredDate', { Date: 'string' }),
  smsMessage: model('ConsoleSmsMessageDetails', { Content: 'string', idList: 'number', idMessage: 'number' }),
  smsReport: model('ConsoleSmsReport', { idMessage: 'number' }),
  smsReportDetail: model('ConsoleSmsReportDetail', { idRecipient: 'number' }),
  smtpPlusPriority: model('ConsoleSmtpPlusPriority', { PriorityCode: 'number', PriorityName: 'string' }),
  smtpPlusUser: model('ConsoleSmtpPlusUser', {
    IsEnabled: 'boolean',
    PriorityCode: 'number',
    TrustedDomains: { array: 'string', nullable: true },
    TrustedSenders: { array: 'unknown', nullable: true },
  }),
  statisticsItem: model('MailStatisticsItem', { IdMessage: 'number', IdRecipient: 'number' }),
  urlClick: model('MailStatisticsUrlClick', { Count: 'number', Url: 'string' }),
  trialActivation: model('TrialActivationResult', { Id: 'number', Status: 'string' }),
} as const;

/** `GET Console/Authentication/Details`. */
export interface AuthenticationDetails {
  AutoRenewal: boolean;
  Company: string;
  CreditsByList: Array<{ Credit: number; ListId: number }>;
  Email: string;
  ExpiryDate: string;
  IsTrial: boolean;
  Lang: string;
  Plan: number;
  TotalCredits: number;
  UID: string;
  Url: string;
  Username: string;
  Version: string;
}

/** A list (`GET Console/List/{id}`; create and update answer the same). Other settings ride along. */
export interface ListDetails {
  IdList: number;
  ListGuid: string;
  Name: string;
  Description: string | null;
  OwnerEmail: string | null;
  ReplyTo: string | null;
  [setting: string]: unknown;
}

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

/** A country of `GET Console/List/Countries`. */
export interface Country {
  CountryCode: string;
  CountryName: string;
}

/** A time zone of `GET Console/TimeZones`. */
export interface TimeZone {
  OffsetFromUTC: string | null;
  TimeZoneCode: string;
  TimeZoneDescription: string | null;
  TimeZoneName: string | null;
}

/** A group of a list (`GET Console/List/{idList}/Groups`; create and update answer the same). */
export interface Group {
  Count: number | null;
  Deletable: boolean;
  Name: string;
  Notes: string | null;
  idGroup: number;
  idList: number;
}

/** A recipient field value (`Id` is the field number, `campo{Id}`). */
export interface RecipientField {
  Description?: string | null;
  Id: number;
  Value: string | null;
}

/** A recipient as MailUp returns it (`Fields` lists every recipient field with its value). */
export interface Recipient {
  Fields: RecipientField[] | null;
  Name: string | null;
  idRecipient: number;
  Email: string | null;
  MobileNumber: string | null;
  MobilePrefix: string | null;
}

/** A recipient to add or import: an `Email`, a `MobileNumber`, or both. */
export interface NewRecipient {
  Email?: string;
  Name?: string;
  MobileNumber?: string;
  MobilePrefix?: string;
  Fields?: Array<{ Id: number; Value: string }>;
}

/** An item of `GET Console/List/{idList}/Recipients/EmailOptins`: status and opt-in / opt-out dates. */
export interface EmailOptin {
  Email: string | null;
  Optin_Date: string | null;
  Optin_Request_Date: string | null;
  Optin_Request_IP: string | null;
  Optout_Date: string | null;
  Optout_MsgID: unknown;
  Optout_Subtype: unknown;
  Optout_Type: unknown;
  Status: string;
  idRecipient: number;
}

/** A recipient field of `GET Console/Recipient/DynamicFields`. */
export interface DynamicField {
  Description: string;
  Id: number;
}

/** `GET Console/Import/{idImport}`: whether an asynchronous import completed, and its counts. */
export interface ImportStatus {
  idImport: number;
  Completed: boolean;
  UpdatedRecipients: number;
  ValidRecipients: number;
  CreatedRecipients: number;
  ImportedRecipients: number;
  NotValidRecipients: number;
}

/** `ConsoleImportDetail` (`GET Console/Imports/{idImport}`). */
export interface ImportDetail {
  IdImport: number;
  IdList: number;
  IdGroups: number[] | null;
  StatusCode: number;
  StartDate: string | null;
  EndDate: string | null;
  Rows: unknown;
  [field: string]: unknown;
}

/** An email message in a list of messages. */
export interface EmailItem {
  CreationDate: string | null;
  Notes: string | null;
  Subject: string;
  idList: number;
  idMessage: number;
  ServiceType?: number;
}

/** What creating, cloning or instantiating a message answers. */
export interface EmailCreated {
  Subject: string;
  idList: number;
  idMessage: number;
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

/** `GET Console/List/{idList}/Email/{idMessage}`. */
export interface EmailDetails extends EmailCreated {
  Content: string | null;
  Notes: string | null;
  [field: string]: unknown;
}

/** An attachment of a message, in its slot (1–5). */
export interface Attachment {
  Name: string;
  Slot: number;
  idList: number;
  idMessage: number;
}

/** A list tag. */
export interface Tag {
  Enabled: boolean;
  Id: number;
  Name: string;
}

/** A message template of a list. */
export interface Template {
  Id: number;
  Name: string;
  [field: string]: unknown;
}

/** What a sending answers: recipients sent, and the invalid and unprocessed ones. */
export interface SendResult {
  InvalidRecipients: unknown[] | null;
  Sent: number;
  UnprocessedRecipients: unknown[] | null;
  idMessage: number;
}

/** `POST Console/Email/Send`: a {@link SendResult} with the sending id. */
export interface SingleSendResult extends SendResult {
  Id: number;
}

/** A sending in a queue or a message's history. */
export interface Sending {
  idSending: number;
  idMessage: number;
  [field: string]: unknown;
}

/** A console SMS message. */
export interface SmsMessage {
  Content: string;
  idList: number;
  idMessage: number;
  [field: string]: unknown;
}

/** An SMTP+ priority (1 VeryHigh … 5 VeryLow). */
export interface SmtpPlusPriority {
  PriorityCode: number;
  PriorityName: string;
}

/** An SMTP+ user to create: trusted senders must be confirmed (their domain trusted). */
export interface SmtpPlusUserInput {
  IsEnabled: boolean;
  Note?: string;
  PriorityCode: number;
  TrustedDomains: string[];
  TrustedSenders: string[];
}

/** A created SMTP+ user. */
export interface SmtpPlusUser {
  IsEnabled: boolean;
  PriorityCode: number;
  TrustedDomains: string[] | null;
  TrustedSenders: unknown[] | null;
  [field: string]: unknown;
}

/** An item of a MailStatistics list. */
export interface StatisticsItem {
  IdMessage: number;
  IdRecipient: number;
  Email?: string;
  Type?: string;
  Count?: number;
  [field: string]: unknown;
}

/** An item of `GET Message/{idMessage}/List/UrlClicks`. */
export interface UrlClick {
  Count: number;
  Url: string;
  [field: string]: unknown;
}

/** What PublicService answers for a trial activation and its status. */
export interface TrialActivation {
  Id: number;
  Status: string;
  [field: string]: unknown;
}
