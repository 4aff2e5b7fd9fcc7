import type { RunningEmulator } from '@mailup-kit/emulator';

/** What `mailup emulator` prints first: where the emulator listens and the seeded account's credentials. */
export interface EmulatorDescription {
  /** `http` always, plus one key per extra listener a module opened (e.g. `smtp`); keys are never renamed. */
  urls: { http: string; [key: string]: string };
  account: {
    id: number;
    consoleUser: string;
    consolePassword: string;
    apiUser: string;
    apiPassword: string;
    oauth: { clientId: string; clientSecret: string };
    lists: Array<{ id: number; guid: string; name: string }>;
  };
}

/**
 * Builds the one JSON line `mailup emulator` prints. This is the only place that decides its shape: protocols
 * that add a server or credentials (SMTP URL, SMTP+ user, SMS list secrets) add their fields here.
 *
 * The line deliberately holds the emulator's own throw-away credentials (fresh random secrets per start) so a
 * client can log in; it never holds anything of a real account.
 */
export function describeEmulator(emulator: RunningEmulator): EmulatorDescription {
  const account = emulator.store.seeded;
  const lists = [...emulator.store.account(account.id).lists.values()];
  return {
    urls: { ...emulator.urls },
    account: {
      id: account.id,
      consoleUser: account.consoleUser,
      consolePassword: account.consolePassword,
      apiUser: account.apiUser,
      apiPassword: account.apiPassword,
      oauth: { clientId: account.oauthClient.clientId, clientSecret: account.oauthClient.clientSecret },
      lists: lists.map((list) => ({ id: list.id, guid: list.guid, name: list.name })),
    },
  };
}
