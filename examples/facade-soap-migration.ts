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
 * Each stage is `new MailUp({ …, migrate: { from: 'soap', to: 'rest', operations } })` (`MAILUP_MIGRATE` in the
 * environment) with one more SOAP operation listed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailUp, type MailUpConfig, mailUpConfigFromEnv, type SoapOperationName } from '@mailup-kit/client';
import { startEmulator } from '@mailup-kit/emulator';

/** The SOAP operations the program calls, in the order they move to REST. */
const OPERATIONS: readonly SoapOperationName[] = [
  'MailupSend.CreateNewsletter',
  'MailupSend.EditNewsletter',
  'MailupSend.GetNewsletterCode',
];

/** The legacy program, unchanged at every stage: only the facade's migration stage differs. */
async function program(mailup: MailUp, listId: number) {
  const created = await mailup.newsletters.create({ listId, subject: 'Spring offers (draft)', html: '<p>Hello</p>' });
  await mailup.newsletters.update({ listId, id: created.id, subject: 'Spring offers, 10% off (draft)' });
  const read = await mailup.newsletters.get({ listId, id: created.id });
  return { subject: read.subject, servedBy: [created.routed.via, read.routed.via] };
}

/** A facade at one migration stage, logged in to REST with the password grant. */
async function stage(config: MailUpConfig, migrated: readonly SoapOperationName[], user: string, password: string) {
  const mailup = new MailUp({ ...config, migrate: { from: 'soap', to: 'rest', operations: migrated } });
  if (mailup.oauth && mailup.tokens) {
    await mailup.tokens.save(await mailup.oauth.passwordGrant({ username: user, password }));
  }
  return mailup;
}

/** Against a real account (the `MAILUP_*` configuration `MailUp.fromEnv()` reads): the SOAP-only stage and the all-REST stage, drafts only. */
async function real(env: NodeJS.ProcessEnv) {
  const { MAILUP_EXAMPLE_USERNAME: user = '', MAILUP_EXAMPLE_PASSWORD: password = '' } = env;
  const listId = Number(env.MAILUP_EXAMPLE_LIST_ID ?? 1);
  const results = [];
  for (const migrated of [[], OPERATIONS]) {
    const mailup = await stage(mailUpConfigFromEnv(env), migrated, user, password);
    try {
      results.push(await program(mailup, listId));
    } finally {
      await mailup.close();
    }
  }
  return results;
}

/** Runs every stage against the emulator; returns, per stage, the migrated operations and the paths the calls took. */
export async function main(): Promise<
  Array<{ migrated: string[]; soapCalls: number; restCalls: number; subject: string }>
> {
  const emulator = await startEmulator();
  const a = emulator.store.seeded;
  const config: MailUpConfig = {
    account: a.id,
    oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    soap: { user: a.apiUser, password: a.apiPassword },
    baseUrls: { rest: emulator.urls.http, soap: emulator.urls.http },
  };
  const journal = emulator.control.journal;
  try {
    const stages = [];
    for (let n = 0; n <= OPERATIONS.length; n++) {
      const migrated = OPERATIONS.slice(0, n);
      const mailup = await stage(config, migrated, a.consoleUser, a.consolePassword);
      const mark = journal.lastId();
      try {
        const { subject } = await program(mailup, 1);
        const seen = journal.list({ afterId: mark });
        stages.push({
          migrated: [...migrated],
          // LoginFromId is the SOAP session, not the program's call
          soapCalls: seen.filter((e) => /\.asmx$/i.test(e.path) && !e.operation.endsWith('LoginFromId')).length,
          restCalls: seen.filter((e) => e.protocol === 'rest').length,
          subject,
        });
      } finally {
        await mailup.close();
      }
    }
    return stages;
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const configured = ['MAILUP_ACCOUNT_ID', 'MAILUP_API_USER', 'MAILUP_API_PASSWORD', 'MAILUP_CLIENT_ID'].every(
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
