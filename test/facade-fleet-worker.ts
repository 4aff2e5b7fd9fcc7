// One worker of test/facade-fleet.slow.test.ts: a separate process whose facade shares Redis stores with its peers —
// the limiter's quota store, the REST token store, the SOAP access-key store and the switched-off memory — on a clock
// the parent moves with the emulator's, all through one `MailUp` object. Protocol: reads `{"round":n,"offsetMs":ms,
// "creates":k,"reads":r}` lines on stdin and answers `{"round":n,"served":{"soap":x,"rest":y},"errors":[kinds],
// "reauth":[reasons],"moved":[via:kind],"soapCreate":status,"soapBudget":n,"renewed":[protocol:reason]}` on stdout
// (`soapCreate` / `soapBudget`: the SOAP candidate's plan() status and budget left after the round, read from the
// shared quota store; `renewed`: the credential renewals this process made during the round, `protocol:reason`).
import { createInterface } from 'node:readline';
import { MailUp } from '@mailup-kit/client';
import { type Clock, type Logger, MailUpError, systemClock } from '@mailup-kit/core';
import { Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore, RedisSwitchedOffStore, RedisTokenStore } from '@mailup-kit/redis';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`worker: ${name} is not set`);
  return value;
};

// Every log line goes to stderr, where the parent scans it for secrets.
const line =
  (level: string) =>
  (...args: unknown[]) =>
    process.stderr.write(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
const logger: Logger = { debug: () => {}, info: line('info'), warn: line('warn'), error: line('error') };

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
const baseUrl = env('FLEET_BASE_URL');
const redis = env('FLEET_REDIS_URL');
const account = env('FLEET_ACCOUNT');

// The quota store runs on the fleet's clock (the emulator's, moved by the parent) instead of Redis TIME.
const quotaStore = new RedisQuotaStore({ redis, prefix: 'fleet:quota:', clock, restartGuard: false });
// A wider safety margin than the default 1 %: on a loaded 2-core machine a request reaches the emulator tens of ms
// after its reservation, and the emulator counts arrivals (with the default, 1–2 REST calls a run were answered 429).
const limiter = new Limiter({
  store: quotaStore,
  clock,
  account,
  logger,
  maxWaitMs: 60_000,
  policy: { safetyMargin: 0.25 },
});
const tokenStore = new RedisTokenStore({ redis, prefix: 'fleet:tokens:' });
const keyStore = new RedisTokenStore({ redis, prefix: 'fleet:keys:' });
// a service one worker saw switched off is skipped by its peers too
const switchedOffStore = new RedisSwitchedOffStore({ redis, prefix: 'fleet:switched:' });
const mailup = new MailUp({
  account: Number(account),
  oauth: {
    clientId: env('FLEET_CLIENT_ID'),
    clientSecret: env('FLEET_CLIENT_SECRET'),
    tokenStore,
    tokenKey: 'rest',
  },
  soap: { user: env('FLEET_API_USER'), password: env('FLEET_API_PASSWORD'), accessKeyStore: keyStore },
  baseUrls: { rest: baseUrl, soap: baseUrl },
  limiter,
  switchedOffMemory: { store: switchedOffStore },
  // the limiter's own wait bound: a REST rate wait inside it keeps REST eligible
  maxWaitMs: 60_000,
  clock,
  logger,
});
const reauth: string[] = [];
mailup.on('reauthorization-required', (e) => reauth.push(e.reason));
// every renewal this process makes (OAuth refresh or SOAP login), so the parent can account for each one
const renewed: string[] = [];
mailup.on('credential-renewed', (e) => renewed.push(`${e.protocol}:${e.reason}`));

const lines = createInterface({ input: process.stdin });
lines.on('line', async (text) => {
  const msg = JSON.parse(text) as { round: number; offsetMs: number; creates: number; reads: number; id: number };
  if (msg.round < 0) {
    await mailup.close();
    await limiter.close();
    await Promise.all([tokenStore.close(), keyStore.close(), quotaStore.close(), switchedOffStore.close()]);
    lines.close();
    return;
  }
  offsetMs = msg.offsetMs;
  const served = { soap: 0, rest: 0 };
  const errors: string[] = [];
  const moved: string[] = [];
  const run = async (
    fn: () => Promise<{ routed: { via: string; attempts: readonly { via: string; outcome: string }[] } }>,
  ) => {
    try {
      const r = await fn();
      served[r.routed.via as 'soap' | 'rest']++;
      for (const a of r.routed.attempts) if (a.outcome !== 'ok') moved.push(`${a.via}:${a.outcome}`);
    } catch (error) {
      logger.error(error instanceof Error ? error.message : String(error));
      errors.push(MailUpError.is(error) ? error.kind : String(error));
    }
  };
  await Promise.all([
    ...Array.from({ length: msg.creates }, (_, i) =>
      run(() =>
        mailup.newsletters.create(
          { listId: 1, subject: `Fleet ${process.pid} ${msg.round} ${i}`, html: '<p>x</p>' },
          { prefer: ['soap'] },
        ),
      ),
    ),
    // a SOAP read and a REST read per `reads`: every round touches both credentials
    ...Array.from({ length: msg.reads }, () =>
      run(() => mailup.newsletters.get({ listId: 1, id: msg.id }, { prefer: ['soap'] })),
    ),
    ...Array.from({ length: msg.reads }, () =>
      run(() => mailup.newsletters.get({ listId: 1, id: msg.id }, { prefer: ['rest'] })),
    ),
  ]);
  const plan = await mailup.plan('newsletters.create');
  const soap = plan.candidates.find((c) => c.via === 'soap');
  const reply = {
    round: msg.round,
    served,
    errors,
    reauth,
    moved,
    soapCreate: soap?.status,
    soapBudget: soap?.budgetLeft,
    renewed: renewed.splice(0),
  };
  process.stdout.write(`${JSON.stringify(reply)}\n`);
});
