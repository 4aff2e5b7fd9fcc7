/**
 * For new apps on REST — read a campaign's statistics: counts (recipients, views, clicks, bounces,
 * unsubscriptions) and the paged lists behind them from MailStatisticsService, every page walked with `for await`,
 * plus one recipient's history. The emulator records views and clicks through its control API (a real account
 * records them as people open and click).
 * Runs against a local emulator. Run: `corepack pnpm exec tsx examples/rest-statistics.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { MESSAGE_STATISTICS_COUNTS, OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{
  counts: Record<string, number>;
  topUrl: string;
  clickers: string[];
  recipientViews: number;
}> {
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
    const ids: number[] = [];
    for (const name of ['ann', 'bob', 'cid']) ids.push(await rest.recipients.add(1, { Email: `${name}@example.com` }));
    const email = await rest.emails.create(1, { Subject: 'Newsletter #12' });
    await rest.sendings.toList(1, email.idMessage);
    // What readers did (the emulator's stand-in for real opens and clicks).
    const event = (kind: string, recipientId: number, url?: string) =>
      emulator.control.action('rest.statEvent', { kind, messageId: email.idMessage, recipientId, url });
    await event('view', ids[0] ?? 0);
    await event('view', ids[1] ?? 0);
    await event('click', ids[0] ?? 0, 'https://example.com/sale');
    await event('click', ids[1] ?? 0, 'https://example.com/sale');
    await event('click', ids[1] ?? 0, 'https://example.com/blog');

    const counts: Record<string, number> = {};
    for (const kind of MESSAGE_STATISTICS_COUNTS)
      counts[kind] = await rest.statistics.messageCount(email.idMessage, kind);
    const urls = await rest.statistics.messageList(email.idMessage, 'UrlClicks').toArray();
    urls.sort((a, b) => b.Count - a.Count);
    const clickers: string[] = [];
    for await (const c of rest.statistics.messageList(email.idMessage, 'Clicks', { pageSize: 1 })) {
      clickers.push(String(c.Email));
    }
    const recipientViews = await rest.statistics.recipientCount(ids[0] ?? 0, 'Views');
    return { counts, topUrl: urls[0]?.Url ?? '', clickers, recipientViews };
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
