import type { EmulatorGroup, EmulatorList } from './list.js';
import type {
  EmulatorAttachment,
  EmulatorImage,
  EmulatorStatEvent,
  EmulatorTag,
  EmulatorTemplate,
} from './message-content.js';
import type { Channel, EmulatorRecipient, GroupMembership, Subscription, SubscriptionStatus } from './recipient.js';
import type { EmulatorImport, EmulatorMessage, EmulatorSending, SendingStatus } from './sending.js';
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

/** What {@link AccountData.subscribe} did: the status before (undefined: never subscribed) and after. */
export interface SubscribeOutcome {
  before: SubscriptionStatus | undefined;
  after: SubscriptionStatus;
  /** False when the rules left the subscription as it was (already subscribed, opted out and kept out). */
  changed: boolean;
}

const CHANNELS: readonly Channel[] = ['email', 'sms'];

function subscriptionKey(listId: number, recipientId: number, channel: Channel): string {
  return `${listId}:${recipientId}:${channel}`;
}

/**
 * Every piece of domain data of one account, one table per concept, with the operations every protocol shares
 * (a recipient subscribed over SOAP is the same row REST, the frontend pages and the Import service read). Ids
 * are per account and never reused.
 */
export class AccountData {
  private readonly listTable = new Map<number, EmulatorList>();
  private readonly groupTable = new Map<number, EmulatorGroup>();
  private readonly recipientTable = new Map<number, EmulatorRecipient>();
  private readonly subscriptionTable = new SubscriptionTable();
  private readonly memberTable = new Map<string, GroupMembership>();
  private readonly messageTable = new Map<number, EmulatorMessage>();
  private readonly sendingTable = new Map<number, EmulatorSending>();
  private readonly importTable = new Map<number, EmulatorImport>();
  private readonly smtpUserTable = new Map<string, SmtpPlusUser>();
  private readonly smsSecretTable = new Map<number, string>();
  private readonly serviceTable = new Map<ServiceName, ServiceSettings>();
  private readonly tagTable = new Map<number, EmulatorTag>();
  private readonly attachmentTable = new Map<string, EmulatorAttachment>();
  private readonly imageRows: EmulatorImage[] = [];
  private readonly templateTable = new Map<number, EmulatorTemplate>();
  private readonly statEventRows: EmulatorStatEvent[] = [];

  /** Lists by id (read-only: change them through the operations below). */
  get lists(): ReadonlyMap<number, EmulatorList> {
    return this.listTable;
  }
  /** Groups by id. */
  get groups(): ReadonlyMap<number, EmulatorGroup> {
    return this.groupTable;
  }
  /** Recipients by id. */
  get recipients(): ReadonlyMap<number, EmulatorRecipient> {
    return this.recipientTable;
  }
  /** Subscriptions keyed `listId:recipientId:channel` (indexed per list, channel and status). */
  get subscriptions(): ReadonlyMap<string, Subscription> {
    return this.subscriptionTable;
  }
  /** Group memberships keyed `groupId:recipientId`. */
  get groupMembers(): ReadonlyMap<string, GroupMembership> {
    return this.memberTable;
  }
  /** Messages (email and SMS) by id. */
  get messages(): ReadonlyMap<number, EmulatorMessage> {
    return this.messageTable;
  }
  /** Sendings by id. */
  get sendings(): ReadonlyMap<number, EmulatorSending> {
    return this.sendingTable;
  }
  /** Imports by id. */
  get imports(): ReadonlyMap<number, EmulatorImport> {
    return this.importTable;
  }
  /** SMTP+ users by username. */
  get smtpUsers(): ReadonlyMap<string, SmtpPlusUser> {
    return this.smtpUserTable;
  }
  /** Transactional SMS `ListSecret` per list id; no entry means SMS is off for the list. */
  get smsListSecrets(): ReadonlyMap<number, string> {
    return this.smsSecretTable;
  }
  /** Web-service settings by name (created on first use by {@link service}). */
  get services(): ReadonlyMap<ServiceName, ServiceSettings> {
    return this.serviceTable;
  }
  /** List tags by id (REST). */
  get tags(): ReadonlyMap<number, EmulatorTag> {
    return this.tagTable;
  }
  /** Message attachments keyed `messageId:slot` (REST). */
  get attachments(): ReadonlyMap<string, EmulatorAttachment> {
    return this.attachmentTable;
  }
  /** The image galleries (account and lists), in upload order (REST). */
  get images(): readonly EmulatorImage[] {
    return this.imageRows;
  }
  /** Message templates by id. */
  get templates(): ReadonlyMap<number, EmulatorTemplate> {
    return this.templateTable;
  }
  /** MailStatistics events (deliveries, views, bounces, unsubscriptions, clicks), oldest first. */
  get statEvents(): readonly EmulatorStatEvent[] {
    return this.statEventRows;
  }
  /** Names of the recipient fields by number (`campo1` … ; REST `Recipient/DynamicFields`). */
  readonly fieldNames: ReadonlyMap<number, string> = new Map<number, string>(
    DEFAULT_FIELD_NAMES.map((name, i) => [i + 1, name] as [number, string]),
  );
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

  /** Keeps a table's next id past an id given explicitly (a seed's), so ids are never reused. */
  private reserveId(table: IdTable, id: number): void {
    this.nextIds[table] = Math.max(this.nextIds[table], id + 1);
  }

  // ---- lists and groups ----------------------------------------------------------------------------------------

  /**
   * Creates a list. One rule for every protocol: a new list has no groups, no recipients and SMS off (no
   * `ListSecret`); MailUp documents no default group for `CreateList` (REFERENCE §3.5) nor for `POST Console/List`.
   */
  addList(list: NewList): EmulatorList {
    const id = list.id ?? this.nextId('list');
    if (this.listTable.has(id)) throw new RangeError(`store: list ${id} already exists in account ${this.accountId}`);
    this.reserveId('list', id);
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
    this.listTable.set(id, row);
    return row;
  }

  /** The list with this id; a `RangeError` when there is none. */
  list(listId: number): EmulatorList {
    const list = this.listTable.get(listId);
    if (!list) throw new RangeError(`store: no list ${listId} in account ${this.accountId}`);
    return list;
  }

  /**
   * Deletes a list and everything that belongs to it — its groups and their memberships, every subscription to it,
   * its messages (with their attachments and sendings), tags, templates and SMS `ListSecret` — so that no protocol
   * sees a row of a list that is gone. Recipients stay (they belong to the account). Whatever protocol deletes it.
   */
  deleteList(listId: number): void {
    this.list(listId);
    this.listTable.delete(listId);
    for (const group of [...this.groupTable.values()]) if (group.listId === listId) this.deleteGroup(group.id);
    for (const [key, row] of [...this.subscriptionTable]) if (row.listId === listId) this.subscriptionTable.delete(key);
    for (const message of [...this.messageTable.values()])
      if (message.listId === listId) this.deleteMessage(message.id);
    for (const [id, sending] of [...this.sendingTable]) if (sending.listId === listId) this.sendingTable.delete(id);
    for (const [id, tag] of [...this.tagTable]) if (tag.listId === listId) this.tagTable.delete(id);
    for (const [id, template] of [...this.templateTable]) if (template.listId === listId) this.templateTable.delete(id);
    this.smsSecretTable.delete(listId);
  }

  /** Creates a group in a list. */
  addGroup(listId: number, name: string, notes = ''): EmulatorGroup {
    this.list(listId);
    const group: EmulatorGroup = { id: this.nextId('group'), listId, name, notes };
    this.groupTable.set(group.id, group);
    return group;
  }

  /** Renames a group or changes its notes. */
  updateGroup(groupId: number, change: { name?: string | undefined; notes?: string | undefined }): EmulatorGroup {
    const group = this.groupTable.get(groupId);
    if (!group) throw new RangeError(`store: no group ${groupId} in account ${this.accountId}`);
    if (change.name !== undefined) group.name = change.name;
    if (change.notes !== undefined) group.notes = change.notes;
    return group;
  }

  /**
   * Deletes a group and its memberships. With `unsubscribeMembers` (SOAP `DeleteGroup`'s `deleteUsers`), its
   * members are also unsubscribed from the group's list at `now`. Returns the members it had.
   */
  deleteGroup(groupId: number, options: { unsubscribeMembers?: boolean; now?: number } = {}): number[] {
    const group = this.groupTable.get(groupId);
    if (!group) throw new RangeError(`store: no group ${groupId} in account ${this.accountId}`);
    const members: number[] = [];
    for (const [key, m] of [...this.memberTable]) {
      if (m.groupId !== groupId) continue;
      this.memberTable.delete(key);
      members.push(m.recipientId);
    }
    this.groupTable.delete(groupId);
    if (options.unsubscribeMembers) {
      for (const recipientId of members) this.unsubscribe(group.listId, recipientId, 'email', options.now ?? 0);
    }
    return members;
  }

  // ---- recipients --------------------------------------------------------------------------------------------

  /** The recipient with this email (case-insensitive) or mobile number, if any. */
  findRecipient(key: RecipientKey): EmulatorRecipient | undefined {
    const email = key.email?.toLowerCase();
    if (email !== undefined && key.mobileNumber === undefined) return this.recipientByEmail(email);
    for (const r of this.recipientTable.values()) {
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
    if (this.emailIndex.size !== this.recipientTable.size) {
      this.emailIndex = new Map();
      for (const r of this.recipientTable.values()) this.emailIndex.set(r.email ?? `#${r.id}`, r);
    }
    const hit = this.emailIndex.get(email);
    if (!hit) return undefined;
    if (hit.email === email && this.recipientTable.get(hit.id) === hit) return hit;
    for (const r of this.recipientTable.values()) if (r.email === email) return r;
    return undefined;
  }

  /** Finds the recipient by email or mobile, or creates it; given fields overwrite the stored ones. */
  upsertRecipient(
    key: RecipientKey,
    details: { name?: string | undefined; fields?: Record<number, string> } = {},
  ): EmulatorRecipient {
    if (key.email === undefined && key.mobileNumber === undefined) {
      throw new RangeError('store: a recipient needs an email or a mobile number');
    }
    let recipient = this.findRecipient(key);
    const email = key.email?.toLowerCase();
    if (!recipient) {
      const inSync = this.emailIndex.size === this.recipientTable.size;
      recipient = {
        id: this.nextId('recipient'),
        accountId: this.accountId,
        name: '',
        email,
        mobilePrefix: undefined,
        mobileNumber: undefined,
        fields: new Map(),
      };
      this.recipientTable.set(recipient.id, recipient);
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
    const r = this.recipientTable.get(recipientId);
    if (!r) throw new RangeError(`store: no recipient ${recipientId}`);
    r.email = email.toLowerCase();
    this.emailIndex = new Map(); // rebuilt on the next lookup
  }

  /**
   * Takes a recipient out of a list: its subscriptions to the list (every channel) and its groups of the list go;
   * the recipient stays in the account (REST `DELETE Console/List/{idList}/Recipient/{idRecipient}`).
   */
  removeFromList(listId: number, recipientId: number): void {
    for (const channel of CHANNELS) this.subscriptionTable.delete(subscriptionKey(listId, recipientId, channel));
    for (const groupId of this.groupsOf(recipientId)) {
      if (this.groupTable.get(groupId)?.listId === listId) this.removeFromGroup(groupId, recipientId);
    }
  }

  /** Takes a recipient out of every list and group of the account (REST `DELETE Console/Recipients/{id}`). */
  removeFromAllLists(recipientId: number): void {
    for (const [key, row] of [...this.subscriptionTable]) {
      if (row.recipientId === recipientId) this.subscriptionTable.delete(key);
    }
    for (const groupId of this.groupsOf(recipientId)) this.removeFromGroup(groupId, recipientId);
  }

  // ---- subscriptions -------------------------------------------------------------------------------------------

  /** The subscription of a recipient to a list on a channel, if it ever had one. */
  subscription(listId: number, recipientId: number, channel: Channel = 'email'): Subscription | undefined {
    return this.subscriptionTable.get(subscriptionKey(listId, recipientId, channel));
  }

  /**
   * Moves a recipient's subscription to `status` at `now` unconditionally, keeping the dates MailUp reports:
   * `pending` stamps the opt-in request, `subscribed` the opt-in, `unsubscribed` the opt-out. Protocol modules call
   * {@link subscribe}, {@link confirm} and {@link unsubscribe}, which keep the rules; this is the raw move they share
   * (and what a seed writes).
   */
  setSubscription(
    listId: number,
    recipientId: number,
    status: SubscriptionStatus,
    now: number,
    channel: Channel = 'email',
  ): Subscription {
    this.list(listId);
    if (!this.recipientTable.has(recipientId)) throw new RangeError(`store: no recipient ${recipientId}`);
    const key = subscriptionKey(listId, recipientId, channel);
    const row: Subscription = this.subscriptionTable.get(key) ?? {
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
    this.subscriptionTable.set(key, row);
    return row;
  }

  /**
   * Subscribes a recipient to a list on a channel — the one subscription rule every protocol follows:
   * - `confirm: true` (double opt-in) makes it `pending` until {@link confirm}; `false` subscribes at once;
   * - a recipient already subscribed stays subscribed (a new opt-in request never moves it back to pending);
   * - a recipient that opted out is subscribed again, unless `keepOptOut` (the Import service without
   *   `forceOptIn`, which counts it in `OptOutEmail`/`OptOutMobile` instead: REFERENCE §3.7).
   * Returns the status before and after, for the adapters' answer codes.
   */
  subscribe(
    listId: number,
    recipientId: number,
    options: { channel?: Channel; confirm?: boolean; keepOptOut?: boolean; now: number },
  ): SubscribeOutcome {
    const channel = options.channel ?? 'email';
    const before = this.subscription(listId, recipientId, channel)?.status;
    if (before === 'subscribed') return { before, after: 'subscribed', changed: false };
    if (before === 'unsubscribed' && options.keepOptOut) return { before, after: 'unsubscribed', changed: false };
    const after: SubscriptionStatus = options.confirm ? 'pending' : 'subscribed';
    if (before === after) return { before, after, changed: false };
    this.setSubscription(listId, recipientId, after, options.now, channel);
    return { before, after, changed: true };
  }

  /** Confirms a pending subscription (the opt-in link, REST's confirmation): `pending` ⇒ `subscribed`, else nothing. */
  confirm(listId: number, recipientId: number, channel: Channel, now: number): boolean {
    if (this.subscription(listId, recipientId, channel)?.status !== 'pending') return false;
    this.setSubscription(listId, recipientId, 'subscribed', now, channel);
    return true;
  }

  /**
   * Unsubscribes (opts out) a recipient from a list on a channel: `subscribed` or `pending` ⇒ `unsubscribed` at
   * `now`. With `always`, a recipient with no subscription gets an opt-out row too (REST's `Unsubscribe`, an import
   * `asOptOut`). Returns whether the status changed.
   */
  unsubscribe(listId: number, recipientId: number, channel: Channel, now: number, always = false): boolean {
    const before = this.subscription(listId, recipientId, channel)?.status;
    if (before === 'unsubscribed' || (before === undefined && !always)) return false;
    this.setSubscription(listId, recipientId, 'unsubscribed', now, channel);
    return true;
  }

  /** Recipients of a list with this status on a channel, in id order. */
  recipientsOf(listId: number, status: SubscriptionStatus, channel: Channel = 'email'): EmulatorRecipient[] {
    const out: EmulatorRecipient[] = [];
    for (const id of this.subscriptionTable.recipientIds(listId, status, channel)) {
      const r = this.recipientTable.get(id);
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Ids of the recipients of a list with this status on a channel, ascending, from the subscription index (no scan,
   * no sort): a live view, do not change it.
   */
  recipientIdsOf(listId: number, status: SubscriptionStatus, channel: Channel = 'email'): readonly number[] {
    return this.subscriptionTable.recipientIds(listId, status, channel);
  }

  // ---- groups membership ---------------------------------------------------------------------------------------

  /** Adds a recipient to a group (idempotent). */
  addToGroup(groupId: number, recipientId: number, now: number): GroupMembership {
    if (!this.groupTable.has(groupId)) throw new RangeError(`store: no group ${groupId} in account ${this.accountId}`);
    if (!this.recipientTable.has(recipientId)) throw new RangeError(`store: no recipient ${recipientId}`);
    const key = `${groupId}:${recipientId}`;
    const row = this.memberTable.get(key) ?? { groupId, recipientId, addedAt: now };
    this.memberTable.set(key, row);
    return row;
  }

  removeFromGroup(groupId: number, recipientId: number): boolean {
    return this.memberTable.delete(`${groupId}:${recipientId}`);
  }

  /**
   * Replaces a recipient's groups of one list with `groupIds` (the frontend's `Replace`, an import's
   * `replaceGroups` limited to the list it imports into).
   */
  replaceGroups(listId: number, recipientId: number, groupIds: readonly number[], now: number): void {
    for (const g of this.groupsOf(recipientId)) {
      if (this.groupTable.get(g)?.listId === listId && !groupIds.includes(g)) this.removeFromGroup(g, recipientId);
    }
    for (const g of groupIds) this.addToGroup(g, recipientId, now);
  }

  /** Group ids a recipient belongs to. */
  groupsOf(recipientId: number): number[] {
    return [...this.memberTable.values()].filter((m) => m.recipientId === recipientId).map((m) => m.groupId);
  }

  // ---- messages, sendings, imports ----------------------------------------------------------------------------

  /** Creates a message in a list (a copy of a message given whole gets a new id: cloning). */
  addMessage(message: Omit<EmulatorMessage, 'id'> & { id?: number }): EmulatorMessage {
    this.list(message.listId);
    const row = { ...message, id: this.nextId('message') };
    this.messageTable.set(row.id, row);
    return row;
  }

  /** Deletes a message with its attachments. */
  deleteMessage(messageId: number): boolean {
    for (const [key, a] of [...this.attachmentTable]) if (a.messageId === messageId) this.attachmentTable.delete(key);
    return this.messageTable.delete(messageId);
  }

  /** Sets (or replaces) the attachment in a message's slot. */
  setAttachment(attachment: EmulatorAttachment): void {
    if (!this.messageTable.has(attachment.messageId)) throw new RangeError(`store: no message ${attachment.messageId}`);
    this.attachmentTable.set(`${attachment.messageId}:${attachment.slot}`, attachment);
  }

  /** Removes the attachment of a message's slot; false when there was none. */
  deleteAttachment(messageId: number, slot: number): boolean {
    return this.attachmentTable.delete(`${messageId}:${slot}`);
  }

  /** Queues a sending of a message. */
  addSending(sending: Omit<EmulatorSending, 'id'>): EmulatorSending {
    if (!this.messageTable.has(sending.messageId)) throw new RangeError(`store: no message ${sending.messageId}`);
    const row = { ...sending, id: this.nextId('sending') };
    this.sendingTable.set(row.id, row);
    return row;
  }

  /**
   * Sends a message to recipients — the one sending rule every protocol follows: a sending row (deferred when
   * `scheduledAt` is in the future, else `status`), and a MailStatistics delivery per recipient at the time it goes.
   */
  sendMessage(
    messageId: number,
    recipientIds: readonly number[],
    options: { now: number; scheduledAt?: number | undefined; groupId?: number | undefined; status: SendingStatus },
  ): EmulatorSending {
    const message = this.messageTable.get(messageId);
    if (!message) throw new RangeError(`store: no message ${messageId}`);
    const deferred = options.scheduledAt !== undefined && options.scheduledAt > options.now;
    const sending = this.addSending({
      messageId,
      listId: message.listId,
      groupId: options.groupId,
      status: deferred ? 'deferred' : options.status,
      createdAt: options.now,
      scheduledAt: options.scheduledAt,
      recipientIds: [...recipientIds],
      sent: recipientIds.length,
    });
    const at = options.scheduledAt ?? options.now;
    for (const recipientId of recipientIds) this.statEventRows.push({ kind: 'delivery', messageId, recipientId, at });
    return sending;
  }

  /** Deletes a sending. */
  deleteSending(sendingId: number): boolean {
    return this.sendingTable.delete(sendingId);
  }

  /** Records an import. */
  addImport(entry: Omit<EmulatorImport, 'id'>): EmulatorImport {
    this.list(entry.listId);
    const row = { ...entry, id: this.nextId('import') };
    this.importTable.set(row.id, row);
    return row;
  }

  /** Records a MailStatistics event (a delivery of a sending, or a view, bounce, click … injected by a test). */
  recordStatEvent(event: EmulatorStatEvent): void {
    if (!this.messageTable.has(event.messageId)) throw new RangeError(`store: no message ${event.messageId}`);
    this.statEventRows.push(event);
  }

  // ---- tags, templates, images ----------------------------------------------------------------------------------

  /** Creates a tag in a list. */
  addTag(listId: number, name: string): EmulatorTag {
    this.list(listId);
    const tag: EmulatorTag = { id: this.nextId('tag'), listId, name, enabled: true };
    this.tagTable.set(tag.id, tag);
    return tag;
  }

  /** Deletes a tag and takes it off the messages that carried it. */
  deleteTag(tagId: number): boolean {
    for (const m of this.messageTable.values())
      if (m.tagIds?.includes(tagId)) m.tagIds = m.tagIds.filter((t) => t !== tagId);
    return this.tagTable.delete(tagId);
  }

  /** Adds a message template to a list. */
  addTemplate(template: Omit<EmulatorTemplate, 'id'>): EmulatorTemplate {
    this.list(template.listId);
    const id = this.nextId('template');
    const row = { ...template, id };
    this.templateTable.set(id, row);
    return row;
  }

  /** Adds an image to the account's gallery (`listId` undefined) or a list's. */
  addImage(image: EmulatorImage): void {
    if (image.listId !== undefined) this.list(image.listId);
    this.imageRows.push(image);
  }

  /** Removes an image from its gallery by URL; false when there was none. */
  deleteImage(url: string): boolean {
    const at = this.imageRows.findIndex((i) => i.url === url);
    if (at >= 0) this.imageRows.splice(at, 1);
    return at >= 0;
  }

  // ---- SMTP+ users and SMS list secrets -----------------------------------------------------------------------

  /**
   * Creates an SMTP+ user on a list; the username is the next free `s{accountId}_{n}` unless given. Usernames
   * are unique in the account.
   */
  addSmtpUser(user: Omit<SmtpPlusUser, 'username' | 'accountId'> & { username?: string }): SmtpPlusUser {
    this.list(user.listId);
    let username = user.username;
    if (username === undefined) {
      let n = 1;
      while (this.smtpUserTable.has(`s${this.accountId}_${n}`)) n++;
      username = `s${this.accountId}_${n}`;
    }
    if (this.smtpUserTable.has(username)) throw new RangeError(`store: SMTP+ user ${username} already exists`);
    const row: SmtpPlusUser = { ...user, username, accountId: this.accountId };
    this.smtpUserTable.set(username, row);
    return row;
  }

  /** The transactional SMS `ListSecret` of a list, if SMS is on for it. */
  smsListSecret(listId: number): string | undefined {
    return this.smsSecretTable.get(listId);
  }

  /** Switches transactional SMS on for a list with this `ListSecret` (keeps the one it has unless `replace`). */
  setSmsListSecret(listId: number, secret: string, replace = false): string {
    this.list(listId);
    const current = this.smsSecretTable.get(listId);
    if (current !== undefined && !replace) return current;
    this.smsSecretTable.set(listId, secret);
    return secret;
  }

  /** Switches transactional SMS off for a list (its `ListSecret` goes). */
  deleteSmsListSecret(listId: number): boolean {
    return this.smsSecretTable.delete(listId);
  }

  // ---- web services ----------------------------------------------------------------------------------------------

  /** The settings of a web service (created enabled, IP check off, on first use). */
  service(name: ServiceName): ServiceSettings {
    let settings = this.serviceTable.get(name);
    if (!settings) {
      settings = { enabled: true, allowedIps: new Set(), checkIp: false };
      this.serviceTable.set(name, settings);
    }
    return settings;
  }

  /** True when `ip` may call the service: it is on, and its allow-list is off or names the address. */
  serviceAllows(name: ServiceName, ip: string): boolean {
    const settings = this.service(name);
    return settings.enabled && (!settings.checkIp || settings.allowedIps.has(ip));
  }
}
