/** A list of an account (REFERENCE §6.5 "Lists"): numeric id per account, globally unique GUID, sender data. */
export interface EmulatorList {
  id: number;
  accountId: number;
  guid: string;
  name: string;
  description: string;
  /** Sender data a list needs before it can send (`OwnerEmail`, `ReplyTo`, `NLSenderName`, `CompanyName`). */
  ownerEmail: string;
  replyTo: string;
  senderName: string;
  companyName: string;
  /** SMS sender (max 11 `[a-zA-Z0-9]`); empty means SMS code 104 "sender name empty". */
  smsSenderName: string;
  /** International prefix used when a mobile number has none, e.g. `0039`. */
  defaultPrefix: string;
  /** The other sender and settings data given when the list was created or updated over REST (`Business`, `City` …). */
  settings?: Record<string, unknown>;
}

/** A group inside a list. */
export interface EmulatorGroup {
  id: number;
  listId: number;
  name: string;
  notes: string;
}
