import type { EmulatorGroup, EmulatorList } from './list.js';
import type {
  EmulatorAttachment,
  EmulatorImage,
  EmulatorStatEvent,
  EmulatorTag,
  EmulatorTemplate,
} from './message-content.js';
import type { Channel, EmulatorRecipient, GroupMembership, Subscription, SubscriptionStatus } from './recipient.js';
import type { EmulatorImport, EmulatorMessage, EmulatorSending } from './sending.js';
import type { ServiceName, ServiceSettings, SmtpPlusUser } from './services.js';
import { SubscriptionTable } from './subscription-table.js';

/** What identifies a recipient inside an account: its email, its mobile number, or both. */
export interface RecipientKey {
  email?: string | undefined;
  mobilePrefix?: string | undefined;
  mobileNumber?: string | undefined;
}

/** A list as given to {@link AccountData.addList}: anything but the name may be left to defaults. */
export type NewList = Partial<Omit<EmulatorList, 'accountId'>> & { name: string };

/** The 27 recipient fields a new MailUp account has (names as a real account's `Recipient/DynamicFields`). */
export const DEFAULT_FIELD_NAMES: readonly string[] = [
  'nome',
  'cognome',
  'azienda',
  'città',
  'provincia',
  'cap',
  'regione',
  'paese',
  'indirizzo',
  'fax',
  'telefono',
  'IDCliente',
  'IDUltimoOrdine',
  'DataUltimoOrdine',
  'TotaleUltimoOrdine',
  'IDProdottiUltimoOrdine',
  'IDCategorieUltimoOrdine',
  'DataUltimoOrdineSpedito',
  'IDUltimoOrdineSpedito',
  'DataCarrelloAbbandonato',
  'TotaleCarrelloAbbandonato',
  'IDCarrelloAbbandonato',
  'TotaleFatturato',
  'TotaleFatturatoUltimi12Mesi',
  'TotaleFatturatoUltimi30gg',
  'IDTuttiProdottiAcquistati',
  'Compleanno',
];

/** Tables whose ids the account hands out. */
export type IdTable = 'list' | 'group' | 'recipient' | 'message' | 'sending' | 'import' | 'tag' | 'template';

function subscriptionKey(listId: number, recipientId: number, channel: Channel): string {
  return `${listId}:${recipientId}:${channel}`;
}

/**
 * Every piece of domain data of one account, one table per concept, with the operations every protocol shares
 * (a recipient subscribed over SOAP is the same row REST, the frontend pages and the Import service read). Ids
 * are per account and never reused.
 */
export class AccountData {
  readonly lists = new Map<number, EmulatorList>();
  readonly groups = new Map<number, EmulatorGroup>();
  readonly recipients = new Map<number, EmulatorRecipient>();
  /** Keyed `listId:recipientId:channel`; indexed per list, channel and status (change rows with `setSubscription`). */
  readonly subscriptions = new SubscriptionTable();
  /** Keyed `groupId:recipientId`. */
  readonly groupMembers = new Map<string, GroupMembership>();
  readonly messages = new Map<number, EmulatorMessage>();
  readonly sendings = new Map<number, EmulatorSending>();
  readonly imports = new Map<number, EmulatorImport>();
  readonly smtpUsers = new Map<string, SmtpPlusUser>();
  /** Transactional SMS `ListSecret` per list id; no entry means SMS is off for the list. */
  readonly smsListSecrets = new Map<number, string>();
  readonly services = new Map<ServiceName, ServiceSettings>();
  /** List tags by id (REST). */
  readonly tags = new Map<number, EmulatorTag>();
  /** Message attachments keyed `messageId:slot` (REST). */
  readonly attachments = new Map<string, EmulatorAttachment>();
  /** The image galleries (account and lists), in upload order (REST). */
  readonly images: EmulatorImage[] = [];
  /** Message templates by id (REST). */
  readonly templates = new Map<number, EmulatorTemplate>();
  /** Names of the recipient fields by number (`campo1` … ; REST `Recipient/DynamicFields`). */
  readonly fieldNames = new Map<number, string>(
    DEFAULT_FIELD_NAMES.map((name, i) => [i + 1, name] as [number, string]),
  );
  /** MailStatistics events (deliveries, views, bounces, unsubscriptions, clicks), oldest first. */
  readonly statEvents: EmulatorStatEvent[] = [];
  private emailIndex = new Map<string, EmulatorRecipient>();
  private readonly nextIds: Record<IdTable, number> = {
    tag: 1,
    template: 1,
    list: 1,
    group: 1,
    recipient: 1,
    message: 1,
    sending: 1,
    import: 1,
  };

  constructor(
    readonly accountId: number,
    private readonly newGuid: () => string,
  ) {}

  /** The next id of a table (1, 2, 3 … per account). */
  nextId(table: IdTable): number {
    return this.nextIds[table]++;
  }

  addList(list: NewList): EmulatorList {
    const id = list.id ?? this.nextId('list');
    if (this.lists.has(id)) throw new RangeError(`store: list ${id} already exists in account ${this.accountId}`);
    this.nextIds.list = Math.max(this.nextIds.list, id + 1);
    const row: EmulatorList = {
      description: '',
      ownerEmail: `owner@list${id}.example.com`,
      replyTo: `reply@list${id}.example.com`,
      senderName: list.name,
      companyName: '',
      smsSenderName: '',
      defaultPrefix: '0039',
      ...list,
      id,
      guid: list.guid ?? this.newGuid(),
      accountId: this.accountId,
    };
    this.lists.set(id, row);
    return row;
  }

  addGroup(listId: number, name: string, notes = ''): EmulatorGroup {
    this.list(listId);
    const group: EmulatorGroup = { id: this.nextId('group'), listId, name, notes };
    this.groups.set(group.id, group);
    return group;
  }

  /** The list with this id; a `RangeError` when there is none. */
  list(listId: number): EmulatorList {
    const list = this.lists.get(listId);
    if (!list) throw new RangeError(`store: no list ${listId} in account ${this.accountId}`);
    return list;
  }

  /** The recipient with this email (case-insensitive) or mobile number, if any. */
  findRecipient(key: RecipientKey): EmulatorRecipient | undefined {
    const email = key.email?.toLowerCase();
    if (email !== undefined && key.mobileNumber === undefined) return this.recipientByEmail(email);
    for (const r of this.recipients.values()) {
      if (email !== undefined && r.email === email) return r;
      if (key.mobileNumber !== undefined && r.mobileNumber === key.mobileNumber) return r;
    }
    return undefined;
  }

  /**
   * The recipient with this lower-cased email through an index (bulk imports of a million rows stay linear). The
   * index is rebuilt whenever the table's size moved without it, and every hit is checked against the table.
   */
  recipientByEmail(email: string): EmulatorRecipient | undefined {
    if (this.emailIndex.size !== this.recipients.size) {
      this.emailIndex = new Map();
      for (const r of this.recipients.values()) this.emailIndex.set(r.email ?? `#${r.id}`, r);
    }
    const hit = this.emailIndex.get(email);
    if (!hit) return undefined;
    if (hit.email === email && this.recipients.get(hit.id) === hit) return hit;
    for (const r of this.recipients.values()) if (r.email === email) return r;
    return undefined;
  }

  /** Finds the recipient by email or mobile, or creates it; given fields overwrite the stored ones. */
  upsertRecipient(key: RecipientKey, details: { name?: string; fields?: Record<number, string> } = {}) {
    if (key.email === undefined && key.mobileNumber === undefined) {
      throw new RangeError('store: a recipient needs an email or a mobile number');
    }
    let recipient = this.findRecipient(key);
    const email = key.email?.toLowerCase();
    if (!recipient) {
      const inSync = this.emailIndex.size === this.recipients.size;
      recipient = {
        id: this.nextId('recipient'),
        accountId: this.accountId,
        name: '',
        email,
        mobilePrefix: undefined,
        mobileNumber: undefined,
        fields: new Map(),
      };
      this.recipients.set(recipient.id, recipient);
      if (inSync) this.emailIndex.set(email ?? `#${recipient.id}`, recipient);
    } else if (email !== undefined && recipient.email !== email) {
      recipient.email = email;
      this.emailIndex = new Map(); // rebuilt on the next lookup
    }
    if (key.mobileNumber !== undefined) {
      recipient.mobileNumber = key.mobileNumber;
      recipient.mobilePrefix = key.mobilePrefix ?? recipient.mobilePrefix;
    }
    if (details.name !== undefined) recipient.name = details.name;
    for (const [n, value] of Object.entries(details.fields ?? {})) recipient.fields.set(Number(n), value);
    return recipient;
  }

  /** Changes a recipient's email (lower-cased), keeping the email index right. */
  setRecipientEmail(recipientId: number, email: string): void {
    const r = this.recipients.get(recipientId);
    if (!r) throw new RangeError(`store: no recipient ${recipientId}`);
    r.email = email.toLowerCase();
    this.emailIndex = new Map(); // rebuilt on the next lookup
  }

  /** The subscription of a recipient to a list on a channel, if it ever had one. */
  subscription(listId: number, recipientId: number, channel: Channel = 'email'): Subscription | undefined {
    return this.subscriptions.get(subscriptionKey(listId, recipientId, channel));
  }

  /**
   * Moves a recipient's subscription to `status` at `now`, keeping the dates MailUp reports: `pending` stamps the
   * opt-in request, `subscribed` the opt-in, `unsubscribed` the opt-out.
   */
  setSubscription(
    listId: number,
    recipientId: number,
    status: SubscriptionStatus,
    now: number,
    channel: Channel = 'email',
  ): Subscription {
    this.list(listId);
    if (!this.recipients.has(recipientId)) throw new RangeError(`store: no recipient ${recipientId}`);
    const key = subscriptionKey(listId, recipientId, channel);
    const row: Subscription = this.subscriptions.get(key) ?? {
      listId,
      recipientId,
      channel,
      status,
      optinRequestDate: undefined,
      optinDate: undefined,
      optoutDate: undefined,
    };
    row.status = status;
    if (status === 'pending') row.optinRequestDate = now;
    if (status === 'subscribed') row.optinDate = now;
    if (status === 'unsubscribed') row.optoutDate = now;
    this.subscriptions.set(key, row);
    return row;
  }

  /** Recipients of a list with this status on a channel, in id order. */
  recipientsOf(listId: number, status: SubscriptionStatus, channel: Channel = 'email'): EmulatorRecipient[] {
    const out: EmulatorRecipient[] = [];
    for (const id of this.subscriptions.recipientIds(listId, status, channel)) {
      const r = this.recipients.get(id);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Ids of the recipients of a list with this status on a channel, ascending, from the subscription index (no scan,
   * no sort): a live view, do not change it.
   */
  recipientIdsOf(listId: number, status: SubscriptionStatus, channel: Channel = 'email'): readonly number[] {
    return this.subscriptions.recipientIds(listId, status, channel);
  }

  /** Adds a recipient to a group (idempotent). */
  addToGroup(groupId: number, recipientId: number, now: number): GroupMembership {
    if (!this.groups.has(groupId)) throw new RangeError(`store: no group ${groupId} in account ${this.accountId}`);
    const key = `${groupId}:${recipientId}`;
    const row = this.groupMembers.get(key) ?? { groupId, recipientId, addedAt: now };
    this.groupMembers.set(key, row);
    return row;
  }

  removeFromGroup(groupId: number, recipientId: number): boolean {
    return this.groupMembers.delete(`${groupId}:${recipientId}`);
  }

  /** Group ids a recipient belongs to. */
  groupsOf(recipientId: number): number[] {
    return [...this.groupMembers.values()].filter((m) => m.recipientId === recipientId).map((m) => m.groupId);
  }

  /** Creates a message in a list. */
  addMessage(message: Omit<EmulatorMessage, 'id'>): EmulatorMessage {
    this.list(message.listId);
    const row = { ...message, id: this.nextId('message') };
    this.messages.set(row.id, row);
    return row;
  }

  /** Queues a sending of a message. */
  addSending(sending: Omit<EmulatorSending, 'id'>): EmulatorSending {
    if (!this.messages.has(sending.messageId)) throw new RangeError(`store: no message ${sending.messageId}`);
    const row = { ...sending, id: this.nextId('sending') };
    this.sendings.set(row.id, row);
    return row;
  }

  /** Records an import. */
  addImport(entry: Omit<EmulatorImport, 'id'>): EmulatorImport {
    this.list(entry.listId);
    const row = { ...entry, id: this.nextId('import') };
    this.imports.set(row.id, row);
    return row;
  }

  /** The settings of a web service (created enabled, IP check off, on first use). */
  service(name: ServiceName): ServiceSettings {
    let settings = this.services.get(name);
    if (!settings) {
      settings = { enabled: true, allowedIps: new Set(), checkIp: false };
      this.services.set(name, settings);
    }
    return settings;
  }

  /** True when `ip` may call the service: it is on, and its allow-list is off or names the address. */
  serviceAllows(name: ServiceName, ip: string): boolean {
    const settings = this.service(name);
    return settings.enabled && (!settings.checkIp || settings.allowedIps.has(ip));
  }
}
