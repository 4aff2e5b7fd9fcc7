/**
 * The 1,000,000-recipient import of the REST benchmark, alone in its process so that its peak RSS is the import's
 * (env BENCH_EMULATOR: the emulator child's JSON line; argv: the recipient count, the chunk size). Prints one JSON
 * line of figures.
 */
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { Limiter } from '@mailup-kit/limits';
import { type NewRecipient, OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import type { EmulatorChild } from './_emulator-child.js';

const [countArg, chunkArg] = process.argv.slice(2);
const child = JSON.parse(String(process.env.BENCH_EMULATOR)) as Omit<EmulatorChild, 'process'>;
const count = Number(countArg);
const chunkSize = Number(chunkArg);
const oauth = new OAuthClient({ clientId: child.clientId, clientSecret: child.clientSecret, baseUrl: child.url });
const tokens = new TokenManager({
  store: new MemoryTokenStore(),
  key: 'bench',
  refresh: (rt, s) => oauth.refresh(rt, s),
});
await tokens.save(await oauth.passwordGrant({ username: child.username, password: child.password }));
const limiter = new Limiter({ account: child.accountId });
const rest = new RestClient({ tokens, baseUrl: child.url, limiter });
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
async function* generated(): AsyncGenerator<NewRecipient> {
  for (let i = 0; i < count; i++) yield { Email: `user${i}@example.com`, Name: `User ${i}` };
}
const started = performance.now();
const result = await rest.recipients.import(1, generated(), { chunkSize, pollIntervalMs: 250 });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
rest.close();
oauth.close();
await limiter.close();
process.stdout.write(
  `${JSON.stringify({ accepted: result.accepted, chunks: result.chunks, seconds, peakRss, baselineRss })}\n`,
);
