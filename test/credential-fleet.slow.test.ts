import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenStore } from '@mailup-kit/core/credentials';
import { FileTokenStore } from '@mailup-kit/core/node';
import { RedisTokenStore } from '@mailup-kit/redis';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The OAuth renewer on the same CredentialCache (TokenManager) is proven across 3 processes on both stores by
// test/oauth-fleet.slow.test.ts against the emulator; this suite proves the fixed-life access-key renewer.
const available = needsProgram(REDIS_SERVER, 'the Redis access-key fleet test') !== undefined;

const WORKERS = 3;
const EXPIRIES = 5;
const CALLS = 10;
const HOUR = 3_600_000;
const worker = fileURLToPath(new URL('./credential-fleet-worker.ts', import.meta.url));

/**
 * The SOAP-style login server of the fleet: counts logins per round and issues keys; its barrier releases a round
 * once every worker has arrived, moving the shared clock one key life (60 minutes) forward per round.
 */
async function startCounterServer(workers: number) {
  let logins = 0;
  let round = 0;
  const perRound: number[] = [0];
  const waiting = new Map<number, Array<() => void>>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const json = JSON.parse(body || '{}') as { now?: number; round?: number };
      const send = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/login') {
        logins++;
        perRound[round] = (perRound[round] ?? 0) + 1;
        send({ key: `key-${logins}`, issuedAt: json.now });
        return;
      }
      const r = json.round ?? 0;
      const list = waiting.get(r) ?? [];
      list.push(() => send({ offsetMs: r * HOUR }));
      waiting.set(r, list);
      if (list.length === workers) {
        round = r;
        perRound[r] ??= 0;
        for (const release of list) release();
        waiting.delete(r);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    perRound,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function runFleet(env: Record<string, string>, open: () => TokenStore): Promise<void> {
  const counter = await startCounterServer(WORKERS);
  try {
    const seed = open();
    const now = Date.now();
    expect(
      (await seed.compareAndSet('soap:fleet', 0, { accessToken: 'key-0', obtainedAt: now, expiresAt: now + HOUR })).ok,
    ).toBe(true);
    await seed.close();
    const outputs = await Promise.all(
      Array.from({ length: WORKERS }, () =>
        runTsxChild(worker, [], {
          env: {
            ...process.env,
            ...env,
            FLEET_SERVER: counter.url,
            FLEET_ROUNDS: String(EXPIRIES + 1),
            FLEET_CALLS: String(CALLS),
          },
        }),
      ),
    );
    // Round 0 uses the seeded key; every later round is one key life later: exactly one re-login per expiry.
    expect(counter.perRound.slice(0, EXPIRIES + 1)).toEqual([0, ...Array(EXPIRIES).fill(1)]);
    const seen = outputs.map((line) => JSON.parse(line) as string[][]);
    for (let round = 0; round <= EXPIRIES; round++) {
      // Every caller of every process got the same key in a round.
      expect(new Set(seen.flatMap((w) => w[round]))).toEqual(new Set([`key-${round}`]));
    }
    const check = open();
    expect((await check.get('soap:fleet'))?.version).toBe(1 + EXPIRIES);
    await check.close();
  } finally {
    await counter.close();
  }
}

describe('3 processes renewing a fixed-life access key through one token file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailup-key-fleet-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('log in again exactly once per expiry (file lock + re-read + compare-and-set)', async () => {
    const path = join(dir, 'tokens.json');
    await runFleet({ FLEET_STORE: 'file', FLEET_TOKEN_FILE: path }, () => new FileTokenStore({ path }));
  });
});

describe.skipIf(!available)('3 processes renewing a fixed-life access key through one Redis store', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('log in again exactly once per expiry (Redis lock + re-read + compare-and-set)', async () => {
    const prefix = 'key-fleet:';
    await runFleet(
      { FLEET_STORE: 'redis', FLEET_REDIS_URL: redis.url, FLEET_PREFIX: prefix },
      () => new RedisTokenStore({ redis: redis.url, prefix }),
    );
  });
});
