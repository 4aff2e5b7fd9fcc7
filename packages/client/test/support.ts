import type { RunningEmulator } from '@mailup-kit/emulator';
import { MailUp, type MailUpConfig } from '../src/index.js';

/** The seeded account's facts a facade test needs. */
export function seededConfig(emulator: RunningEmulator, extra: Partial<MailUpConfig> = {}): MailUpConfig {
  const a = emulator.store.seeded;
  const data = emulator.store.account(a.id);
  return {
    account: a.id,
    oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    soap: { user: a.apiUser, password: a.apiPassword },
    consoleUrl: emulator.urls.http,
    allowInsecureHttp: true,
    listGuids: { 1: data.list(1).guid, 2: data.list(2).guid },
    baseUrls: { rest: emulator.urls.http, soap: emulator.urls.http },
    ...extra,
  };
}

/** A facade on every HTTP member of the emulator's seeded account, logged in to REST (password grant). */
export async function facade(emulator: RunningEmulator, extra: Partial<MailUpConfig> = {}): Promise<MailUp> {
  const mailup = new MailUp(seededConfig(emulator, extra));
  const a = emulator.store.seeded;
  if (mailup.oauth && mailup.tokens) {
    await mailup.tokens.save(
      await mailup.oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }),
    );
  }
  return mailup;
}
