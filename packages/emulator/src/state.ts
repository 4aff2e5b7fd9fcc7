import { randomBytes, randomUUID } from 'node:crypto';

/** A list of the seeded account. */
export interface EmulatorList {
  id: number;
  guid: string;
  name: string;
}

/** An OAuth application registered with the emulator. */
export interface EmulatorOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** An account of the emulator, with every credential each protocol needs. */
export interface EmulatorAccount {
  /** Numeric console id (`m` + id is the console user, `a` + id the API user). */
  id: number;
  company: string;
  consoleUser: string;
  consolePassword: string;
  apiUser: string;
  apiPassword: string;
  oauthClient: EmulatorOAuthClient;
  lists: EmulatorList[];
  /** False makes REST answer 403 "Contract not signed" (control action `account.contract`). */
  contractSigned: boolean;
}

/** Overrides for the seeded account (anything not given is generated). */
export type SeedAccountOptions = Partial<Omit<EmulatorAccount, 'oauthClient'>> & {
  oauthClient?: Partial<EmulatorOAuthClient>;
};

function secret(): string {
  return randomBytes(12).toString('base64url');
}

/** Builds the one seeded account: fresh random secrets unless given. */
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
    lists: options.lists ?? [
      { id: 1, guid: randomUUID(), name: 'Newsletter' },
      { id: 2, guid: randomUUID(), name: 'Customers' },
    ],
    contractSigned: options.contractSigned ?? true,
  };
}

/**
 * The emulator's shared in-memory state: one place every protocol reads and writes, so that what one protocol
 * changes the others see. Protocol modules keep their own tables in `modules` under their name.
 */
export class EmulatorState {
  readonly accounts = new Map<number, EmulatorAccount>();
  /** Per-module state, keyed by module name (e.g. `oauth`, `throttle`). */
  readonly modules = new Map<string, unknown>();
  /** Requests served per `protocol operation`, for tests that look for duplicates. */
  readonly counters = new Map<string, number>();

  constructor(readonly seeded: EmulatorAccount) {
    this.accounts.set(seeded.id, seeded);
  }

  /** Finds an account by console user (`m…`) or API user (`a…`), case-insensitively. */
  accountByUser(user: string): EmulatorAccount | undefined {
    const wanted = user.toLowerCase();
    for (const account of this.accounts.values()) {
      if (account.consoleUser.toLowerCase() === wanted || account.apiUser.toLowerCase() === wanted) return account;
    }
    return undefined;
  }

  /** Gets (creating on first use) the state object of a module. */
  module<T>(name: string, init: () => T): T {
    let value = this.modules.get(name) as T | undefined;
    if (value === undefined) {
      value = init();
      this.modules.set(name, value);
    }
    return value;
  }

  count(key: string): number {
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    return next;
  }
}
