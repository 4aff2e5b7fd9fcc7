/**
 * REST resource client figures (issue 9), each a ratio measured side by side in one run, against an emulator in a
 * child process:
 * - `pipelineOverheadRatio`: median GET `Console/Authentication/Info` through the full RestClient (limiter with a
 *   high ceiling, token cached, model check) ÷ a raw `node:http` keep-alive GET of the same URL (+ `JSON.parse`; raw
 *   axios while the transport was axios), 3,000 calls each, alternating call by call. Target <= 1.10.
 * - `paginateOverheadRatio`: iterating 10,000 subscribed recipients with `for await` ÷ fetching the same pages
 *   with raw `node:http` (and JSON.parse): the median of 15 paired rounds' ratios. Target <= 1.10.
 * - `import1MPeakRssMb` (target < 200; the importing process alone, run as plain JavaScript — the worker is bundled
 *   with esbuild first, so tsx's TypeScript compiler, ~60 MB a user's compiled app never carries, is not counted;
 *   `import1MBaselineRssMb` is the same process before the import starts), `import1MSeconds` and `import1MFloorRatio`:
 *   1,000,000 generated recipients through `rest.recipients.import` ÷ the floor set by the emulator's rate limit for that chunk count (chunks ÷ 5
 *   per second; the emulator enforces the policy, the client's limiter paces to it). Target <= 1.2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { Limiter } from '@mailup-kit/limits';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { rawHttp } from '@mailup-kit/testkit/raw-http';
import { build } from 'esbuild';
import type { BenchFigures } from './_bench-runner.js';
import { type EmulatorChild, emulatorChild, stopChild } from './_emulator-child.js';
import { runIfMain } from './_standalone.js';
import { median } from './_stats.js';

interface Sizes {
  getRounds: number;
  getsPerRound: number;
  pagedRecipients: number;
  pageSize: number;
  pageRounds: number;
  importRecipients: number;
  chunkSize: number;
}

const FULL: Sizes = {
  getRounds: 15,
  getsPerRound: 200,
  pagedRecipients: 10_000,
  pageSize: 500,
  pageRounds: 15,
  importRecipients: 1_000_000,
  chunkSize: 10_000,
};

async function session(child: EmulatorChild, limiter?: Limiter) {
  const oauth = new OAuthClient({ clientId: child.clientId, clientSecret: child.clientSecret, baseUrl: child.url });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(),
    key: 'bench',
    refresh: (rt, signal) => oauth.refresh(rt, signal),
  });
  await tokens.save(await oauth.passwordGrant({ username: child.username, password: child.password }));
  const rest = new RestClient({ tokens, baseUrl: child.url, ...(limiter ? { limiter } : {}) });
  return { rest, tokens, oauth, token: await tokens.getAccessToken() };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

/** GET through the client vs raw node:http, and paging through the iterator vs raw node:http, interleaved rounds. */
async function overheads(sizes: Sizes) {
  const child = await emulatorChild(['--no-throttle', '--recipients', String(sizes.pagedRecipients)]);
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
  const s = await session(child, limiter);
  const http = rawHttp();
  const auth = { authorization: `Bearer ${s.token}`, accept: 'application/json' };
  const path = '/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info';
  const listPath = '/API/v1.1/Rest/ConsoleService.svc/Console/List/1/Recipients/Subscribed';
  try {
    const viaClient = () => s.rest.account.info();
    const viaRaw = async () => JSON.parse((await http.get(`${child.url}${path}`, auth)).data) as unknown;
    // Per-call latencies, the two ways alternating call by call (and which goes first alternating too), so that a
    // drift of the machine (another process, CPU frequency, the emulator's GC) weighs on both alike; the figure is
    // the median GET of each. Averages of 200-call rounds drifted by ±15 % between runs on the same code.
    const calls = sizes.getRounds * sizes.getsPerRound;
    for (let i = 0; i < Math.min(300, calls); i++) {
      await viaClient(); // warm-up
      await viaRaw();
    }
    const client: number[] = [];
    const raw: number[] = [];
    const timed = async (fn: () => Promise<unknown>, into: number[]) => {
      const started = performance.now();
      await fn();
      into.push(performance.now() - started);
    };
    for (let i = 0; i < calls; i++) {
      if (i % 2 === 0) {
        await timed(viaClient, client);
        await timed(viaRaw, raw);
      } else {
        await timed(viaRaw, raw);
        await timed(viaClient, client);
      }
    }
    const pages = Math.ceil(sizes.pagedRecipients / sizes.pageSize);
    const iterate = async () => {
      const started = performance.now();
      let n = 0;
      for await (const _ of s.rest.recipients.subscribed(1, { pageSize: sizes.pageSize })) n++;
      if (n !== sizes.pagedRecipients) throw new Error(`iterated ${n} recipients`);
      return performance.now() - started;
    };
    const fetchPages = async () => {
      const started = performance.now();
      let n = 0;
      for (let p = 0; p < pages; p++) {
        const query = new URLSearchParams({ pageSize: String(sizes.pageSize), pageNumber: String(p) });
        const res = await http.get(`${child.url}${listPath}?${query}`, auth);
        n += (JSON.parse(res.data) as { Items: unknown[] }).Items.length;
      }
      if (n !== sizes.pagedRecipients) throw new Error(`fetched ${n} recipients`);
      return performance.now() - started;
    };
    await iterate();
    await fetchPages();
    // Whole iterations, alternating which goes first; the figure is the median of the paired ratios (each round's
    // iterator time ÷ the same round's raw time), which cancels a drift between rounds.
    const paged: number[] = [];
    const rawPaged: number[] = [];
    const pairedRatios: number[] = [];
    for (let r = 0; r < sizes.pageRounds; r++) {
      let it: number;
      let rawMs: number;
      if (r % 2 === 0) {
        it = await iterate();
        rawMs = await fetchPages();
      } else {
        rawMs = await fetchPages();
        it = await iterate();
      }
      paged.push(it);
      rawPaged.push(rawMs);
      pairedRatios.push(it / rawMs);
    }
    return {
      clientGetMs: median(client),
      rawHttpGetMs: median(raw),
      pipelineOverheadRatio: ratio(median(client), median(raw)),
      iteratorMs: median(paged),
      rawHttpPagesMs: median(rawPaged),
      paginateOverheadRatio: Math.round(median(pairedRatios) * 1000) / 1000,
    };
  } finally {
    s.rest.close();
    s.oauth.close();
    http.close();
    await limiter.close();
    await stopChild(child);
  }
}

/**
 * Runs a TypeScript worker as one plain JavaScript file (bundled by esbuild, the workspace packages from source), so
 * that the process's memory is the worker's own and not tsx's compiler too. Resolves to its standard output.
 */
async function runBundled(worker: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
  try {
    const outfile = join(dir, 'worker.mjs');
    await build({
      entryPoints: [worker],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'warning',
      absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
      // CommonJS dependencies inside an ES module bundle still call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);",
      },
    });
    const { stdout } = await promisify(execFile)(process.execPath, [outfile, ...args], {
      maxBuffer: 1 << 20,
      env: { ...process.env, ...env },
    });
    return stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 1,000,000 generated recipients through `import` in their own process, the emulator enforcing 5 calls/s. */
async function importMillion(sizes: Sizes) {
  const child = await emulatorChild([]);
  try {
    const { process: _p, ...info } = child;
    const worker = fileURLToPath(new URL('./rest-import.worker.ts', import.meta.url));
    // The emulator's credentials go through the environment: a failing child's command line is in its error.
    const out = await runBundled(worker, [String(sizes.importRecipients), String(sizes.chunkSize)], {
      BENCH_EMULATOR: JSON.stringify(info),
    });
    const seen = JSON.parse(out.split('\n').at(-1) ?? '{}') as {
      accepted: number;
      chunks: number;
      seconds: number;
      peakRss: number;
      baselineRss: number;
    };
    if (seen.accepted !== sizes.importRecipients) throw new Error(`accepted ${seen.accepted}`);
    const floorSeconds = seen.chunks / 5;
    return {
      import1MRecipients: sizes.importRecipients,
      import1MChunks: seen.chunks,
      import1MSeconds: Math.round(seen.seconds * 100) / 100,
      import1MFloorSeconds: floorSeconds,
      import1MFloorRatio: ratio(seen.seconds, floorSeconds),
      import1MPeakRssMb: Math.round(seen.peakRss / 1_048_576),
      import1MBaselineRssMb: Math.round(seen.baselineRss / 1_048_576),
    };
  } finally {
    await stopChild(child);
  }
}

/** The figures at the given sizes (tests run tiny sizes; `pnpm bench rest` the full ones). */
export async function measure(sizes: Sizes = FULL): Promise<BenchFigures> {
  return { ...(await overheads(sizes)), ...(await importMillion(sizes)) };
}

export default function run(): Promise<BenchFigures> {
  return measure(FULL);
}

runIfMain(import.meta.url, run);
