/**
 * For scripts that consume MailUp's JSONP: call a REST GET with `callback` from Node (the bearer token travels in
 * the Authorization header, never in the URL) and read the answer without evaluating it; the legacy MailUpService
 * 1.1 JSONP methods work against the emulator for legacy apps' tests and fail at once against MailUp (switched off
 * in January 2019). Run: `corepack pnpm exec tsx examples/jsonp-node.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailUpError } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { JsonpRestClient, LegacyJsonpClient, parseJsonp } from '@mailup-kit/jsonp/node';
import { OAuthClient } from '@mailup-kit/rest';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ lists: string[]; parsed: unknown; legacyOnMailUp: string }> {
  const emulator = await startEmulator();
  const account = emulator.store.seeded;
  const oauth = new OAuthClient({ ...account.oauthClient, baseUrl: emulator.urls.http });
  try {
    const grant = await oauth.passwordGrant({ username: account.consoleUser, password: account.consolePassword });
    // Any object with getAccessToken() works: a TokenManager from @mailup-kit/rest refreshes for you.
    const jsonp = new JsonpRestClient({
      baseUrl: emulator.urls.http, // omit for https://services.mailup.com
      tokens: { getAccessToken: async () => grant.accessToken },
    });
    const page = await jsonp.get<{ Items: Array<{ Name: string }> }>({
      path: '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists',
    });
    jsonp.close();
    const parsed = parseJsonp('onLists({"count":2});', 'onLists').data; // strict: name(<json>); only
    const legacy = new LegacyJsonpClient({ baseUrl: 'https://services.mailup.com', accessKey: 'my-soap-access-key' });
    const off = await legacy.listsRead().catch((e: unknown) => e);
    return {
      lists: page.Items.map((l) => l.Name),
      parsed,
      legacyOnMailUp: MailUpError.is(off) ? off.kind : 'answered?',
    };
  } finally {
    oauth.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
