/**
 * Emulator round-trip cost: sequential GETs over one keep-alive connection through the emulator's full pipeline
 * (body read, fault table, router, gates with throttling switched off, counters) against a bare node:http server answering the same JSON,
 * measured in interleaved rounds in the same run. Figures are ratios (emulator time / baseline time).
 * `pageOf10kOverPageOf100`: the time of a REST page (20 recipients, `List/{id}/Recipients/Subscribed`) of a
 * 10,000-recipient list over that of a 100-recipient list, interleaved rounds in the same emulator (issue 19:
 * target <= 2; it was ~38 when every page filtered, sorted and serialised the whole list).
 * `journalOverheadRatio`: a REST GET (`Console/User/Lists` with a Bearer token) on an emulator whose request journal
 * is on (the default: redacted, capped bodies in the ring buffer) over the same GET on one with `journal: { enabled:
 * false }`, paired rounds interleaved in the same run, the order alternating each round; the figure is the median of
 * the pairs' ratios (issue 20: target <= 1.05).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { runIfMain } from './_standalone.js';

const PATH = '/Bench/Ping';
const PAYLOAD = { ok: true, id: 51234, name: 'Newsletter' };
const REQUESTS_PER_ROUND = 400;
const ROUNDS = 7;

function get(agent: Agent, base: string, path = PATH, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function round(base: string, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) await get(agent, base);
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}

async function startBaseline(): Promise<{ base: string; close(): Promise<void> }> {
  const body = JSON.stringify(PAYLOAD);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Sizes of a measurement (the defaults are the benchmark's; tests use small ones). */
export interface EmulatorBenchOptions {
  requestsPerRound?: number;
  rounds?: number;
  /** Pages read per list per round of the paging figure (default 40). */
  pagesPerRound?: number;
  /** Paired rounds of the journal figure (default 31, of requestsPerRound / 2 GETs per side). */
  journalRounds?: number;
}

const BIG_LIST = 10_000;
const SMALL_LIST = 100;
const PAGE = '/API/v1.1/Rest/ConsoleService.svc/Console/List/{id}/Recipients/Subscribed?pageSize=20&pageNumber=';

/** Seeds list 1 with 10,000 subscribed recipients and list 2 with 100 of them; pages both in interleaved rounds. */
async function pagingRatio(emulator: RunningEmulator, rounds: number, pagesPerRound: number): Promise<number> {
  const data = emulator.store.account(emulator.store.seeded.id);
  for (let i = 0; i < BIG_LIST; i++) {
    const r = data.upsertRecipient({ email: `bench${i}@example.com` }, { name: `Bench ${i}` });
    data.setSubscription(1, r.id, 'subscribed', 0);
    if (i < SMALL_LIST) data.setSubscription(2, r.id, 'subscribed', 0);
  }
  const headers = { authorization: `Bearer ${await passwordToken(emulator)}` };
  const pages = async (list: number, first: number) => {
    const count = (list === 1 ? BIG_LIST : SMALL_LIST) / 20;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const started = performance.now();
      for (let i = 0; i < pagesPerRound; i++) {
        await get(agent, emulator.urls.http, `${PAGE.replace('{id}', String(list))}${(first + i) % count}`, headers);
      }
      return performance.now() - started;
    } finally {
      agent.destroy();
    }
  };
  await pages(1, 0);
  await pages(2, 0);
  const big: number[] = [];
  const small: number[] = [];
  for (let i = 0; i < rounds; i++) {
    big.push(await pages(1, 100 + i * pagesPerRound));
    small.push(await pages(2, i));
  }
  return Number((median(big) / median(small)).toFixed(3));
}

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';

/** A REST GET with the journal on over the same GET with it off: two emulators, paired interleaved rounds. */
async function journalRatio(rounds: number, requestsPerRound: number): Promise<number> {
  const on = await startEmulator();
  const off = await startEmulator({ journal: { enabled: false } });
  try {
    const sides = await Promise.all(
      [on, off].map(async (emulator) => {
        if (emulator.control.actions().includes('throttle.enabled')) {
          await emulator.control.action('throttle.enabled', { enabled: false });
        }
        return { base: emulator.urls.http, headers: { authorization: `Bearer ${await passwordToken(emulator)}` } };
      }),
    );
    const timed = async (side: { base: string; headers: Record<string, string> }, count: number) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const started = performance.now();
        for (let i = 0; i < count; i++) await get(agent, side.base, LISTS, side.headers);
        return performance.now() - started;
      } finally {
        agent.destroy();
      }
    };
    const [withJournal, without] = sides as [(typeof sides)[0], (typeof sides)[0]];
    await timed(withJournal, Math.min(100, requestsPerRound));
    await timed(without, Math.min(100, requestsPerRound));
    const onMs: number[] = [];
    const offMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        onMs.push(await timed(withJournal, requestsPerRound));
        offMs.push(await timed(without, requestsPerRound));
      } else {
        offMs.push(await timed(without, requestsPerRound));
        onMs.push(await timed(withJournal, requestsPerRound));
      }
    }
    const kept = on.control.journal.count({ operation: 'rest:GET Console/User/Lists' });
    if (kept === 0 || off.control.journal.count() !== 0) throw new Error('journal bench: the journal was not on/off');
    // Each pair ran back to back, so it shares the machine's load: the median of the pairs' ratios.
    return Number(median(onMs.map((on, i) => on / (offMs[i] as number))).toFixed(3));
  } finally {
    await on.close();
    await off.close();
  }
}

/** Runs the benchmark and returns its figures. */
export default function run(): Promise<Record<string, number | string | boolean>> {
  return measure();
}

/** Measures emulator and baseline in interleaved rounds; ratios > 1 mean the emulator is slower. */
export async function measure(options: EmulatorBenchOptions = {}): Promise<Record<string, number | string | boolean>> {
  const requestsPerRound = options.requestsPerRound ?? REQUESTS_PER_ROUND;
  const rounds = options.rounds ?? ROUNDS;
  const warmup = Math.min(100, requestsPerRound);
  const emulator = await startEmulator({
    modules: [
      {
        name: 'bench',
        install: (ctx) =>
          ctx.route('GET', PATH, { protocol: 'rest', operation: 'BenchPing' }, () => ({ status: 200, json: PAYLOAD })),
      },
    ],
  });
  // The throttle gate would (rightly) refuse thousands of REST calls a second: measure the pipeline, not the policy.
  if (emulator.control.actions().includes('throttle.enabled')) {
    await emulator.control.action('throttle.enabled', { enabled: false });
  }
  const baseline = await startBaseline();
  try {
    await round(emulator.urls.http, warmup);
    await round(baseline.base, warmup);
    const emulatorMs: number[] = [];
    const baselineMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      emulatorMs.push(await round(emulator.urls.http, requestsPerRound));
      baselineMs.push(await round(baseline.base, requestsPerRound));
    }
    const served = emulator.control.counters()['rest BenchPing'] ?? 0;
    const pageOf10kOverPageOf100 = await pagingRatio(emulator, rounds, options.pagesPerRound ?? 40);
    const journalOverheadRatio = await journalRatio(
      options.journalRounds ?? 31,
      Math.max(1, Math.round(requestsPerRound / 2)),
    );
    return {
      requestsPerSide: requestsPerRound * rounds,
      rounds,
      emulatorOverBaselineMedian: Number((median(emulatorMs) / median(baselineMs)).toFixed(3)),
      emulatorOverBaselineBest: Number((Math.min(...emulatorMs) / Math.min(...baselineMs)).toFixed(3)),
      allServedByEmulator: served === requestsPerRound * rounds + warmup,
      pageOf10kOverPageOf100,
      journalOverheadRatio,
      transport: 'node:http keep-alive, 1 socket, sequential',
    };
  } finally {
    await emulator.close();
    await baseline.close();
  }
}

runIfMain(import.meta.url, run);
