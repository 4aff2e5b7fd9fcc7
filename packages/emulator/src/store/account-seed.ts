import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountData } from './account-data.js';
import type { SubscriptionStatus } from './recipient.js';
import type { ServiceName } from './services.js';

/** A group of a seeded list. */
export interface SeedGroup {
  name: string;
  notes?: string;
}

/** A list of the seeded account, with what belongs to it. */
export interface SeedList {
  /** Default: the next id (1, 2 …). */
  id?: number;
  name: string;
  /** Default: a fresh GUID. */
  guid?: string;
  description?: string;
  ownerEmail?: string;
  replyTo?: string;
  senderName?: string;
  companyName?: string;
  /** SMS sender (max 11 `[a-zA-Z0-9]`); without it an SMS without `Sender` answers code 104. */
  smsSenderName?: string;
  defaultPrefix?: string;
  groups?: SeedGroup[];
  /**
   * The transactional SMS `ListSecret` (a GUID): `true` for a fresh one at every start, a string for that one,
   * absent for SMS off (REFERENCE §8.1).
   */
  smsListSecret?: true | string;
  templates?: Array<{ name: string; subject: string; content: string }>;
  /** Tag names. */
  tags?: string[];
  /** Email messages (newsletters) of the list. */
  messages?: Array<{ subject: string; content: string; notes?: string; tags?: string[] }>;
}

/** A seeded recipient and its state on each list (by list id) and channel. */
export interface SeedRecipient {
  email?: string;
  /** International prefix, e.g. `0039`. */
  mobilePrefix?: string;
  mobileNumber?: string;
  name?: string;
  /** Field values by field number (`"1"` is `campo1`). */
  fields?: Record<string, string>;
  /** Per list id: its email status, or its status per channel. */
  lists?: Record<string, SubscriptionStatus | { email?: SubscriptionStatus; sms?: SubscriptionStatus }>;
  /** Group names (looked up in the recipient's lists). */
  groups?: string[];
}

/** An SMTP+ user of the seeded account (relay and Send API credentials). */
export interface SeedSmtpUser {
  listId: number;
  /** Default: the next free `s{accountId}_{n}`. */
  username?: string;
  /** Default: a fresh random password at every start. */
  password?: string;
  /** 1 VeryHigh … 5 VeryLow (default 3). */
  priority?: number;
  trustedSenders?: string[];
  trustedDomains?: string[];
}

/**
 * The seeded account's domain data as plain data (a JSON file can hold it: `mailup emulator --seed FILE`). Secrets
 * not given (SMTP+ passwords, `ListSecret: true`) are fresh random values at every start.
 */
export interface EmulatorSeed {
  lists: SeedList[];
  recipients?: SeedRecipient[];
  smtpUsers?: SeedSmtpUser[];
  /** Web services switched on without an IP check (default: FrontEnd and MailUpImport). */
  services?: ServiceName[];
}

const TEMPLATE = (title: string) =>
  `<html><body><h1>${title}</h1><p>Hello [nome],</p><p>news of the month.</p></body></html>`;

/**
 * Today's bare account (`--seed empty`): lists 1 "Newsletter" and 2 "Customers" with one group each and a
 * template each, an SMTP+ user on list 1, FrontEnd and MailUpImport on; no recipients, messages or tags, SMS off.
 */
export const EMPTY_SEED: EmulatorSeed = Object.freeze({
  lists: [
    {
      name: 'Newsletter',
      groups: [{ name: 'Newsletter group' }],
      templates: [{ name: 'Basic template', subject: 'Newsletter: news', content: TEMPLATE('Newsletter') }],
    },
    {
      name: 'Customers',
      groups: [{ name: 'Customers group' }],
      templates: [{ name: 'Basic template', subject: 'Customers: news', content: TEMPLATE('Customers') }],
    },
  ],
  smtpUsers: [{ listId: 1 }],
  services: ['FrontEnd', 'MailUpImport'],
}) as EmulatorSeed;

/**
 * The account MailUp's official samples and modules assume (`--seed sample`): on lists 1 and 2, recipients in
 * every state (subscribed, unsubscribed, pending; one with a mobile number subscribed on both channels), groups with
 * members — list 1's "test import" is the group the official REST samples look for by name — a message per list,
 * two templates per list (the samples take the second), tags, an SMS sender name and a `ListSecret` on each list,
 * and an SMTP+ user on list 1.
 */
export const SAMPLE_SEED: EmulatorSeed = Object.freeze({
  lists: [
    {
      name: 'Newsletter',
      smsSenderName: 'Newsletter',
      smsListSecret: true,
      groups: [{ name: 'Newsletter group' }, { name: 'test import', notes: 'the group the REST samples import into' }],
      templates: [
        { name: 'Basic template', subject: 'Newsletter: news', content: TEMPLATE('Newsletter') },
        { name: 'Two columns', subject: 'Newsletter: two columns', content: TEMPLATE('Two columns') },
      ],
      tags: ['monthly', 'promo'],
      messages: [
        { subject: 'Welcome to our newsletter', content: TEMPLATE('Welcome'), notes: 'seeded', tags: ['monthly'] },
      ],
    },
    {
      name: 'Customers',
      smsSenderName: 'Customers',
      smsListSecret: true,
      groups: [{ name: 'Customers group' }, { name: 'VIP' }],
      templates: [
        { name: 'Basic template', subject: 'Customers: news', content: TEMPLATE('Customers') },
        { name: 'Order follow-up', subject: 'Customers: your order', content: TEMPLATE('Your order') },
      ],
      tags: ['orders'],
      messages: [{ subject: 'Your order has shipped', content: TEMPLATE('Shipped'), tags: ['orders'] }],
    },
  ],
  recipients: [
    {
      email: 'ada.lovelace@example.com',
      name: 'Ada Lovelace',
      fields: { '1': 'Ada', '2': 'Lovelace' },
      lists: { '1': 'subscribed', '2': 'subscribed' },
      groups: ['test import', 'Newsletter group', 'VIP'],
    },
    {
      email: 'alan.turing@example.com',
      name: 'Alan Turing',
      fields: { '1': 'Alan', '2': 'Turing' },
      lists: { '1': 'subscribed' },
      groups: ['test import'],
    },
    {
      email: 'grace.hopper@example.com',
      name: 'Grace Hopper',
      mobilePrefix: '0039',
      mobileNumber: '3331234567',
      fields: { '1': 'Grace', '2': 'Hopper' },
      lists: { '1': { email: 'subscribed', sms: 'subscribed' }, '2': { email: 'subscribed', sms: 'subscribed' } },
      groups: ['Customers group'],
    },
    {
      email: 'edsger.dijkstra@example.com',
      name: 'Edsger Dijkstra',
      fields: { '1': 'Edsger', '2': 'Dijkstra' },
      lists: { '1': 'unsubscribed', '2': 'unsubscribed' },
    },
    {
      email: 'barbara.liskov@example.com',
      name: 'Barbara Liskov',
      fields: { '1': 'Barbara', '2': 'Liskov' },
      lists: { '1': 'pending', '2': 'pending' },
    },
    {
      email: 'donald.knuth@example.com',
      name: 'Donald Knuth',
      fields: { '1': 'Donald', '2': 'Knuth' },
      lists: { '2': 'subscribed' },
      groups: ['VIP'],
    },
  ],
  smtpUsers: [{ listId: 1 }],
  services: ['FrontEnd', 'MailUpImport'],
}) as EmulatorSeed;

/** The built-in seeds by the name `--seed` and `startEmulator({ account: { seed } })` take. */
export const BUILTIN_SEEDS: Readonly<Record<'empty' | 'sample', EmulatorSeed>> = Object.freeze({
  empty: EMPTY_SEED,
  sample: SAMPLE_SEED,
});

/** A seed, or the name of a built-in one. */
export type SeedChoice = EmulatorSeed | keyof typeof BUILTIN_SEEDS;

/** The seed `startEmulator()` and both command lines use when none is named. */
export const DEFAULT_SEED_NAME: keyof typeof BUILTIN_SEEDS = 'empty';

function problem(message: string): never {
  throw new RangeError(`seed: ${message}`);
}

const STATUSES = new Set<SubscriptionStatus>(['subscribed', 'unsubscribed', 'pending']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a seed read from JSON (a file, an environment variable) and returns it typed; a `RangeError` naming the
 * first thing wrong. Only the shape: the references (list ids, group names) are checked by {@link applySeed}.
 */
export function parseSeed(value: unknown): EmulatorSeed {
  if (!isObject(value)) problem('must be a JSON object with "lists"');
  if (!Array.isArray(value.lists)) problem('"lists" must be an array');
  for (const [i, list] of value.lists.entries()) {
    if (!isObject(list) || typeof list.name !== 'string' || list.name === '') {
      problem(`lists[${i}] needs a "name"`);
    }
    if (list.id !== undefined && !(Number.isInteger(list.id) && (list.id as number) > 0)) {
      problem(`lists[${i}].id must be a positive integer`);
    }
    if (list.guid !== undefined && !(typeof list.guid === 'string' && GUID.test(list.guid))) {
      problem(`lists[${i}].guid must be a GUID`);
    }
    const secret = list.smsListSecret;
    if (secret !== undefined && secret !== true && !(typeof secret === 'string' && GUID.test(secret))) {
      problem(`lists[${i}].smsListSecret must be true or a GUID`);
    }
    for (const key of ['groups', 'templates', 'tags', 'messages'] as const) {
      if (list[key] !== undefined && !Array.isArray(list[key])) problem(`lists[${i}].${key} must be an array`);
    }
  }
  if (value.recipients !== undefined && !Array.isArray(value.recipients)) problem('"recipients" must be an array');
  for (const [i, r] of ((value.recipients as unknown[]) ?? []).entries()) {
    if (!isObject(r)) problem(`recipients[${i}] must be an object`);
    if (typeof r.email !== 'string' && typeof r.mobileNumber !== 'string') {
      problem(`recipients[${i}] needs an "email" or a "mobileNumber"`);
    }
    if (r.lists !== undefined && !isObject(r.lists)) problem(`recipients[${i}].lists must be an object by list id`);
    for (const [listId, state] of Object.entries((r.lists as Record<string, unknown>) ?? {})) {
      const states = isObject(state) ? Object.values(state) : [state];
      if (!states.every((s) => STATUSES.has(s as SubscriptionStatus))) {
        problem(`recipients[${i}].lists.${listId} must be subscribed, unsubscribed or pending (or one per channel)`);
      }
    }
  }
  if (value.smtpUsers !== undefined && !Array.isArray(value.smtpUsers)) problem('"smtpUsers" must be an array');
  for (const [i, u] of ((value.smtpUsers as unknown[]) ?? []).entries()) {
    if (!isObject(u) || !Number.isInteger(u.listId)) problem(`smtpUsers[${i}] needs a "listId"`);
  }
  return value as unknown as EmulatorSeed;
}

/** The seed a choice names (a built-in by name, or the seed itself). */
export function resolveSeed(choice: SeedChoice | undefined): EmulatorSeed {
  if (choice === undefined) return BUILTIN_SEEDS[DEFAULT_SEED_NAME];
  if (typeof choice === 'string') {
    const seed = BUILTIN_SEEDS[choice];
    if (!seed) problem(`no built-in seed "${String(choice)}" (${Object.keys(BUILTIN_SEEDS).join(', ')})`);
    return seed;
  }
  return choice;
}

/**
 * Writes a seed into an account's (empty) tables through the store's domain operations, at `now`. A reference to
 * a list or group that is not in the seed is a `RangeError`.
 */
export function applySeed(data: AccountData, seed: EmulatorSeed, now: number): void {
  for (const list of seed.lists) {
    const { groups, smsListSecret, templates, tags, messages, ...fields } = list;
    const row = data.addList(fields);
    for (const g of groups ?? []) data.addGroup(row.id, g.name, g.notes ?? '');
    if (smsListSecret !== undefined) {
      data.setSmsListSecret(row.id, smsListSecret === true ? randomUUID() : smsListSecret);
    }
    for (const t of templates ?? []) data.addTemplate({ listId: row.id, ...t });
    const tagIds = new Map((tags ?? []).map((name) => [name, data.addTag(row.id, name).id] as const));
    for (const m of messages ?? []) {
      data.addMessage({
        listId: row.id,
        channel: 'email',
        subject: m.subject,
        content: m.content,
        notes: m.notes ?? '',
        createdAt: now,
        tagIds: (m.tags ?? []).map((name) => tagIds.get(name) ?? problem(`list ${row.id} has no tag "${name}"`)),
      });
    }
  }
  for (const r of seed.recipients ?? []) {
    const recipient = data.upsertRecipient(
      { email: r.email, mobilePrefix: r.mobilePrefix, mobileNumber: r.mobileNumber },
      { name: r.name, fields: Object.fromEntries(Object.entries(r.fields ?? {}).map(([k, v]) => [Number(k), v])) },
    );
    const listIds: number[] = [];
    for (const [key, state] of Object.entries(r.lists ?? {})) {
      const listId = Number(key);
      if (!data.lists.has(listId)) problem(`recipient ${r.email ?? r.mobileNumber} names list ${key}, not seeded`);
      listIds.push(listId);
      const channels = typeof state === 'string' ? { email: state } : state;
      for (const [channel, status] of Object.entries(channels) as Array<['email' | 'sms', SubscriptionStatus]>) {
        data.setSubscription(listId, recipient.id, status, now, channel);
      }
    }
    for (const name of r.groups ?? []) {
      const group = [...data.groups.values()].find((g) => g.name === name && listIds.includes(g.listId));
      if (!group) problem(`recipient ${r.email ?? r.mobileNumber} names group "${name}", not in its lists`);
      data.addToGroup(group.id, recipient.id, now);
    }
  }
  for (const u of seed.smtpUsers ?? []) {
    data.addSmtpUser({
      ...(u.username === undefined ? {} : { username: u.username }),
      secret: u.password ?? randomBytes(12).toString('base64url'),
      listId: u.listId,
      enabled: true,
      priority: u.priority ?? 3,
      trustedSenders: u.trustedSenders ?? [],
      trustedDomains: u.trustedDomains ?? [],
    });
  }
  for (const name of seed.services ?? ['FrontEnd', 'MailUpImport']) data.service(name);
}
