/** A tag of a list (REST `List/{id}/Tag`), attachable to the list's messages. */
export interface EmulatorTag {
  id: number;
  listId: number;
  name: string;
  enabled: boolean;
}

/** An attachment of a message, in one of its slots (REST `…/Email/{id}/Attachment/{slot}`). */
export interface EmulatorAttachment {
  messageId: number;
  slot: number;
  name: string;
  /** Size in bytes of the decoded data (the data itself is not kept). */
  size: number;
}

/** An image of the account's (or a list's) image gallery (REST `Images`, `List/{id}/Images`). */
export interface EmulatorImage {
  /** The public URL MailUp returns for it. */
  url: string;
  /** Undefined for the account gallery. */
  listId: number | undefined;
  name: string;
}

/** A message template of a list (REST `List/{id}/Templates`). */
export interface EmulatorTemplate {
  id: number;
  listId: number;
  name: string;
  subject: string;
  content: string;
}

/** What a recipient did with a sent message (the MailStatistics events). */
export type StatEventKind = 'delivery' | 'view' | 'bounce' | 'unsubscription' | 'click';

/** One MailStatistics event: a recipient received, opened, bounced, left or clicked a message. */
export interface EmulatorStatEvent {
  kind: StatEventKind;
  messageId: number;
  recipientId: number;
  at: number;
  /** The URL of a click. */
  url?: string;
  /** The bounce type (`Hard`, `Soft`). */
  bounceType?: string;
}
