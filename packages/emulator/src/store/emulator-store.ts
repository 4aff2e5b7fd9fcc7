import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorAccount, EmulatorOAuthClient } from './account.js';
import { AccountData } from './account-data.js';
import { applySeed, type EmulatorSeed, resolveSeed, type SeedChoice } from './account-seed.js';
import type { EmulatorList } from './list.js';
import { OAuthGrants } from './oauth-grants.js';
import type { SmtpPlusUser } from './services.js';
import { type OutboxRetention, TransactionalOutbox } from './transactional-outbox.js';

/**
 * A SOAP access key (`LoginFromId` / `Login`): valid 60 minutes, not sliding (REFERENCE §3.3). The legacy
 * MailUpService 1.1 JSONP methods take the same key as `token` (§5.1).
 */
export interface AccessKeyRecord {
  accountId: number;
  issuedAt: number;
  expiresAt: number;
}

/** Overrides for the seeded account; anything not given is generated (fresh random secrets every start). */
export type SeedAccountOptions = Partial<Omit<EmulatorAccount, 'oauthClient'>> & {
  oauthClient?: Partial<EmulatorOAuthClient>;
  /**
   * The account's domain data: `'empty'` (the default: lists 1 "Newsletter" and 2 "Customers" with a group and a
   * template each, an SMTP+ user on list 1), `'sample'` (recipients in every state, groups with members, messages,
   * templates, tags, SMS sender names and `ListSecret`s: what MailUp's official samples assume), or a seed of
   * your own (see `EmulatorSeed`; a JSON file through `--seed FILE`).
   */
  seed?: SeedChoice;
  /** The seeded lists, replacing the seed's (each with a fresh GUID unless given). */
  lists?: Array<Partial<Omit<EmulatorList, 'accountId'>> & { name: string }>;
};

function secret(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * A seed whose lists are replaced by these (a group and a template each, the SMTP+ user on the first); the seed's
 * recipients go with its lists.
 */
function withLists(seed: EmulatorSeed, lists: NonNullable<SeedAccountOptions['lists']>): EmulatorSeed {
  const first = lists[0];
  return {
    ...seed,
    recipients: [],
    lists: lists.map((list) => ({
      ...list,
      groups: [{ name: `${list.name} group` }],
      templates: [{ name: 'Basic template', subject: `${list.name}: news`, content: `<p>${list.name}</p>` }],
    })),
    smtpUsers: first ? [{ listId: first.id ?? 1 }] : [],
  };
}

/** Builds the seeded account's credentials (no domain data). */
export function seedAccount(options: SeedAccountOptions = {}): EmulatorAccount {
  const id = options.id ?? 51234;
  return {
    id,
    company: options.company ?? 'Emulated Company S.r.l.',
    consoleUser: options.consoleUser ?? `m${id}`,
    consolePassword: options.consolePassword ?? secret(),
    apiUser: options.apiUser ?? `a${id}`,
    apiPassword: options.apiPassword ?? secret(),
    oauthClient: {
      clientId: options.oauthClient?.clientId ?? randomUUID(),
      clientSecret: options.oauthClient?.clientSecret ?? randomUUID(),
    },
    contractSigned: options.contractSigned ?? true,
  };
}

/**
 * The emulator's one typed domain store: accounts and, per account, lists, groups, recipients (email and mobile
 * channels, `campoN` fields), subscriptions per list and channel with status and dates, group memberships,
 * messages, sendings, imports, SMTP+ users, SMS list secrets, web-service switches and IP allow-lists; plus the
 * OAuth grants issued to them. Every module reads and writes this one instance, so what one protocol changes the
 * others see; modules keep no copies of it.
 */
export class EmulatorStore {
  readonly accounts = new Map<number, EmulatorAccount>();
  /** Sessions, codes and tokens the authorization server issued. */
  readonly oauth = new OAuthGrants();
  /** Transactional emails (SMTP+ relay, Send API) and SMS the emulator accepted. */
  readonly outbox: TransactionalOutbox;
  /** SOAP access keys issued by a login, by key (the SOAP module issues them; JSONP's legacy service reads them). */
  readonly accessKeys = new Map<string, AccessKeyRecord>();
  /** The account seeded at start (the one `mailup emulator` prints). */
  readonly seeded: EmulatorAccount;
  private readonly data = new Map<number, AccountData>();

  /**
   * Seeds one account (credentials from `options`, domain data from `options.seed`, written at `now`) through the
   * store's domain operations.
   */
  constructor(options: SeedAccountOptions = {}, outbox: Partial<OutboxRetention> = {}, now = Date.now()) {
    this.outbox = new TransactionalOutbox(outbox);
    this.seeded = seedAccount(options);
    const data = this.addAccount(this.seeded);
    const seed = resolveSeed(options.seed);
    applySeed(data, options.lists ? withLists(seed, options.lists) : seed, now);
  }

  /** Registers an account and returns its (empty) domain tables. */
  addAccount(account: EmulatorAccount): AccountData {
    if (this.accounts.has(account.id)) throw new RangeError(`store: account ${account.id} already exists`);
    this.accounts.set(account.id, account);
    const data = new AccountData(account.id, randomUUID);
    this.data.set(account.id, data);
    return data;
  }

  /** The domain tables of an account; a `RangeError` when there is no such account. */
  account(accountId: number): AccountData {
    const data = this.data.get(accountId);
    if (!data) throw new RangeError(`store: no account ${accountId}`);
    return data;
  }

  /** Finds an account by console user (`m…`) or API user (`a…`), case-insensitively. */
  accountByUser(user: string): EmulatorAccount | undefined {
    const wanted = user.toLowerCase();
    for (const account of this.accounts.values()) {
      if (account.consoleUser.toLowerCase() === wanted || account.apiUser.toLowerCase() === wanted) return account;
    }
    return undefined;
  }

  /** The account whose OAuth application has this client id. */
  accountByClientId(clientId: string): EmulatorAccount | undefined {
    for (const account of this.accounts.values()) if (account.oauthClient.clientId === clientId) return account;
    return undefined;
  }

  /** A list by its GUID, whatever the account (GUIDs are globally unique), case-insensitively. */
  listByGuid(guid: string): EmulatorList | undefined {
    const wanted = guid.toLowerCase();
    for (const data of this.data.values()) {
      for (const list of data.lists.values()) if (list.guid.toLowerCase() === wanted) return list;
    }
    return undefined;
  }

  /** An SMTP+ user by name (`sNNNNN_NN`), case-insensitively, whatever the account. */
  smtpUser(username: string): SmtpPlusUser | undefined {
    const wanted = username.toLowerCase();
    for (const data of this.data.values()) {
      for (const user of data.smtpUsers.values()) if (user.username.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  /** Every secret the store holds (passwords, client secrets, SMTP+ and SMS secrets, issued OAuth grants). */
  secrets(): string[] {
    const out: string[] = [];
    for (const a of this.accounts.values()) out.push(a.consolePassword, a.apiPassword, a.oauthClient.clientSecret);
    for (const data of this.data.values()) {
      for (const user of data.smtpUsers.values()) out.push(user.secret);
      out.push(...data.smsListSecrets.values());
    }
    return [...out, ...this.accessKeys.keys(), ...this.oauth.secrets()];
  }
}
