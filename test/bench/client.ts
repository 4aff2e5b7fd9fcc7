import { MailUp } from '@mailup-kit/client';
import { MailUpError } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import type { RestClient } from '@mailup-kit/rest';
import { smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import type { BenchFigures } from './_bench-runner.js';
import { emulatorChild, stopChild } from './_emulator-child.js';
import { runIfMain } from './_standalone.js';
import { median, round3 } from './_stats.js';

/** How much to measure (tests run tiny sizes). */
export interface ClientBenchSizes {
  rounds: number;
  getsPerRound: number;
  sends: number;
  /** `plan()` calls timed (after as many warm-up calls). */
  plans: number;
}

const FULL: ClientBenchSizes = { rounds: 15, getsPerRound: 200, sends: 1000, plans: 20_000 };

async function overhead(sizes: ClientBenchSizes): Promise<BenchFigures> {
  const child = await emulatorChild(['--no-throttle']);
  // A ceiling no benchmark reaches: the quota step runs on every call but never waits.
  const limiter = new Limiter({
    account: child.accountId,
    policy: {
      rows: [
        {
          protocol: 'rest',
          operation: '*',
          match: 'default',
          limits: [{ kind: 'rate', calls: 1e9, perMs: 1000 }],
          source: 'bench',
        },
      ],
    },
  });
  const mailup = new MailUp({
    account: child.accountId,
    oauth: { clientId: child.clientId, clientSecret: child.clientSecret },
    baseUrls: { rest: child.url },
    limiter,
  });
  const oauth = mailup.oauth as NonNullable<MailUp['oauth']>;
  await mailup.tokens?.save(await oauth.passwordGrant({ username: child.username, password: child.password }));
  const rest = mailup.rest as RestClient;
  try {
    const created = await rest.emails.create(1, { Subject: 'Bench', Content: '<p>bench</p>' });
    const id = Number(created.idMessage);
    const viaFacade = () => mailup.newsletters.get({ listId: 1, id });
    const direct = () => rest.emails.get(1, id);
    for (let i = 0; i < Math.min(300, sizes.rounds * sizes.getsPerRound); i++) {
      await viaFacade(); // warm-up
      await direct();
    }
    const timed = async (fn: () => Promise<unknown>, into: number[]) => {
      const started = performance.now();
      await fn();
      into.push(performance.now() - started);
    };
    const ratios: number[] = [];
    const facadeAll: number[] = [];
    const directAll: number[] = [];
    for (let r = 0; r < sizes.rounds; r++) {
      const f: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < sizes.getsPerRound; i++) {
        if ((i + r) % 2 === 0) {
          await timed(viaFacade, f);
          await timed(direct, d);
        } else {
          await timed(direct, d);
          await timed(viaFacade, f);
        }
      }
      ratios.push(median(f) / median(d));
      facadeAll.push(...f);
      directAll.push(...d);
    }
    return {
      facadeGetMs: round3(median(facadeAll)),
      restClientGetMs: round3(median(directAll)),
      facadeOverheadRatio: round3(median(ratios)),
    };
  } finally {
    await mailup.close();
    await limiter.close();
    await stopChild(child);
  }
}

type Fault = 'none' | 'api-reset-after' | 'api-401' | 'relay-drop-after-data' | 'api-503';
const FAULTS: readonly Fault[] = ['none', 'api-reset-after', 'api-401', 'relay-drop-after-data', 'api-503'];

async function fallback(sizes: ClientBenchSizes): Promise<BenchFigures> {
  const emulator = await startEmulator({ outboxMaxMessages: sizes.sends * 2 });
  const target = await smtpPlusTarget(emulator);
  const mailup = new MailUp({
    account: emulator.store.seeded.id,
    smtpPlus: { user: target.user, password: target.password },
    baseUrls: { sendApi: emulator.urls.http, smtp: { host: target.host, port: target.port } },
    tls: { ca: target.tls.ca }, // the emulator's CA: verification stays on
  });
  const counts = { sent: 0, fellBack: 0, ambiguousSurfaced: 0, otherErrors: 0 };
  try {
    for (let i = 0; i < sizes.sends; i++) {
      const fault = FAULTS[i % FAULTS.length] as Fault;
      if (fault === 'api-reset-after') {
        await emulator.control.action('faults.add', {
          protocol: 'txmail',
          operation: 'sendmessage',
          action: { type: 'reset-after' },
        });
      } else if (fault === 'api-401' || fault === 'api-503') {
        const status = fault === 'api-401' ? 401 : 503;
        await emulator.control.action('faults.add', {
          protocol: 'txmail',
          operation: 'sendmessage',
          action: { type: 'status', status, body: `{"Status":"error","Code":"${status}","Message":"bench"}` },
        });
      } else if (fault === 'relay-drop-after-data') {
        await emulator.control.action('faults.add', {
          protocol: 'smtp',
          operation: 'DATA',
          phase: 'after-data',
          action: { type: 'reset' },
        });
      }
      const prefer = fault === 'relay-drop-after-data' ? (['smtp'] as const) : (['txmail'] as const);
      try {
        const sent = await mailup.transactional.email.send(
          {
            from: 'shop@example.com',
            to: 'ann@example.com',
            subject: `Receipt ${i}`,
            text: 'Thanks',
            messageId: `<bench-${i}@shop.example.com>`,
          },
          { prefer },
        );
        counts.sent++;
        if (sent.routed.attempts.length > 1) counts.fellBack++;
      } catch (error) {
        if (MailUpError.is(error) && error.sent !== 'no') counts.ambiguousSurfaced++;
        else counts.otherErrors++;
      }
      await emulator.control.action('faults.clear', {});
    }
    const duplicates = emulator.store.outbox.duplicates();
    const kept = emulator.store.outbox.mail.length;
    return {
      fallbackSends: sizes.sends,
      fallbackDuplicateSends: duplicates.length,
      fallbackOutboxMessages: kept,
      fallbackTaken: counts.fellBack,
      fallbackAmbiguousSurfaced: counts.ambiguousSurfaced,
      fallbackOtherErrors: counts.otherErrors,
    };
  } finally {
    await mailup.close();
    await emulator.close();
  }
}

/** `plan()` of an operation with three candidates, every one configured and eligible (no network is touched). */
async function planCost(sizes: ClientBenchSizes): Promise<BenchFigures> {
  const emulator = await startEmulator();
  const a = emulator.store.seeded;
  const mailup = new MailUp({
    account: a.id,
    oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
    soap: { user: a.apiUser, password: a.apiPassword },
    consoleUrl: emulator.urls.http,
    allowInsecureHttp: true,
    baseUrls: { rest: emulator.urls.http, soap: emulator.urls.http },
  });
  try {
    const oauth = mailup.oauth as NonNullable<MailUp['oauth']>;
    await mailup.tokens?.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
    const first = await mailup.plan('lists.all');
    const eligible = first.candidates.filter((c) => c.status === 'eligible').length;
    for (let i = 0; i < sizes.plans; i++) await mailup.plan('lists.all');
    const batch = 100;
    const perBatch: number[] = [];
    for (let done = 0; done < sizes.plans; done += batch) {
      const started = performance.now();
      for (let i = 0; i < batch; i++) await mailup.plan('lists.all');
      perBatch.push(((performance.now() - started) * 1000) / batch);
    }
    return { planMicros: round3(median(perBatch)), planCandidates: first.candidates.length, planEligible: eligible };
  } finally {
    await mailup.close();
    await emulator.close();
  }
}

/** The figures at the given sizes (tests run tiny sizes; `pnpm bench client` the full ones). */
export async function measure(sizes: ClientBenchSizes = FULL): Promise<BenchFigures> {
  return {
    ...(await overhead(sizes)),
    ...(await fallback(sizes)),
    ...(await planCost(sizes)),
  };
}

export default function run(): Promise<BenchFigures> {
  return measure(FULL);
}

runIfMain(import.meta.url, run);
