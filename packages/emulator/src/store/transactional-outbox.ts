/** An address as stored: `{ name, email }` (name empty when none was given). */
export interface StoredAddress {
  name: string;
  email: string;
}

/** An attachment or embedded image as stored (the bytes themselves, with their size). */
export interface StoredPart {
  filename: string;
  /** Content-ID of an embedded image (without angle brackets); empty for attachments. */
  contentId: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** The channel a transactional email arrived through. */
export type MailChannel = 'smtp' | 'send-api';

/**
 * One transactional email the emulator accepted, in one shape for both channels (the SMTP+ relay and the Send
 * API), so that a pipeline can be switched from one to the other and checked to deliver the same message.
 */
export interface StoredMail {
  /** 1, 2, 3 … in arrival order (over both channels). */
  id: number;
  channel: MailChannel;
  accountId: number;
  /** The SMTP+ user that authenticated. */
  smtpUser: string;
  /** `Message-ID` without angle brackets (the emulator makes one when a Send API message has none). */
  messageId: string;
  /** How many times a message with this Message-ID was accepted (over 1 reveals a duplicate). */
  count: number;
  receivedAt: number;
  subject: string;
  from: StoredAddress | undefined;
  to: StoredAddress[];
  cc: StoredAddress[];
  bcc: StoredAddress[];
  replyTo: string | undefined;
  text: string | undefined;
  html: string | undefined;
  charSet: string | undefined;
  /** Custom headers (`X-…`) and the Send API's `ExtendedHeaders`, in order. */
  headers: Array<{ name: string; value: string }>;
  attachments: StoredPart[];
  embeddedImages: StoredPart[];
  /** The parsed `X-SMTPAPI` header / `XSmtpAPI` block, if any. */
  xSmtpApi: Record<string, unknown> | undefined;
  /** The Send API request body as received (secrets replaced), for round-trip checks; undefined for SMTP. */
  request: Record<string, unknown> | undefined;
  /** The SMTP envelope; undefined for the Send API. */
  envelope: { mailFrom: string; rcptTo: string[] } | undefined;
  /** The raw RFC 5322 message (SMTP only). */
  raw: Buffer | undefined;
}

/** The message itself, as either channel reads it (the SMTP+ relay from RFC 5322, the Send API from a MessageDTO). */
export type MailContent = Pick<
  StoredMail,
  | 'messageId'
  | 'subject'
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'replyTo'
  | 'text'
  | 'html'
  | 'charSet'
  | 'headers'
  | 'attachments'
  | 'embeddedImages'
>;

/** One SMS the transactional SMS API accepted. */
export interface StoredSms {
  deliveryId: number;
  accountId: number;
  listId: number;
  recipient: string;
  content: string;
  campaignCode: string;
  dynamicFields: Array<{ N: string; V: string }>;
  isUnicode: boolean;
  sender: string;
  segments: number;
  cost: number;
  receivedAt: number;
  /** The request body as received (ListSecret replaced), for round-trip checks. */
  request: Record<string, unknown>;
}

/**
 * Every transactional message the emulator accepted: emails from the SMTP+ relay and the Send API, SMS from the
 * SMS API. Lives in the domain store so that every module (and the inbox view) reads the same rows.
 */
export class TransactionalOutbox {
  readonly mail: StoredMail[] = [];
  readonly sms: StoredSms[] = [];
  private readonly byMessageId = new Map<string, number>();
  private nextDeliveryId = 1;

  /** Stores an accepted email; `count` is how many times its Message-ID has now been accepted. */
  addMail(mail: Omit<StoredMail, 'id' | 'count'>): StoredMail {
    const key = mail.messageId.toLowerCase();
    const count = (this.byMessageId.get(key) ?? 0) + 1;
    this.byMessageId.set(key, count);
    const row: StoredMail = { ...mail, id: this.mail.length + 1, count };
    this.mail.push(row);
    return row;
  }

  /** How many times a Message-ID was accepted (0 when never). Angle brackets are ignored. */
  countOf(messageId: string): number {
    return this.byMessageId.get(messageId.replace(/^<|>$/g, '').toLowerCase()) ?? 0;
  }

  /** Message-IDs accepted more than once. */
  duplicates(): string[] {
    return [...this.byMessageId].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** Stores an accepted SMS and gives it the next delivery id. */
  addSms(sms: Omit<StoredSms, 'deliveryId'>): StoredSms {
    const row: StoredSms = { ...sms, deliveryId: this.nextDeliveryId++ };
    this.sms.push(row);
    return row;
  }

  /** Forgets every stored message (the control action `outbox.clear`). */
  clear(): void {
    this.mail.length = 0;
    this.sms.length = 0;
    this.byMessageId.clear();
  }
}
