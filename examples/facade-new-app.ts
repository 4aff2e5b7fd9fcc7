/**
 * For a new app on REST: the authorization-code flow (MailUp's LogOn page, a loopback callback, the code exchanged
 * for tokens that refresh themselves), then the facade's operations — import recipients with progress, create a
 * newsletter and send it to one address — each answering its canonical result with `routed` (which transport
 * served it and every attempt).
 *
 * Runs against an embedded emulator, whose LogOn form is submitted headlessly (the part a user's browser does).
 * With `MAILUP_CLIENT_ID` and `MAILUP_CLIENT_SECRET` set it logs in to your account instead: it prints the LogOn
 * URL, waits for your browser to come back to the loopback callback, imports two example recipients into
 * `MAILUP_EXAMPLE_LIST_ID` (default 1) and creates a draft newsletter; it sends nothing. Run:
 * `corepack pnpm exec tsx examples/facade-new-app.ts`.
 *
 * Until the `MailUp` object lands in this branch the example routes through the catalogue's stand-in `runOperation`
 * (`mailup.run(op, input)` / `mailup.recipients.import(…)` once it is there).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type NewsletterMembers,
  newslettersCreate,
  newslettersSendToRecipient,
  type RecipientsImportProgress,
  recipientsImport,
  runOperation,
} from '@mailup-kit/client';
import { MemoryTokenStore } from '@mailup-kit/core';
import { HttpTransport } from '@mailup-kit/core/node';
import { startEmulator } from '@mailup-kit/emulator';
import { buildLogOnUrl, OAuthClient, RestClient, startLoopbackCallback, TokenManager } from '@mailup-kit/rest';
import { CookieSession } from '@mailup-kit/rest/cookie-session';

interface Login {
  clientId: string;
  clientSecret: string;
  baseUrl?: string;
  /** The emulator's console user, whose browser is played headlessly; absent: a real browser. */
  headless?: { user: string; password: string };
}

/** The authorization-code flow: LogOn URL → browser → loopback callback → code exchange → self-refreshing tokens. */
async function authorize(login: Login): Promise<{ rest: RestClient; close(): void }> {
  const base = login.baseUrl ? { baseUrl: login.baseUrl } : {};
  const state = globalThis.crypto.randomUUID();
  const callback = await startLoopbackCallback({ expectedState: state });
  const oauth = new OAuthClient({ clientId: login.clientId, clientSecret: login.clientSecret, ...base });
  try {
    const logOn = buildLogOnUrl({ clientId: login.clientId, redirectUri: callback.redirectUri, state, ...base });
    if (login.headless) {
      const transport = new HttpTransport({ protocol: 'oauth' });
      await new CookieSession(transport).submitLogOnForm(logOn, login.headless.user, login.headless.password);
      transport.close();
    } else {
      console.log(`Open this URL in your browser and log in:\n${logOn}`);
    }
    const { code } = await callback.waitForCode({ timeoutMs: login.headless ? 5_000 : 300_000 });
    const tokens = new TokenManager({ store: new MemoryTokenStore(), key: 'app', refresh: (rt) => oauth.refresh(rt) });
    await tokens.save(await oauth.exchangeCode({ code, redirectUri: callback.redirectUri }));
    const rest = new RestClient({ tokens, ...base });
    return {
      rest,
      close: () => {
        rest.close();
        oauth.close();
      },
    };
  } finally {
    await callback.close();
  }
}

/** What the app does once logged in (the same against the emulator and a real account, except the send). */
async function app(members: NewsletterMembers & { rest: RestClient }, listId: number, send: boolean) {
  const progress: RecipientsImportProgress[] = [];
  const imported = await runOperation(recipientsImport(), members, {
    listId,
    recipients: [
      { email: 'ann@example.com', name: 'Ann' },
      { email: 'bob@example.com', name: 'Bob' },
    ],
    chunkSize: 1,
    onProgress: (p) => progress.push(p),
  });
  const draft = await runOperation(newslettersCreate(), members, {
    listId,
    subject: 'Welcome to the app (draft)',
    html: '<p>Welcome!</p>',
  });
  const sent = send
    ? await runOperation(newslettersSendToRecipient(), members, { listId, id: draft.id, email: 'ann@example.com' })
    : undefined;
  return {
    imported: imported.sent,
    progress: progress.map((p) => p.sent),
    newsletter: { id: draft.id, servedBy: draft.routed.via },
    sentTo: sent ? { deliveryId: sent.deliveryId, servedBy: sent.routed.via } : 'not sent',
  };
}

/** Runs the example against the emulator and returns what it saw (also printed when run directly). */
export async function main() {
  const emulator = await startEmulator();
  const a = emulator.store.seeded;
  const session = await authorize({
    clientId: a.oauthClient.clientId,
    clientSecret: a.oauthClient.clientSecret,
    baseUrl: emulator.urls.http,
    headless: { user: a.consoleUser, password: a.consolePassword },
  });
  try {
    const user = await session.rest.authenticationInfo();
    return { username: user.Username, ...(await app({ rest: session.rest }, 1, true)) };
  } finally {
    session.close();
    await emulator.close();
  }
}

async function real(env: NodeJS.ProcessEnv) {
  const session = await authorize({
    clientId: env.MAILUP_CLIENT_ID as string,
    clientSecret: env.MAILUP_CLIENT_SECRET as string,
  });
  try {
    return await app({ rest: session.rest }, Number(env.MAILUP_EXAMPLE_LIST_ID ?? 1), false);
  } finally {
    session.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  (env.MAILUP_CLIENT_ID && env.MAILUP_CLIENT_SECRET ? real(env) : main()).then(
    (seen) => console.log(JSON.stringify(seen, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
