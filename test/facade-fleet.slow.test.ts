import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore, RedisTokenStore } from '@mailup-kit/redis';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the facade fleet test') !== undefined;

const WORKERS = 3;
// 108 a day across the fleet: exactly 100 through SOAP (its daily row: every unit spent is a create the emulator
// served — a unit spent on a reservation whose answer Redis lost under load made it 95–99 before), 8 through REST
const CREATES_PER_WORKER = 36;
const SOAP_DAILY = 100;
const HOUR = 3_600_000;
const worker = fileURLToPath(new URL('./facade-fleet-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

interface Reply {
  round: number;
  served: { soap: number; rest: number };
  errors: string[];
  reauth: string[];
  /** The failed attempts of calls that another candidate then served (`soap:quota-exhausted`). */
  moved: string[];
  /** The SOAP candidate's status in the worker's `plan('newsletters.create')` after the round. */
  soapCreate: string;
  /** The credential renewals the worker made during the round (`oauth:ahead-of-expiry`, `soap:…`). */
  renewed: string[];
}

class Worker {
  private readonly lines: Interface;
  private readonly pending: Array<(reply: Reply) => void> = [];
  readonly stderr: string[] = [];

  constructor(readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout! });
    this.lines.on('line', (line) => this.pending.shift()?.(JSON.parse(line) as Reply));
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  round(message: { round: number; offsetMs: number; creates: number; reads: number; id: number }): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push(resolve);
      this.child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${this.stderr.join('')}`)));
      this.child.stdin!.write(`${JSON.stringify(message)}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.write(`${JSON.stringify({ round: -1 })}\n`);
    this.child.stdin!.end();
    await exited;
  }
}

describe.skipIf(!available)(
  '3 processes running the facade over shared Redis stores (limits, tokens, access keys)',
  () => {
    let redis: TestRedis;
    let emu: RunningEmulator;
    let quotaStore: RedisQuotaStore | undefined;
    const workers: Worker[] = [];

    beforeAll(async () => {
      redis = await startRedis();
      emu = await startEmulator(); // the emulator enforces MailUp's policy: a fleet that exceeded it would see refusals
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await quotaStore?.close();
      await emu?.close();
      await redis?.stop();
    });

    it('a mixed workload over two days: no refusal, no invalid_grant, exactly 100 CreateNewsletter a day, one login and one refresh per expiry', async () => {
      const a = emu.store.seeded;
      // One login seeds the shared REST token store (the password never reaches the workers).
      const oauth = new OAuthClient({
        clientId: a.oauthClient.clientId,
        clientSecret: a.oauthClient.clientSecret,
        baseUrl: emu.urls.http,
      });
      const seedStore = new RedisTokenStore({ redis: redis.url, prefix: 'fleet:tokens:' });
      const seed = new TokenManager({
        store: seedStore,
        key: 'rest',
        refresh: () => Promise.reject(new Error('unused')),
      });
      await seed.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
      await seedStore.close();
      // The message the reads fetch, made by the parent with its own login.
      const own = new TokenManager({ store: new MemoryTokenStore(), key: 'own', refresh: (rt) => oauth.refresh(rt) });
      await own.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
      const parentRest = new RestClient({ tokens: own, baseUrl: emu.urls.http });
      const id = Number((await parentRest.emails.create(1, { Subject: 'Read me', Content: '<p>r</p>' })).idMessage);
      parentRest.close();
      oauth.close();

      for (let i = 0; i < WORKERS; i++) {
        workers.push(
          new Worker(
            spawn(process.execPath, ['--import', 'tsx', worker], {
              cwd: root,
              stdio: ['pipe', 'pipe', 'pipe'],
              env: {
                ...process.env,
                FLEET_BASE_URL: emu.urls.http,
                FLEET_REDIS_URL: redis.url,
                FLEET_ACCOUNT: String(a.id),
                FLEET_CLIENT_ID: a.oauthClient.clientId,
                FLEET_CLIENT_SECRET: a.oauthClient.clientSecret,
                FLEET_API_USER: a.apiUser,
                FLEET_API_PASSWORD: a.apiPassword,
              },
            }),
          ),
        );
      }
      const journal = emu.control.journal;
      const oauthStats = async () =>
        (await emu.control.action('oauth.stats')) as { refreshes: number; invalidGrants: number };
      const offset = async () => ((await emu.control.action('clock.get', {})) as { offsetMs: number }).offsetMs;
      // The parent's own look at the shared quota store, on the emulator's clock like the workers' (nothing reserved).
      let parentOffset = 0;
      const parentClock: Clock = {
        now: () => Date.now() + parentOffset,
        sleep: (ms, signal) => systemClock.sleep(ms, signal),
      };
      quotaStore = new RedisQuotaStore({
        redis: redis.url,
        prefix: 'fleet:quota:',
        clock: parentClock,
        restartGuard: false,
      });
      const quota = new Limiter({ store: quotaStore, clock: parentClock, account: a.id });
      const soapUnits = async () => {
        parentOffset = await offset();
        const report = await quota.inspectCall({ protocol: 'soap', operation: 'CreateNewsletter' });
        return report?.windows.find((w) => w.limit === SOAP_DAILY)?.used;
      };
      const count = (mark: number, operation: string) =>
        journal.list({ afterId: mark, operation }).filter((e) => e.status === 200).length;

      const round = async (n: number, creates: number) => {
        const mark = journal.lastId();
        const offsetMs = await offset();
        const replies = await Promise.all(workers.map((w) => w.round({ round: n, offsetMs, creates, reads: 2, id })));
        for (const reply of replies) {
          expect(reply.errors).toEqual([]);
          expect(reply.reauth).toEqual([]);
        }
        const renewed = replies.flatMap((r) => r.renewed);
        return {
          soapCreates: count(mark, 'soap:MailupSend.CreateNewsletter'),
          restCreates: count(mark, 'rest:POST Console/List/{idList}/Email'),
          logins: journal.list({ afterId: mark, operation: 'soap:MailupSend.LoginFromId' }).length,
          moved: [...new Set(replies.flatMap((r) => r.moved))],
          soapCreate: [...new Set(replies.map((r) => r.soapCreate))],
          // the units of SOAP CreateNewsletter's daily row the shared quota store counts now (the fleet's view)
          soapUnits: await soapUnits(),
          // one refresh and one login per expiry for the whole fleet (the stores' promise), whichever worker made it
          refreshes: renewed.filter((r) => r.startsWith('oauth:')).length,
          keyLogins: renewed.filter((r) => r.startsWith('soap:')).length,
          // what the emulator refused for exceeding MailUp's policy (a 429; SOAP refusals are in throttle.stats)
          refused: journal
            .list({ afterId: mark })
            .filter((e) => e.status === 429)
            .map((e) => `${e.operation} ${e.status}`),
          // any other failed answer, shown for the record (an 'access key expired' fault is the key's hour ending)
          other: journal
            .list({ afterId: mark })
            .filter((e) => e.status !== 200 && e.status !== 429)
            .map((e) => `${e.operation} ${e.status} ${e.response.body.text.slice(0, 300)}`),
        };
      };

      const note = (label: string, r: { other: string[] }) => {
        if (r.other.length > 0) console.warn(`${label}: answers other than 200 or 429:\n${r.other.join('\n')}`);
      };
      // Day 1: 108 creates preferring SOAP — the shared limiter lets exactly 100 through SOAP (its daily row,
      // fleet-wide), the rest move to REST on quota-exhausted; each create is served once.
      const day1 = await round(0, CREATES_PER_WORKER);
      note('day 1', day1);
      expect(day1.soapCreates).toBe(SOAP_DAILY);
      expect(day1.restCreates).toBe(WORKERS * CREATES_PER_WORKER - SOAP_DAILY);
      // every unit the shared store counts is a create the emulator served: none spent on nothing
      expect(day1.soapUnits).toBe(SOAP_DAILY);
      // the seeded token still serves; the first SOAP call logs in once for the fleet
      expect({ logins: day1.logins, keyLogins: day1.keyLogins, refreshes: day1.refreshes }).toEqual({
        logins: 1,
        keyLogins: 1,
        refreshes: 0,
      });
      expect(day1.refused).toEqual([]);
      expect((await oauthStats()).refreshes).toBe(0);

      // An hour later the access key and the access token have expired: one login for the whole fleet;
      // SOAP's daily row is spent, so the creates go to REST without a SOAP call.
      await emu.control.action('clock.advance', { ms: HOUR + 1_000 });
      const later = await round(1, 2);
      note('an hour later', later);
      expect({ ...later, moved: [], soapCreate: [], other: [] }).toEqual({
        soapCreates: 0,
        restCreates: 6,
        logins: 1,
        keyLogins: 1,
        refreshes: 1,
        refused: [],
        moved: [],
        soapUnits: SOAP_DAILY,
        soapCreate: [],
        other: [],
      });
      // the facade sees the spent row before trying: SOAP is over budget in every worker's plan, never attempted
      expect(later.soapCreate).toEqual(['over-budget']);
      expect(later.moved).toEqual([]);
      // one refresh per expiry is the token store's promise (oauth-fleet.slow.test.ts): the emulator saw exactly one
      expect(await oauthStats()).toMatchObject({ refreshes: 1, invalidGrants: 0 });

      // Day 2: the daily row has room again.
      await emu.control.action('clock.advance', { ms: 24 * HOUR });
      const day2 = await round(2, CREATES_PER_WORKER);
      note('day 2', day2);
      expect(day2.soapCreates).toBe(SOAP_DAILY);
      expect(day2.restCreates).toBe(WORKERS * CREATES_PER_WORKER - SOAP_DAILY);
      expect(day2.soapUnits).toBe(SOAP_DAILY); // day 1's units are out of the window, day 2's all served
      // the key and the token of an hour later expired a day ago: one login and one refresh for the fleet
      expect({ logins: day2.logins, keyLogins: day2.keyLogins, refreshes: day2.refreshes }).toEqual({
        logins: 1,
        keyLogins: 1,
        refreshes: 1,
      });
      expect(day2.refused).toEqual([]);

      // Nothing the emulator enforces was exceeded: no throttled call, no 429, no invalid_grant.
      expect(await emu.control.action('throttle.stats', {})).toEqual({ refused: {} });
      expect(journal.list({}).filter((e) => e.status === 429)).toEqual([]);
      expect(await oauthStats()).toMatchObject({ refreshes: 2, invalidGrants: 0 });

      await Promise.all(workers.map((w) => w.stop()));
      const logs = workers.map((w) => w.stderr.join('')).join('');
      const secrets = [a.consolePassword, a.apiPassword, a.oauthClient.clientSecret, ...emu.store.accessKeys.keys()];
      expect(secrets.filter((s) => logs.includes(s))).toEqual([]);
    }, 240_000);
  },
);
