// One worker of import-lease.slow.test.ts: a separate process that resumes a bulk import from a checkpoint file
// shared with another worker. It prints `ready`, waits for `go` on its standard input (so both workers take the
// lease at the same moment), runs the import and prints its outcome as one JSON line. The access token comes
// through the environment, never the command line.
import { createInterface } from 'node:readline';
import { MailUpError } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { FileImportCheckpointStore, type NewRecipient, RestClient, TokenManager } from '@mailup-kit/rest';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};
const records = Number(env('IMPORT_RECORDS'));
const people: NewRecipient[] = Array.from({ length: records }, (_, i) => ({ Email: `p${i}@example.com` }));

const tokens = new TokenManager({
  store: new MemoryTokenStore(),
  key: 'import-lease-worker',
  refresh: () => Promise.reject(new Error('worker: no refresh')),
});
await tokens.save({ accessToken: env('IMPORT_ACCESS_TOKEN'), expiresIn: 3600, receivedAt: Date.now() });
const rest = new RestClient({ tokens, baseUrl: env('IMPORT_BASE_URL') });

if (process.env.IMPORT_MODE === 'hold') {
  // Takes the lease and keeps it until killed (a crashed importer).
  await new FileImportCheckpointStore({ path: env('IMPORT_CHECKPOINT') }).lease();
  process.stdout.write('held\n');
  await new Promise(() => undefined);
}

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
process.stdout.write('ready\n');
await go;
lines.close();
let outcome: Record<string, unknown>;
try {
  const result = await rest.recipients.import(1, people, {
    chunkSize: Number(env('IMPORT_CHUNK')),
    checkpoint: new FileImportCheckpointStore({ path: env('IMPORT_CHECKPOINT') }),
    fingerprint: 'people',
    pollIntervalMs: 250,
  });
  outcome = { outcome: 'ok', sent: result.sent };
} catch (error) {
  outcome = MailUpError.is(error)
    ? { outcome: error.kind, message: error.message }
    : { outcome: 'crash', message: String(error) };
}
rest.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
