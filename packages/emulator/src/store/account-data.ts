import type { EmulatorGroup, EmulatorList } from './list.js';
import type { Channel, EmulatorRecipient, GroupMembership, Subscription, SubscriptionStatus } from './recipient.js';
import type { EmulatorImport, EmulatorMessage, EmulatorSending } from './sending.js';
import type { ServiceName, ServiceSettings, SmtpPlusUser } from './services.js';

/** What identifies a recipient inside an account: its email, its mobile number, or both. */
export interface RecipientKey {
  email?: string | undefined;
  mobilePrefix?: string | undefined;
  mobileNumber?: string | undefined;
}

/** A list as given to {@link AccountData.addList}: anything but the name may be left to defaults. */
export type NewList = Partial<Omit<EmulatorList, 'accountId'>> & { name: string };

/** Tables whose ids the account hands out. */
export type IdTable = 'list' | 'group' | 'recipient' | 'message' | 'sending' | 'import';

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
  /** Keyed `listId:recipientId:channel`. */
  readonly subscriptions = new Map<string, Subscription>();
  /** Keyed `groupId:recipientId`. */
  readonly groupMembers = new Map<string, GroupMembership>();
  readonly messages = new Map<number, EmulatorMessage>();
  readonly sendings = new Map<number, EmulatorSending>();
  readonly imports = new Map<number, EmulatorImport>();
  readonly smtpUsers = new Map<string, SmtpPlusUser>();
  /** Transactional SMS `ListSecret` per list id; no entry means SMS is off for the list. */
  readonly smsListSecrets = new Map<number, string>();
  readonly services = new Map<ServiceName, ServiceSettings>();
  private readonly nextIds: Record<IdTable, number> = {
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
    for (const r of this.recipients.values()) {
      if (email !== undefined && r.email === email) return r;
      if (key.mobileNumber !== undefined && r.mobileNumber === key.mobileNumber) return r;
    }
    return undefined;
  }

  /** Finds the recipient by email or mobile, or creates it; given fields overwrite the stored ones. */
  upsertRecipient(key: RecipientKey, details: { name?: string; fields?: Record<number, string> } = {}) {
    if (key.email === undefined && key.mobileNumber === undefined) {
      throw new RangeError('store: a recipient needs an email or a mobile number');
    }
    let recipient = this.findRecipient(key);
    if (!recipient) {
      recipient = {
        id: this.nextId('recipient'),
        accountId: this.accountId,
        name: '',
        email: undefined,
        mobilePrefix: undefined,
        mobileNumber: undefined,
        fields: new Map(),
      };
      this.recipients.set(recipient.id, recipient);
    }
    if (key.email !== undefined) recipient.email = key.email.toLowerCase();
    if (key.mobileNumber !== undefined) {
      recipient.mobileNumber = key.mobileNumber;
      recipient.mobilePrefix = key.mobilePrefix ?? recipient.mobilePrefix;
    }
    if (details.name !== undefined) recipient.name = details.name;
    for (const [n, value] of Object.entries(details.fields ?? {})) recipient.fields.set(Number(n), value);
    return recipient;
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
    for (const s of this.subscriptions.values()) {
      if (s.listId !== listId || s.channel !== channel || s.status !== status) continue;
      const r = this.recipients.get(s.recipientId);
      if (r) out.push(r);
    }
    return out.sort((a, b) => a.id - b.id);
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
