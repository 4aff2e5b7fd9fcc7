/**
 * For legacy SOAP integrations: the same program (create a newsletter, edit it, read it back) runs through the
 * facade while its operations move from MailUpSend to REST one at a time — the migration list grows by one
 * operation per stage, and the request journal shows the calls leaving the SOAP `*.asmx` endpoints for the REST console
 * service. Nothing else in the program changes.
 *
 * Runs against an embedded emulator; with `MAILUP_API_USER`, `MAILUP_API_PASSWORD`, `MAILUP_CLIENT_ID`,
 * `MAILUP_CLIENT_SECRET`, `MAILUP_EXAMPLE_USERNAME` and `MAILUP_EXAMPLE_PASSWORD` (a console user for the password
 * grant) and `MAILUP_EXAMPLE_LIST_ID` set, it runs the first and the last stage against your account (it creates
 * two draft newsletters there and sends nothing). Run: `corepack pnpm exec tsx examples/facade-soap-migration.ts`.
 *
 * Until the `MailUp` object lands in this branch the stages pass `prefer` per operation to the catalogue's stand-in
 * `runOperation`; with the object it is `new MailUp({ …, migrate: { from: 'soap', to: 'rest', operations } })`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type NewsletterMembers,
  newslettersCreate,
  newslettersGet,
  newslettersUpdate,
  runOperation,
  type Via,
} from '@mailup-kit/client';
import { MemoryTokenStore } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { SoapClient } from '@mailup-kit/soap';

const OPERATIONS = ['newsletters.create', 'newsletters.update', 'newsletters.get'] as const;

/** The legacy program, unchanged at every stage: only the set of migrated operations differs. */
async function program(members: NewsletterMembers, listId: number, migrated: ReadonlySet<string>) {
  const via = (op: string): readonly Via[] => (migrated.has(op) ? ['rest'] : ['soap']);
  const created = await runOperation(
    newslettersCreate(),
    members,
    { listId, subject: 'Spring offers (draft)', html: '<p>Hello</p>' },
    { prefer: via('newsletters.create') },
  );
  await runOperation(
    newslettersUpdate(),
    members,
    { listId, id: created.id, subject: 'Spring offers, 10% off (draft)' },
    { prefer: via('newsletters.update') },
  );
  const read = await runOperation(
    newslettersGet(),
    members,
    { listId, id: created.id },
    {
      prefer: via('newsletters.get'),
    },
  );
  return { subject: read.subject, servedBy: [created.routed.via, read.routed.via] };
}

async function restFor(baseUrl: string | undefined, clientId: string, clientSecret: string, user: string, pw: string) {
  const oauth = new OAuthClient({ clientId, clientSecret, ...(baseUrl ? { baseUrl } : {}) });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(),
    key: 'example',
    refresh: (rt) => oauth.refresh(rt),
  });
  await tokens.save(await oauth.passwordGrant({ username: user, password: pw }));
  return { rest: new RestClient({ tokens, ...(baseUrl ? { baseUrl } : {}) }), oauth };
}

/** Against a real account: the SOAP-only stage and the all-REST stage, drafts only. */
async function real(env: NodeJS.ProcessEnv) {
  const soap = new SoapClient({ user: env.MAILUP_API_USER as string, password: env.MAILUP_API_PASSWORD as string });
  const { rest, oauth } = await restFor(
    undefined,
    env.MAILUP_CLIENT_ID as string,
    env.MAILUP_CLIENT_SECRET as string,
    env.MAILUP_EXAMPLE_USERNAME as string,
    env.MAILUP_EXAMPLE_PASSWORD as string,
  );
  const listId = Number(env.MAILUP_EXAMPLE_LIST_ID ?? 1);
  try {
    return [
      await program({ rest, soap }, listId, new Set()),
      await program({ rest, soap }, listId, new Set(OPERATIONS)),
    ];
  } finally {
    rest.close();
    oauth.close();
    await soap.close();
  }
}

/** Runs every stage against the emulator; returns, per stage, the migrated operations and the paths the calls took. */
export async function main(): Promise<
  Array<{ migrated: string[]; soapCalls: number; restCalls: number; subject: string }>
> {
  const emulator = await startEmulator();
  const a = emulator.store.seeded;
  const soap = new SoapClient({ user: a.apiUser, password: a.apiPassword, baseUrl: emulator.urls.http });
  const { rest, oauth } = await restFor(
    emulator.urls.http,
    a.oauthClient.clientId,
    a.oauthClient.clientSecret,
    a.consoleUser,
    a.consolePassword,
  );
  const journal = emulator.control.journal;
  try {
    const stages = [];
    for (let n = 0; n <= OPERATIONS.length; n++) {
      const migrated = OPERATIONS.slice(0, n);
      const mark = journal.lastId();
      const { subject } = await program({ rest, soap }, 1, new Set(migrated));
      const seen = journal.list({ afterId: mark });
      stages.push({
        migrated: [...migrated],
        // LoginFromId is the SOAP session, not the program's call
        soapCalls: seen.filter((e) => /\.asmx$/i.test(e.path) && !e.operation.endsWith('LoginFromId')).length,
        restCalls: seen.filter((e) => e.protocol === 'rest').length,
        subject,
      });
    }
    return stages;
  } finally {
    rest.close();
    oauth.close();
    await soap.close();
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const configured = ['MAILUP_API_USER', 'MAILUP_API_PASSWORD', 'MAILUP_CLIENT_ID', 'MAILUP_CLIENT_SECRET'].every(
    (k) => env[k],
  );
  (configured && env.MAILUP_EXAMPLE_USERNAME ? real(env) : main()).then(
    (seen) => console.log(JSON.stringify(seen, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
