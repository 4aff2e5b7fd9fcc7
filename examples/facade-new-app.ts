/**
 * For a new app on REST: the authorization-code flow (MailUp's LogOn page, a loopback callback, the code exchanged
 * for tokens that refresh themselves), then the facade's operations — import recipients with progress, create a
 * newsletter and send it to one address — each answering its canonical result with `routed` (which transport
 * served it and every attempt).
 *
 * Runs against an embedded emulator, whose LogOn form is submitted headlessly (the part a user's browser does).
 * With `MAILUP_ACCOUNT_ID`, `MAILUP_CLIENT_ID` and `MAILUP_CLIENT_SECRET` set it builds the facade with
 * `MailUp.fromEnv()` and logs in to your account instead: it prints the LogOn URL, waits for your browser to come back to the loopback callback, imports two example recipients into
 * `MAILUP_EXAMPLE_LIST_ID` (default 1) and creates a draft newsletter; it sends nothing. Run:
 * `corepack pnpm exec tsx examples/facade-new-app.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailUp, type RecipientsImportProgress } from '@mailup-kit/client';
import { HttpTransport } from '@mailup-kit/core/node';
import { startEmulator } from '@mailup-kit/emulator';
import { buildLogOnUrl, startLoopbackCallback } from '@mailup-kit/rest';
import { CookieSession } from '@mailup-kit/rest/cookie-session';

interface Login {
  /** The facade (its OAuth client and token manager are the REST member's). */
  mailup: MailUp;
  clientId: string;
  baseUrl?: string;
  /** The emulator's console user, whose browser is played headlessly; absent: a real browser. */
  headless?: { user: string; password: string };
}

/** The authorization-code flow: LogOn URL → browser → loopback callback → code exchange → self-refreshing tokens. */
async function authorize(login: Login): Promise<void> {
  const { oauth, tokens } = login.mailup;
  if (!oauth || !tokens) throw new Error('configure oauth (MAILUP_CLIENT_ID, MAILUP_CLIENT_SECRET)');
  const base = login.baseUrl ? { baseUrl: login.baseUrl } : {};
  const state = globalThis.crypto.randomUUID();
  const callback = await startLoopbackCallback({ expectedState: state });
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
    await tokens.save(await oauth.exchangeCode({ code, redirectUri: callback.redirectUri }));
  } finally {
    await callback.close();
  }
}

/** What the app does once logged in (the same against the emulator and a real account, except the send). */
async function app(mailup: MailUp, listId: number, send: boolean) {
  const progress: RecipientsImportProgress[] = [];
  const imported = await mailup.recipients.import({
    listId,
    recipients: [
      { email: 'ann@example.com', name: 'Ann' },
      { email: 'bob@example.com', name: 'Bob' },
    ],
    chunkSize: 1,
    onProgress: (p) => progress.push(p),
  });
  const draft = await mailup.newsletters.create({
    listId,
    subject: 'Welcome to the app (draft)',
    html: '<p>Welcome!</p>',
  });
  const sent = send
    ? await mailup.newsletters.sendToRecipient({ listId, id: draft.id, email: 'ann@example.com' })
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
  const mailup = new MailUp({
    account: a.id,
    oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    baseUrls: { rest: emulator.urls.http },
  });
  try {
    await authorize({
      mailup,
      clientId: a.oauthClient.clientId,
      baseUrl: emulator.urls.http,
      headless: { user: a.consoleUser, password: a.consolePassword },
    });
    const user = await (mailup.rest as NonNullable<MailUp['rest']>).authenticationInfo();
    return { username: user.Username, ...(await app(mailup, 1, true)) };
  } finally {
    await mailup.close();
    await emulator.close();
  }
}

async function real(env: NodeJS.ProcessEnv) {
  const mailup = MailUp.fromEnv(env);
  try {
    await authorize({ mailup, clientId: env.MAILUP_CLIENT_ID as string });
    return await app(mailup, Number(env.MAILUP_EXAMPLE_LIST_ID ?? 1), false);
  } finally {
    await mailup.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  (env.MAILUP_ACCOUNT_ID && env.MAILUP_CLIENT_ID && env.MAILUP_CLIENT_SECRET ? real(env) : main()).then(
    (seen) => console.log(JSON.stringify(seen, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
