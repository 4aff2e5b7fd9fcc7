/**
 * Limits: how close the limiter runs to MailUp's REST limit (5 calls/s per method) without a single server 429,
 * against the emulator enforcing the policy server-side, measured side by side in one run:
 * - `utilization`: 300 calls through the limiter (memory store); achieved steady rate ÷ allowed rate.
 * - `naive429`: the same 300 calls without a limiter (the baseline): how many the server refuses.
 * - `fleetUtilization` / `fleet429`: 4 processes sharing one Redis store (a real redis-server on a free port).
 * - `reserveOverheadUs*`: median cost of one reservation through the Limiter (memory, Redis on loopback), beside a
 *   baseline in the same run (an awaited no-op; a Redis PING round trip), reported as ratios too.
 * - `busyKeyCostRatio`: reserve + settle on a key with ~20,000 live entries (a no-ceiling row) ÷ the same on an idle
 *   5/s key, same run. Target <= 2: the log is never scanned or copied per call.
 */
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@mailup-kit/core';
import { startEmulator } from '@mailup-kit/emulator';
import { type LimitedCall, Limiter } from '@mailup-kit/limits';
import { RedisQuotaStore } from '@mailup-kit/redis';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { hasRedisServer, startRedis } from '@mailup-kit/testkit/redis-server';
import { runIfMain } from './_standalone.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
const CALL: LimitedCall = { protocol: 'rest', operation: 'GET Console/User/Lists' };
const CALLS = 300;
const ALLOWED_PER_S = 5;
const CONCURRENCY = 10;
const WORKERS = 4;

/** Steady rate from send times: calls after the first burst ÷ time from first to last send, ÷ allowed. */
function utilization(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  const span = ((sorted[sorted.length - 1] as number) - (sorted[0] as number)) / 1000;
  return Number(((sorted.length - ALLOWED_PER_S) / span / ALLOWED_PER_S).toFixed(4));
}

async function callsThrough(
  base: string,
  token: string,
  limiter: Limiter | undefined,
): Promise<{ starts: number[]; statuses: number[] }> {
  const starts: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const once = async () => {
    starts.push(Date.now());
    const res = await fetch(`${base}${LISTS}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status;
  };
  const lane = async () => {
    while (next < CALLS) {
      next++;
      statuses.push(limiter ? await limiter.run(CALL, once) : await once());
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { starts, statuses };
}

async function runWorker(env: Record<string, string>): Promise<{ starts: number[]; statuses: number[] }> {
  const worker = fileURLToPath(new URL('./limits-fleet.worker.ts', import.meta.url));
  const out = await runTsxChild(worker, [], { env: { ...process.env, ...env } });
  return JSON.parse(out.split('\n').pop() ?? '{}');
}

/** A bare RESP PING over one connection: the round-trip baseline for the Redis reservation. */
async function pinger(port: number): Promise<{ ping(): Promise<void>; close(): void }> {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => resolve());
  });
  let waiting: (() => void) | undefined;
  socket.on('data', () => waiting?.());
  return {
    ping: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
        socket.write('PING\r\n');
      }),
    close: () => socket.destroy(),
  };
}

/** A clock that moves `stepMs` per reading (default 300 ms: every reservation of a 5/s key succeeds, no waits). */
function steppingClock(stepMs = 300): Clock {
  let now = Date.UTC(2026, 0, 1);
  return {
    now: () => {
      now += stepMs;
      return now;
    },
    sleep: async () => {},
  };
}

async function medianUs(rounds: number, perRound: number, fn: () => Promise<unknown>): Promise<number> {
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) await fn();
    perCall.push(Number(process.hrtime.bigint() - started) / 1000 / perRound);
  }
  perCall.sort((a, b) => a - b);
  return Number((perCall[Math.floor(perCall.length / 2)] as number).toFixed(2));
}

/** Runs the benchmark and returns its figures. */
export default async function run(): Promise<Record<string, number | string | boolean>> {
  const figures: Record<string, number | string | boolean> = { calls: CALLS, allowedPerSecond: ALLOWED_PER_S };

  // Overhead of one reservation (memory), beside an awaited no-op.
  const memoryLimiter = new Limiter({ clock: steppingClock(), account: 51234 });
  const noop = async () => {};
  await medianUs(3, 2000, () => memoryLimiter.acquire(CALL));
  figures.reserveOverheadUsMemory = await medianUs(15, 5000, () => memoryLimiter.acquire(CALL));
  figures.noopAwaitUs = await medianUs(15, 5000, noop);
  await memoryLimiter.close();

  // A busy key: a row with no real ceiling (1e9 calls/s, as a "limiter that never waits" is configured) and a
  // clock moving 0.05 ms per reading, so about 20,000 reservations are live in its window and 20,000 more are kept
  // for a clock that goes back. Its per-call cost ÷ the idle 5/s key's above: the log must not be scanned or
  // copied per call (it was, costing ~50 µs per call at a realistic 700 calls/s). Target <= 2.
  const busyLimiter = new Limiter({
    clock: steppingClock(0.05),
    account: 51234,
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
  const busyCall = async () => (await busyLimiter.acquire(CALL)).settle();
  await medianUs(3, 40_000, busyCall);
  figures.reserveSettleUsBusyKey = await medianUs(15, 5000, busyCall);
  const idleLimiter = new Limiter({ clock: steppingClock(), account: 51234 });
  const idleCall = async () => (await idleLimiter.acquire(CALL)).settle();
  await medianUs(3, 2000, idleCall);
  figures.reserveSettleUsIdleKey = await medianUs(15, 5000, idleCall);
  figures.busyKeyCostRatio = Number(
    ((figures.reserveSettleUsBusyKey as number) / (figures.reserveSettleUsIdleKey as number)).toFixed(3),
  );
  await busyLimiter.close();
  await idleLimiter.close();

  // Limiter vs. naive, each against a fresh emulator enforcing 5/s.
  for (const mode of ['limited', 'naive'] as const) {
    const emulator = await startEmulator();
    try {
      const token = await passwordToken(emulator);
      const limiter = mode === 'limited' ? new Limiter({ account: 51234, maxWaitMs: 120_000 }) : undefined;
      const { starts, statuses } = await callsThrough(emulator.urls.http, token, limiter);
      await limiter?.close();
      const refused = statuses.filter((s) => s === 429).length;
      if (mode === 'limited') {
        figures.utilization = utilization(starts);
        figures.server429 = refused;
      } else {
        figures.naive429 = refused;
        figures.naiveServed = statuses.filter((s) => s === 200).length;
      }
    } finally {
      await emulator.close();
    }
  }

  if (!hasRedisServer()) {
    figures.fleetSkipped = 'no redis-server on the PATH';
    return figures;
  }
  const redis = await startRedis();
  try {
    // Overhead of one reservation on Redis (loopback), beside a PING round trip.
    const store = new RedisQuotaStore({ redis: redis.url, clock: steppingClock() });
    const redisLimiter = new Limiter({ store, account: 51234 });
    const ping = await pinger(redis.port);
    await medianUs(3, 300, () => redisLimiter.acquire(CALL));
    // Interleaved rounds, so both sides see the same machine load.
    const reserveRounds: number[] = [];
    const pingRounds: number[] = [];
    for (let r = 0; r < 11; r++) {
      reserveRounds.push(await medianUs(1, 500, () => redisLimiter.acquire(CALL)));
      pingRounds.push(await medianUs(1, 500, () => ping.ping()));
    }
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    figures.reserveOverheadUsRedis = mid(reserveRounds);
    figures.redisPingUs = mid(pingRounds);
    figures.redisReserveOverPing = Number(
      ((figures.reserveOverheadUsRedis as number) / (figures.redisPingUs as number)).toFixed(3),
    );
    ping.close();
    await store.close();

    // The fleet: 4 processes sharing the Redis store, all calling one emulator.
    const emulator = await startEmulator();
    try {
      const token = await passwordToken(emulator);
      const results = await Promise.all(
        Array.from({ length: WORKERS }, () =>
          runWorker({
            EMULATOR_URL: emulator.urls.http,
            TOKEN: token,
            REDIS_URL: redis.url,
            CALLS: String(CALLS / WORKERS),
            CONCURRENCY: '3',
          }),
        ),
      );
      const starts = results.flatMap((r) => r.starts);
      const statuses = results.flatMap((r) => r.statuses);
      figures.fleetWorkers = WORKERS;
      figures.fleetCalls = statuses.length;
      figures.fleetUtilization = utilization(starts);
      figures.fleet429 = statuses.filter((s) => s === 429).length;
    } finally {
      await emulator.close();
    }
  } finally {
    await redis.stop();
  }
  figures.utilizationTargetMet = (figures.utilization as number) >= 0.97 && figures.server429 === 0;
  figures.fleetTargetMet = (figures.fleetUtilization as number) >= 0.95 && figures.fleet429 === 0;
  figures.overheadTargetsMet =
    (figures.reserveOverheadUsMemory as number) < 20 &&
    (figures.reserveOverheadUsRedis as number) < 1000 &&
    (figures.busyKeyCostRatio as number) <= 2;
  return figures;
}

runIfMain(import.meta.url, run);
