/**
 * REST resource client figures (issue 9), each a ratio measured side by side in one run, against an emulator in a
 * child process:
 * - `pipelineOverheadRatio`: median GET `Console/Authentication/Info` through the full RestClient (limiter with a
 *   high ceiling, token cached, model check) ÷ a raw axios GET of the same URL. Target <= 1.10.
 * - `paginateOverheadRatio`: iterating 10,000 subscribed recipients with `for await` ÷ fetching the same pages
 *   with raw axios (and JSON.parse). Target <= 1.10.
 * - `import1MPeakRssMb` (target < 200; the importing process alone), `import1MSeconds` and `import1MFloorRatio`:
 *   1,000,000 generated recipients through `rest.recipients.import` ÷ the floor set by the emulator's rate limit for that chunk count (chunks ÷ 5
 *   per second; the emulator enforces the policy, the client's limiter paces to it). Target <= 1.2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MemoryTokenStore } from '@mailup-kit/core';
import { Limiter } from '@mailup-kit/limits';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { runTsxChild } from '@mailup-kit/testkit/child-process';
import axios from 'axios';
import type { BenchFigures } from './_bench-runner.js';
import { runIfMain } from './_standalone.js';

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
  pageRounds: 7,
  importRecipients: 1_000_000,
  chunkSize: 10_000,
};

interface Child {
  url: string;
  accountId: number;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  process: ChildProcess;
}

async function emulatorChild(args: string[]): Promise<Child> {
  const worker = fileURLToPath(new URL('./rest-emulator.worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator worker exited with ${code}`)));
  });
  return { ...(JSON.parse(first) as Omit<Child, 'process'>), process: child };
}

function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

async function session(child: Child, limiter?: Limiter) {
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

/** GET through the client vs raw axios, and paging through the iterator vs raw axios, interleaved rounds. */
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
  const http = axios.create({
    baseURL: child.url,
    headers: { authorization: `Bearer ${s.token}`, accept: 'application/json' },
  });
  const path = '/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info';
  const listPath = '/API/v1.1/Rest/ConsoleService.svc/Console/List/1/Recipients/Subscribed';
  try {
    const timeGets = async (fn: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < sizes.getsPerRound; i++) await fn();
      return (performance.now() - started) / sizes.getsPerRound;
    };
    const viaClient = () => s.rest.account.info();
    const viaAxios = async () => (await http.get(path)).data;
    await timeGets(viaClient); // warm-up
    await timeGets(viaAxios);
    const client: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < sizes.getRounds; r++) {
      client.push(await timeGets(viaClient));
      raw.push(await timeGets(viaAxios));
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
        const res = await http.get(listPath, {
          params: { pageSize: sizes.pageSize, pageNumber: p },
          transformResponse: (d) => d,
        });
        n += (JSON.parse(res.data as string) as { Items: unknown[] }).Items.length;
      }
      if (n !== sizes.pagedRecipients) throw new Error(`fetched ${n} recipients`);
      return performance.now() - started;
    };
    await iterate();
    await fetchPages();
    const paged: number[] = [];
    const rawPaged: number[] = [];
    for (let r = 0; r < sizes.pageRounds; r++) {
      paged.push(await iterate());
      rawPaged.push(await fetchPages());
    }
    return {
      clientGetMs: median(client),
      axiosGetMs: median(raw),
      pipelineOverheadRatio: ratio(median(client), median(raw)),
      iteratorMs: median(paged),
      axiosPagesMs: median(rawPaged),
      paginateOverheadRatio: ratio(median(paged), median(rawPaged)),
    };
  } finally {
    s.rest.close();
    s.oauth.close();
    await limiter.close();
    await stop(child);
  }
}

/** 1,000,000 generated recipients through `import` in their own process, the emulator enforcing 5 calls/s. */
async function importMillion(sizes: Sizes) {
  const child = await emulatorChild([]);
  try {
    const { process: _p, ...info } = child;
    const worker = fileURLToPath(new URL('./rest-import.worker.ts', import.meta.url));
    const out = await runTsxChild(worker, [
      JSON.stringify(info),
      String(sizes.importRecipients),
      String(sizes.chunkSize),
    ]);
    const seen = JSON.parse(out.split('\n').at(-1) ?? '{}') as {
      accepted: number;
      chunks: number;
      seconds: number;
      peakRss: number;
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
    };
  } finally {
    await stop(child);
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
