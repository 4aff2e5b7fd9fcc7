/**
 * For new apps on REST — send a campaign: create the email with a tag, send a test to one address, send it to a
 * group now and schedule it for the whole list tomorrow, look at the queue, and move the deferred sending. Sends are
 * never repeated by the client once bytes may have left (an ambiguous failure is reported as such).
 * Runs against a local emulator. Run: `corepack pnpm exec tsx examples/rest-send-campaign.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ test: number; toGroup: number; deferred: number; scheduledFor: string }> {
  const emulator = await startEmulator();
  const account = emulator.store.seeded;
  const oauth = new OAuthClient({
    clientId: account.oauthClient.clientId,
    clientSecret: account.oauthClient.clientSecret,
    baseUrl: emulator.urls.http, // omit for https://services.mailup.com
  });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(),
    key: account.consoleUser,
    refresh: (refreshToken, signal) => oauth.refresh(refreshToken, signal),
  });
  const limiter = new Limiter({ account: account.id });
  const rest = new RestClient({ tokens, baseUrl: emulator.urls.http, limiter });
  try {
    await tokens.save(await oauth.passwordGrant({ username: account.consoleUser, password: account.consolePassword }));
    const vip = await rest.groups.create(1, { Name: 'VIP', Notes: 'early access' });
    await rest.recipients.addToGroup(vip.idGroup, { Email: 'vip@example.com', Name: 'Vip' });
    await rest.recipients.add(1, { Email: 'reader@example.com', Name: 'Reader' });

    const tag = await rest.emails.createTag(1, 'spring-sale');
    const email = await rest.emails.create(1, {
      Subject: 'Spring sale',
      Content: '<h1>Spring sale</h1><p>Hello [nome], 20% off this week.</p>',
      Tags: [{ Id: tag.Id }],
      TrackingInfo: { Enabled: true, Protocols: ['http:', 'https:'] },
    });
    const test = await rest.sendings.toRecipient({ Email: 'me@example.com', idMessage: email.idMessage });
    const toGroup = await rest.sendings.toGroup(vip.idGroup, email.idMessage);
    const tomorrow = new Date(Date.now() + 86_400_000);
    await rest.sendings.toList(1, email.idMessage, { datetime: tomorrow });
    const [queued] = await rest.sendings.queue('Deferred').toArray();
    const later = new Date(tomorrow.getTime() + 3_600_000);
    await rest.sendings.schedule(queued?.idSending ?? 0, later); // one hour later than planned
    const [moved] = await rest.sendings.queue('Deferred').toArray();
    return {
      test: test.Sent,
      toGroup: toGroup.Sent,
      deferred: (await rest.sendings.queue('Deferred').toArray()).length,
      scheduledFor: String(moved?.StartDate ?? ''),
    };
  } finally {
    rest.close();
    oauth.close();
    await limiter.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
