/**
 * For new applications on REST: log in once with the password grant (the password is used for that one request
 * and never stored), keep only tokens, and call the Console API; an expired token is refreshed transparently.
 * Runs against a local emulator. Run: `corepack pnpm exec tsx examples/rest-app.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { startEmulator } from '@mailup-kit/emulator';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ username: string; lists: string[]; refreshes: number }> {
  const emulator = await startEmulator();
  const account = emulator.store.seeded;
  const oauth = new OAuthClient({
    clientId: account.oauthClient.clientId,
    clientSecret: account.oauthClient.clientSecret,
    baseUrl: emulator.urls.http, // omit for https://services.mailup.com
  });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(), // FileTokenStore for one machine, RedisTokenStore for a fleet of workers
    key: account.consoleUser,
    refresh: (refreshToken, signal) => oauth.refresh(refreshToken, signal),
  });
  let refreshes = 0;
  tokens.events.on('refreshed', () => {
    refreshes++;
  });
  const rest = new RestClient({ tokens, baseUrl: emulator.urls.http });
  try {
    await tokens.save(await oauth.passwordGrant({ username: account.consoleUser, password: account.consolePassword }));
    const info = await rest.authenticationInfo();

    emulator.control.advanceClock(2 * 3_600_000); // two hours later the access token has expired
    const lists = await rest.userLists({ pageSize: 10 }); // refreshed once, then answered
    return { username: info.Username, lists: lists.Items.map((l) => l.Name), refreshes };
  } finally {
    rest.close();
    oauth.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
