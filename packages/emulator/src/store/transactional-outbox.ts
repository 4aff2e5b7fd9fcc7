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

/** How much of the transactional traffic the outbox keeps (see {@link TransactionalOutbox}). */
export interface OutboxRetention {
  /** Most messages kept, emails and SMS together (default 1,000). */
  maxMessages: number;
  /**
   * Most bytes kept, emails and SMS together (default 128 MiB), counted as the stored copies: a message's raw
   * bytes, its decoded parts, text and HTML, and the JSON of its request copy.
   */
  maxBytes: number;
}

/** Defaults of {@link OutboxRetention}. */
export const OUTBOX_RETENTION_DEFAULTS: Readonly<OutboxRetention> = Object.freeze({
  maxMessages: 1_000,
  maxBytes: 128 * 1024 * 1024,
});

/** How many messages the outbox dropped to stay within its {@link OutboxRetention}, since start or `clear`. */
export interface OutboxEvicted {
  mail: number;
  sms: number;
}

function textBytes(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text);
}

/** The bytes a stored email holds (its copies, not the JavaScript object overhead). */
function mailBytes(mail: StoredMail): number {
  let bytes = (mail.raw?.length ?? 0) + textBytes(mail.text) + textBytes(mail.html) + textBytes(mail.subject);
  for (const part of mail.attachments) bytes += part.content.length;
  for (const part of mail.embeddedImages) bytes += part.content.length;
  if (mail.request !== undefined) bytes += textBytes(JSON.stringify(mail.request));
  return bytes;
}

function smsBytes(sms: StoredSms): number {
  return textBytes(sms.content) + textBytes(JSON.stringify(sms.request));
}

/**
 * Every transactional message the emulator accepted: emails from the SMTP+ relay and the Send API, SMS from the
 * SMS API. Lives in the domain store so that every module (and the inbox view) reads the same rows.
 *
 * Retention is bounded ({@link OutboxRetention}: a count and bytes over emails and SMS together): when a new
 * message takes the outbox past either bound, the oldest messages are evicted first (the newest one is always
 * kept), and {@link evicted} counts them. An email's id keeps growing across evictions; a Message-ID's count
 * covers the messages still kept.
 */
export class TransactionalOutbox {
  readonly mail: StoredMail[] = [];
  readonly sms: StoredSms[] = [];
  /** Messages dropped by the retention bounds since start (or the last {@link clear}). */
  readonly evicted: OutboxEvicted = { mail: 0, sms: 0 };
  readonly retention: Readonly<OutboxRetention>;
  private readonly byMessageId = new Map<string, number>();
  private readonly sizes = new WeakMap<object, number>();
  private bytes = 0;
  private nextMailId = 1;
  private nextDeliveryId = 1;

  constructor(retention: Partial<OutboxRetention> = {}) {
    this.retention = Object.freeze({ ...OUTBOX_RETENTION_DEFAULTS, ...retention });
    for (const [name, value] of Object.entries(this.retention)) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`outbox retention: ${name} must be a positive integer`);
      }
    }
  }

  /** Bytes the kept messages hold, as {@link OutboxRetention.maxBytes} counts them. */
  get retainedBytes(): number {
    return this.bytes;
  }

  /** Stores an accepted email; `count` is how many times its Message-ID has now been accepted. */
  addMail(mail: Omit<StoredMail, 'id' | 'count'>): StoredMail {
    const key = mail.messageId.toLowerCase();
    const count = (this.byMessageId.get(key) ?? 0) + 1;
    this.byMessageId.set(key, count);
    const row: StoredMail = { ...mail, id: this.nextMailId++, count };
    this.mail.push(row);
    this.keep(row, mailBytes(row));
    return row;
  }

  /** A kept email by its id, or undefined (never stored, evicted or removed). Ids increase: a binary search. */
  mailById(id: number): StoredMail | undefined {
    const index = this.mailIndex(id);
    return index < 0 ? undefined : this.mail[index];
  }

  private mailIndex(id: number): number {
    if (!Number.isInteger(id)) return -1;
    let low = 0;
    let high = this.mail.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = (this.mail[mid] as StoredMail).id;
      if (at === id) return mid;
      if (at < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Removes one kept email (the web console's "delete"); false when there is none with that id. */
  removeMail(id: number): boolean {
    const index = this.mailIndex(id);
    if (index < 0) return false;
    const [row] = this.mail.splice(index, 1) as [StoredMail];
    this.bytes -= this.sizes.get(row) ?? 0;
    this.forget(row.messageId);
    return true;
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
    this.keep(row, smsBytes(row));
    return row;
  }

  /** Counts a new row's bytes, then evicts the oldest rows (emails and SMS by arrival) until within bounds. */
  private keep(row: StoredMail | StoredSms, bytes: number): void {
    this.sizes.set(row, bytes);
    this.bytes += bytes;
    let mailDrop = 0;
    let smsDrop = 0;
    const { maxMessages, maxBytes } = this.retention;
    for (;;) {
      const kept = this.mail.length - mailDrop + this.sms.length - smsDrop;
      if (kept <= 1 || (kept <= maxMessages && this.bytes <= maxBytes)) break;
      const oldMail = this.mail[mailDrop];
      const oldSms = this.sms[smsDrop];
      const dropMail = oldMail !== undefined && (oldSms === undefined || oldMail.receivedAt <= oldSms.receivedAt);
      const victim = (dropMail ? oldMail : oldSms) as StoredMail | StoredSms;
      if (victim === row) break;
      this.bytes -= this.sizes.get(victim) ?? 0;
      if (dropMail) {
        mailDrop++;
        this.forget((victim as StoredMail).messageId);
      } else smsDrop++;
    }
    if (mailDrop > 0) this.mail.splice(0, mailDrop);
    if (smsDrop > 0) this.sms.splice(0, smsDrop);
    this.evicted.mail += mailDrop;
    this.evicted.sms += smsDrop;
  }

  /** One fewer kept message with this Message-ID (the map holds only kept ones). */
  private forget(messageId: string): void {
    const key = messageId.toLowerCase();
    const left = (this.byMessageId.get(key) ?? 0) - 1;
    if (left > 0) this.byMessageId.set(key, left);
    else this.byMessageId.delete(key);
  }

  /** Forgets every stored message (the control action `outbox.clear`). */
  clear(): void {
    this.mail.length = 0;
    this.sms.length = 0;
    this.byMessageId.clear();
    this.bytes = 0;
    this.nextMailId = 1;
    this.evicted.mail = 0;
    this.evicted.sms = 0;
  }
}
