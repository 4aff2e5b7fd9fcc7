import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { RedisTokenStore } from '@mailup-kit/redis';
import { FileTokenStore, OAuthClient, TokenManager } from '@mailup-kit/rest';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the Redis OAuth fleet test') !== undefined;

const WORKERS = 3;
const EXPIRIES = 5;
const CALLS_PER_WORKER = 10;
const worker = fileURLToPath(new URL('./oauth-fleet-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

interface Reply {
  round: number;
  ok: number;
  errors: string[];
  reauth: string[];
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

  round(round: number, calls: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push(resolve);
      this.child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${this.stderr.join('')}`)));
      this.child.stdin!.write(`${JSON.stringify({ round, calls })}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.write(`${JSON.stringify({ round: -1, calls: 0 })}\n`);
    this.child.stdin!.end();
    await exited;
  }
}

interface FleetStore {
  env: Record<string, string>;
  open(): TokenStore;
}

/** Seeds the store with one login, runs 3 workers through 5 expiries, checks one refresh per expiry. */
async function runFleet(emu: RunningEmulator, store: FleetStore, workers: Worker[]): Promise<void> {
  const a = emu.store.seeded;
  // Log in once (the password is used here and never reaches the workers) and seed the shared store.
  const seedStore = store.open();
  const oauth = new OAuthClient({
    clientId: a.oauthClient.clientId,
    clientSecret: a.oauthClient.clientSecret,
    baseUrl: emu.urls.http,
  });
  const login = new TokenManager({
    store: seedStore,
    key: 'fleet',
    refresh: () => Promise.reject(new Error('unused')),
  });
  await login.save(await oauth.passwordGrant({ username: a.consoleUser, password: a.consolePassword }));
  oauth.close();
  await seedStore.close();

  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      new Worker(
        spawn(process.execPath, ['--import', 'tsx', worker], {
          cwd: root,
          stdio: ['pipe', 'pipe', 'pipe'],
          env: {
            ...process.env,
            ...store.env,
            FLEET_BASE_URL: emu.urls.http,
            FLEET_CLIENT_ID: a.oauthClient.clientId,
            FLEET_CLIENT_SECRET: a.oauthClient.clientSecret,
          },
        }),
      ),
    );
  }
  const stats = async () => (await emu.control.action('oauth.stats')) as { refreshes: number; invalidGrants: number };
  const runRound = async (round: number) => {
    const replies = await Promise.all(workers.map((w) => w.round(round, CALLS_PER_WORKER)));
    for (const reply of replies) {
      expect(reply.errors).toEqual([]);
      expect(reply.ok).toBe(CALLS_PER_WORKER);
      expect(reply.reauth).toEqual([]);
    }
  };

  await runRound(0); // warm-up: everybody uses the seeded token
  expect((await stats()).refreshes).toBe(0);
  for (let expiry = 1; expiry <= EXPIRIES; expiry++) {
    // Through the HTTP control API, as an outside test driver would.
    const moved = await fetch(`${emu.urls.http}/__emulator/control/clock.advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 3_600_000 }),
    });
    expect(moved.status).toBe(200);
    await runRound(expiry);
    const now = await stats();
    expect({ expiry, refreshes: now.refreshes, invalidGrants: now.invalidGrants }).toEqual({
      expiry,
      refreshes: expiry,
      invalidGrants: 0,
    });
  }
  const check = store.open();
  expect((await check.get('fleet'))?.version).toBe(1 + EXPIRIES);
  await check.close();

  // The workers logged every refresh; none of their lines holds a secret or a token.
  await Promise.all(workers.map((w) => w.stop()));
  const logs = workers.map((w) => w.stderr.join('')).join('');
  expect(logs).toMatch(/OAuth tokens refreshed/);
  const oauthTables = emu.store.oauth;
  const secrets = [
    a.consolePassword,
    a.oauthClient.clientSecret,
    ...oauthTables.accessTokens.keys(),
    ...oauthTables.refreshTokens.keys(),
  ];
  expect(secrets.filter((s) => logs.includes(s))).toEqual([]);
}

describe.skipIf(!available)('3 processes sharing a real Redis token store', () => {
  let redis: TestRedis;
  let emu: RunningEmulator;
  const workers: Worker[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startEmulator();
    await emu.control.action('throttle.enabled', { enabled: false }); // this suite counts refreshes, not rates
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await emu?.close();
    await redis?.stop();
  });

  it('go through 5 expiries with exactly one refresh per expiry and no invalid_grant', async () => {
    const prefix = 'fleet:';
    await runFleet(
      emu,
      {
        env: { FLEET_STORE: 'redis', FLEET_REDIS_URL: redis.url, FLEET_PREFIX: prefix },
        open: () => new RedisTokenStore({ redis: redis.url, prefix }),
      },
      workers,
    );
  });
});

describe('3 processes sharing one token file', () => {
  let emu: RunningEmulator;
  let dir: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    await emu.control.action('throttle.enabled', { enabled: false });
    dir = mkdtempSync(join(tmpdir(), 'mailup-fleet-'));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('go through 5 expiries with exactly one refresh per expiry (file lock + re-read + CAS)', async () => {
    const path = join(dir, 'tokens.json');
    await runFleet(
      emu,
      { env: { FLEET_STORE: 'file', FLEET_TOKEN_FILE: path }, open: () => new FileTokenStore({ path }) },
      workers,
    );
  });
});
