/**
 * A MailUp emulator in its own process for the REST benchmark (so the client's RSS is the client's alone). Prints
 * one JSON line `{ url, accountId, username, password, clientId, clientSecret }`; `--no-throttle` switches the
 * server-side policy off; `--recipients N` subscribes N generated recipients to list 1. Runs until killed.
 */
import { startEmulator } from '@mailup-kit/emulator';

const args = process.argv.slice(2);
const emulator = await startEmulator();
if (args.includes('--no-throttle')) await emulator.control.action('throttle.enabled', { enabled: false });
const n = Number(args[args.indexOf('--recipients') + 1] ?? 0);
if (args.includes('--recipients') && n > 0) {
  const data = emulator.store.account(emulator.store.seeded.id);
  for (let i = 0; i < n; i++) {
    data.setSubscription(
      1,
      data.upsertRecipient({ email: `r${i}@example.com` }, { name: `R ${i}` }).id,
      'subscribed',
      0,
    );
  }
}
const a = emulator.store.seeded;
process.stdout.write(
  `${JSON.stringify({
    url: emulator.urls.http,
    accountId: a.id,
    username: a.consoleUser,
    password: a.consolePassword,
    clientId: a.oauthClient.clientId,
    clientSecret: a.oauthClient.clientSecret,
  })}\n`,
);
process.on('SIGTERM', () => {
  emulator.close().then(() => process.exit(0));
});
