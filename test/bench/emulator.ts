/**
 * Emulator round-trip cost: sequential GETs over one keep-alive connection through the emulator's full pipeline
 * (body read, fault table, router, gates with throttling switched off, counters) against a bare node:http server answering the same JSON,
 * measured in interleaved rounds in the same run. Figures are ratios (emulator time / baseline time).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@mailup-kit/emulator';
import { runIfMain } from './_standalone.js';

const PATH = '/Bench/Ping';
const PAYLOAD = { ok: true, id: 51234, name: 'Newsletter' };
const REQUESTS_PER_ROUND = 400;
const ROUNDS = 7;

function get(agent: Agent, base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${PATH}`, { agent }, (res) => {
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
    return {
      requestsPerSide: requestsPerRound * rounds,
      rounds,
      emulatorOverBaselineMedian: Number((median(emulatorMs) / median(baselineMs)).toFixed(3)),
      emulatorOverBaselineBest: Number((Math.min(...emulatorMs) / Math.min(...baselineMs)).toFixed(3)),
      allServedByEmulator: served === requestsPerRound * rounds + warmup,
      transport: 'node:http keep-alive, 1 socket, sequential',
    };
  } finally {
    await emulator.close();
    await baseline.close();
  }
}

runIfMain(import.meta.url, run);
