/**
 * For new apps on REST — sync a CRM list: stream a CSV export from your CRM into a MailUp list as chunked
 * asynchronous imports (a real streaming CSV parser, bounded memory, progress events, a checkpoint file to resume
 * after a crash), then read back who is subscribed, filtered server-side with a safely quoted expression.
 * Runs against a local emulator. Run: `corepack pnpm exec tsx examples/rest-crm-sync.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { FileImportCheckpointStore, filter, OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';

/** A CRM export: a header row, then one customer per line (Field1 = first name, Field4 = city). */
function crmExport(customers: number): Readable {
  return Readable.from(
    (function* () {
      yield 'Email,Name,Field1,Field4\n';
      for (let i = 0; i < customers; i++)
        yield `customer${i}@example.com,Customer ${i},Name${i},${i % 2 ? 'Roma' : 'Milano'}\n`;
      yield "o'hara@example.com,Scarlett O'Hara,Scarlett,Roma\n";
    })(),
  );
}

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<{ imported: number; chunks: number; romans: number; ohara: string[] }> {
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
  const limiter = new Limiter({ account: account.id }); // 5 calls/s per REST method, as MailUp's policy says
  const rest = new RestClient({ tokens, baseUrl: emulator.urls.http, limiter });
  const dir = await mkdtemp(join(tmpdir(), 'crm-sync-'));
  const checkpointFile = join(dir, 'import-checkpoint.json');
  try {
    await tokens.save(await oauth.passwordGrant({ username: account.consoleUser, password: account.consolePassword }));
    const result = await rest.recipients.import(1, crmExport(120), {
      chunkSize: 50,
      total: 121,
      pollIntervalMs: 200,
      // Keep the checkpoint somewhere durable: run the script again after a crash and it resumes where it stopped
      // (a second copy running at the same time is refused by the file's lease instead of importing twice).
      checkpoint: new FileImportCheckpointStore({ path: checkpointFile }),
      fingerprint: 'crm-export',
      onProgress: (p) => console.error(`sent ${p.sent}, accepted ${p.accepted}, ${p.ratePerSecond.toFixed(0)}/s`),
    });
    let romans = 0;
    for await (const _ of rest.recipients.subscribed(1, { filterby: filter.eq({ field: 'città' }, 'Roma') })) romans++;
    const ohara = await rest.recipients.subscribed(1, { filterby: filter.contains('Email', "o'hara") }).toArray();
    return { imported: result.accepted, chunks: result.chunks, romans, ohara: ohara.map((r) => r.Email ?? '') };
  } finally {
    rest.close();
    oauth.close();
    await limiter.close();
    await rm(dir, { recursive: true, force: true });
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
