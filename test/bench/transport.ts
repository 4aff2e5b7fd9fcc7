/**
 * Transport figures (issue 17), each a ratio measured side by side in one run against one emulator in a child
 * process (throttling off), in paired rounds (the ways alternate within a round, the first one rotating; each
 * figure is the median of the rounds' ratios, which cancels a drift of the machine between rounds; the REST client,
 * its axios-adapter twin, bare node:http and the two undici baselines alternate call by call inside a round):
 * - `restGetVsCurl`: per-call time of sequential `GET Console/User/Lists` through the full `RestClient` ÷ the same
 *   GETs by one `curl` process on one keep-alive connection (`curl -K` reading a config of the URLs). Target <= 1.2.
 * - `restGetVsNodeHttp`: the same ÷ bare `node:http` keep-alive + `JSON.parse`. Target <= 1.1.
 * - `axiosAdapterRatio`: the RestClient on the axios adapter (`@mailup-kit/core/axios`) ÷ on the default undici
 *   transport. Reported, no target.
 * - The floor, in the same interleaving: undici itself on a keep-alive `Pool` doing the same GET + `JSON.parse`,
 *   through `pool.request()` (`undiciRequestGetMs`) and through `pool.dispatch()` with a bare handler that only
 *   collects the chunks (`undiciDispatchGetMs`, no streams: what our transport is built on).
 *   `restGetVsUndiciDispatch` is the RestClient ÷ the bare dispatch (what our whole stack costs above the engine),
 *   `undiciDispatchVsCurl` the bare dispatch ÷ curl (where the engine itself stands).
 * - `soapGetListsVsRawPost`: `SoapClient.getLists()` ÷ a raw POST of the same envelope through core's
 *   `HttpTransport` plus decoding the result. Target <= 1.3.
 * `curlAvailable` is false (and the curl figure absent) where `curl` is not installed.
 * - `restGetVsPythonRequests`: the same ÷ Python `requests` on one `Session` (mailupy's engine), each answer parsed,
 *   timed inside Python, in blocks alternating before / after the in-process ways. A peer figure, reported;
 *   `pythonRequestsAvailable` is false (and the figure absent) where /usr/bin/python3 has no `requests`.
 * - `soapGetListsVsPhpSoapClient`: `SoapClient.getLists()` ÷ PHP's own `SoapClient` (the ext-soap a PHP integration
 *   uses, MailUp's official PHP sample included) calling `GetLists` on the same emulator from the service's WSDL and
 *   reading the list ids out of the result's XML with `preg_match_all` (Debian's php-cli has no XML parser
 *   without php-xml; ours decodes every field, so the figure favours PHP), timed inside PHP (its start, WSDL load and login excluded),
 *   in alternating blocks. A peer figure, reported (no target); `phpSoapAvailable` is false (and the figure absent)
 *   where `php` with ext-soap is not installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { axiosTransport } from '@mailup-kit/core/axios';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { HttpTransport } from '@mailup-kit/core/node';
import { OAuthClient, RestClient, TokenManager } from '@mailup-kit/rest';
import { SoapClient, soapResult } from '@mailup-kit/soap';
import { type Dispatcher, Pool } from 'undici';
import type { BenchFigures } from './_bench-runner.js';
import { type EmulatorChild, emulatorChild, stopChild } from './_emulator-child.js';
import { runIfMain } from './_standalone.js';
import { median, round3 } from './_stats.js';

export interface TransportBenchSizes {
  /** Sequential REST GETs per way per round. */
  calls: number;
  rounds: number;
  /** Sequential SOAP GetLists per way per round. */
  soapCalls: number;
  soapRounds: number;
}

const FULL: TransportBenchSizes = { calls: 1_000, rounds: 7, soapCalls: 200, soapRounds: 7 };

/** Runs `ways` in paired rounds; returns each way's per-call ms per round. */
async function pairedRounds(
  ways: Record<string, () => Promise<number>>,
  rounds: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(ways);
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) await (ways[name] as () => Promise<number>)(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length] as string;
      (out[name] as number[]).push(await (ways[name] as () => Promise<number>)());
    }
  }
  return out;
}

function pairedRatio(a: number[], b: number[]): number {
  return round3(median(a.map((value, i) => value / (b[i] as number))));
}

async function restFigures(child: EmulatorChild, sizes: TransportBenchSizes): Promise<BenchFigures> {
  const oauth = new OAuthClient({ clientId: child.clientId, clientSecret: child.clientSecret, baseUrl: child.url });
  const tokens = new TokenManager({
    store: new MemoryTokenStore(),
    key: 'bench',
    refresh: (rt, s) => oauth.refresh(rt, s),
  });
  await tokens.save(await oauth.passwordGrant({ username: child.username, password: child.password }));
  const token = await tokens.getAccessToken();
  const rest = new RestClient({ tokens, baseUrl: child.url });
  const viaAxios = new RestClient({
    tokens,
    baseUrl: child.url,
    transport: axiosTransport(undefined, { protocol: 'rest' }),
  });
  const path = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-transport-'));
  const curlConfig = join(dir, 'curl.conf');
  // The token goes in a private file, never on a command line.
  writeFileSync(
    curlConfig,
    `header = "authorization: Bearer ${token}"\nheader = "accept: application/json"\nsilent\n${`url = "${child.url}${path}"\noutput = "/dev/null"\n`.repeat(sizes.calls)}`,
    { mode: 0o600 },
  );
  const curlAvailable = await promisify(execFile)('curl', ['--version']).then(
    () => true,
    () => false,
  );
  // mailupy's engine: Python requests, one Session (keep-alive), each answer parsed with .json(); timed inside
  // Python (its start excluded). The token and URL go in a private file.
  const requestsConfig = join(dir, 'requests.json');
  writeFileSync(requestsConfig, JSON.stringify({ url: `${child.url}${path}`, token, calls: sizes.calls }), {
    mode: 0o600,
  });
  const requestsScript = join(dir, 'requests_peer.py');
  writeFileSync(requestsScript, REQUESTS_PEER, { mode: 0o600 });
  const requestsAvailable = await promisify(execFile)(PYTHON, ['-c', 'import requests']).then(
    () => true,
    () => false,
  );
  // The floor: undici without our layers, on its own keep-alive pool (one per way, like every other way).
  const pool = new Pool(child.url);
  const dispatchPool = new Pool(child.url);
  const undiciHeaders = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const undiciRequest = async () => {
    const res = await pool.request({ origin: child.url, path, method: 'GET', headers: undiciHeaders });
    return JSON.parse(await res.body.text());
  };
  const undiciDispatch = () =>
    new Promise<unknown>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const handler = {
        onConnect: () => {},
        onHeaders: () => true,
        onData: (chunk: Buffer) => {
          chunks.push(chunk);
          return true;
        },
        onComplete: () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))),
        onError: reject,
      };
      dispatchPool.dispatch(
        { origin: child.url, path, method: 'GET', headers: undiciHeaders },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    });
  const nodeGet = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = http.get(
        `${child.url}${path}`,
        { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  try {
    // The in-process ways alternate call by call (the first one rotating), so a drift of the shared machine weighs
    // on all of them alike; curl (one process for all the calls) runs as a block before or after them, alternating
    // by round.
    const calls = [() => rest.userLists(), () => viaAxios.userLists(), nodeGet, undiciRequest, undiciDispatch];
    const inProcess = async (): Promise<number[]> => {
      const totals = calls.map(() => 0);
      for (let i = 0; i < sizes.calls; i++) {
        for (let k = 0; k < calls.length; k++) {
          const j = (i + k) % calls.length;
          const started = performance.now();
          await (calls[j] as () => Promise<unknown>)();
          totals[j] = (totals[j] as number) + (performance.now() - started);
        }
      }
      return totals.map((total) => total / sizes.calls);
    };
    const curl = async () => {
      const started = performance.now();
      await promisify(execFile)('curl', ['-K', curlConfig], { maxBuffer: 1 << 20 });
      return (performance.now() - started) / sizes.calls;
    };
    const requests = async () =>
      Number((await promisify(execFile)(PYTHON, [requestsScript, requestsConfig])).stdout.trim());
    await inProcess(); // warm-up
    if (curlAvailable) await curl();
    if (requestsAvailable) await requests();
    const ms = {
      client: [] as number[],
      axios: [] as number[],
      nodeHttp: [] as number[],
      undiciRequest: [] as number[],
      undiciDispatch: [] as number[],
      curl: [] as number[],
      requests: [] as number[],
    };
    for (let r = 0; r < sizes.rounds; r++) {
      if (curlAvailable && r % 2 === 1) ms.curl.push(await curl());
      if (requestsAvailable && r % 2 === 0) ms.requests.push(await requests());
      const [client, axios, nodeHttp, undiciRequest, undiciDispatch] = (await inProcess()) as [
        number,
        number,
        number,
        number,
        number,
      ];
      ms.client.push(client);
      ms.axios.push(axios);
      ms.nodeHttp.push(nodeHttp);
      ms.undiciRequest.push(undiciRequest);
      ms.undiciDispatch.push(undiciDispatch);
      if (curlAvailable && r % 2 === 0) ms.curl.push(await curl());
      if (requestsAvailable && r % 2 === 1) ms.requests.push(await requests());
    }
    // requests ran in every round (before or after the in-process ways): pair it with the client's same round
    const clientBy = ms.client.slice(0, ms.requests.length);
    return {
      restClientGetMs: round3(median(ms.client)),
      restAxiosAdapterGetMs: round3(median(ms.axios)),
      nodeHttpGetMs: round3(median(ms.nodeHttp)),
      undiciRequestGetMs: round3(median(ms.undiciRequest)),
      undiciDispatchGetMs: round3(median(ms.undiciDispatch)),
      curlAvailable,
      ...(curlAvailable
        ? {
            curlGetMs: round3(median(ms.curl)),
            restGetVsCurl: pairedRatio(ms.client, ms.curl),
            undiciDispatchVsCurl: pairedRatio(ms.undiciDispatch, ms.curl),
          }
        : {}),
      pythonRequestsAvailable: requestsAvailable,
      ...(requestsAvailable
        ? {
            pythonRequestsGetMs: round3(median(ms.requests)),
            restGetVsPythonRequests: pairedRatio(clientBy, ms.requests),
          }
        : {}),
      restGetVsNodeHttp: pairedRatio(ms.client, ms.nodeHttp),
      restGetVsUndiciDispatch: pairedRatio(ms.client, ms.undiciDispatch),
      axiosAdapterRatio: pairedRatio(ms.axios, ms.client),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
    await Promise.all([pool.destroy(), dispatchPool.destroy()]);
    rest.close();
    viaAxios.close();
    oauth.close();
  }
}

async function soapFigures(sizes: TransportBenchSizes): Promise<BenchFigures> {
  // The SOAP side logs in with the API user: an in-process emulator's seeded account has one.
  const { startEmulator } = await import('@mailup-kit/emulator');
  const emulator = await startEmulator();
  const transport = new HttpTransport({ protocol: 'soap' });
  try {
    await emulator.control.action('throttle.enabled', { enabled: false });
    const { apiUser, apiPassword } = emulator.store.seeded;
    const soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http });
    await soap.getLists(); // login + the service built
    const key = soap.session.current() as string;
    const url = `${emulator.urls.http}/MailupSend.asmx`;
    const envelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetLists xmlns="http://services.mailupnet.it/WS"><accessKey>${key}</accessKey></GetLists></soap:Body></soap:Envelope>`;
    const headers = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"http://services.mailupnet.it/WS/GetLists"',
    };
    const raw = async () => {
      const res = await transport.send({ method: 'POST', url, headers, body: envelope });
      const text = String(res.body);
      const start = text.indexOf('<GetListsResult>');
      const end = text.indexOf('</GetListsResult>');
      const inner = text
        .slice(start + '<GetListsResult>'.length, end)
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&amp;', '&');
      soapResult(inner, 'GetLists');
    };
    const timed = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < sizes.soapCalls; i++) await call();
      return (performance.now() - started) / sizes.soapCalls;
    };
    const ms = await pairedRounds(
      { ours: () => timed(() => soap.getLists()), raw: () => timed(raw) },
      sizes.soapRounds,
    );
    const php = await phpSoapPeer(emulator.urls.http, apiUser, apiPassword, sizes);
    const peer = php
      ? await pairedRounds({ ours: () => timed(() => soap.getLists()), php: php.block }, sizes.soapRounds).finally(
          php.close,
        )
      : undefined;
    await soap.close();
    return {
      soapGetListsMs: round3(median(ms.ours as number[])),
      soapRawPostMs: round3(median(ms.raw as number[])),
      soapGetListsVsRawPost: pairedRatio(ms.ours as number[], ms.raw as number[]),
      phpSoapAvailable: peer !== undefined,
      ...(peer
        ? {
            phpSoapClientGetListsMs: round3(median(peer.php as number[])),
            soapGetListsVsPhpSoapClient: pairedRatio(peer.ours as number[], peer.php as number[]),
          }
        : {}),
    };
  } finally {
    transport.close();
    await emulator.close();
  }
}

/** Debian's Python (what `.ci/run` installs python3-requests for). */
const PYTHON = '/usr/bin/python3';

/** Python requests (mailupy's engine): N sequential GETs on one Session, each answer parsed; ms per call. */
const REQUESTS_PEER = `import json, sys, time
import requests
config = json.load(open(sys.argv[1]))
session = requests.Session()
session.headers.update({'authorization': 'Bearer ' + config['token'], 'accept': 'application/json'})
started = time.perf_counter()
for _ in range(config['calls']):
    response = session.get(config['url'])
    response.raise_for_status()
    response.json()
print((time.perf_counter() - started) * 1000 / config['calls'])
`;

/** PHP ext-soap's `SoapClient`: N sequential GetLists from the WSDL after one Login, timed inside PHP (ms per call). */
const PHP_SOAP_PEER = `<?php
// The WSDL, the API user, its password and the console host come from a private file, never a command line.
['wsdl' => $wsdl, 'user' => $user, 'password' => $password, 'host' => $host, 'calls' => $calls] =
  json_decode(file_get_contents($argv[1]), true);
$client = new SoapClient($wsdl, ['cache_wsdl' => WSDL_CACHE_NONE, 'keep_alive' => true]);
$login = $client->Login(['user' => $user, 'pwd' => $password, 'url' => $host])->LoginResult;
if (!preg_match('~<accessKey>([^<]+)</accessKey>~', $login, $m)) { fwrite(STDERR, "login failed\\n"); exit(1); }
$started = hrtime(true);
for ($i = 0; $i < $calls; $i++) {
  $result = $client->GetLists(['accessKey' => $m[1]])->GetListsResult;
  if (!preg_match_all('~<listID>(\\d+)</listID>~', $result, $ids)) { fwrite(STDERR, "no list\\n"); exit(1); }
}
echo (hrtime(true) - $started) / 1e6 / $calls, "\\n";
`;

/** A timed block of the PHP peer, or undefined where `php` with ext-soap is not installed. */
async function phpSoapPeer(
  http: string,
  user: string,
  password: string,
  sizes: TransportBenchSizes,
): Promise<{ block: () => Promise<number>; close: () => void } | undefined> {
  const run = promisify(execFile);
  const ok = await run('php', ['-r', 'exit(class_exists("SoapClient") ? 0 : 1);']).then(
    () => true,
    () => false,
  );
  if (!ok) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-php-soap-'));
  const script = join(dir, 'peer.php');
  writeFileSync(script, PHP_SOAP_PEER, { mode: 0o600 });
  const config = join(dir, 'peer.json');
  const host = http.split('://')[1] as string; // Login's url is the bare console host
  const peer = { wsdl: `${http}/MailupSend.asmx?WSDL`, user, password, host, calls: sizes.soapCalls };
  writeFileSync(config, JSON.stringify(peer), { mode: 0o600 });
  const args = [script, config];
  return {
    block: async () => Number((await run('php', args)).stdout.trim()),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The figures at the given sizes (tests run tiny sizes; `pnpm bench transport` the full ones). */
export async function measure(sizes: TransportBenchSizes = FULL): Promise<BenchFigures> {
  const child = await emulatorChild(['--no-throttle']);
  let rest: BenchFigures;
  try {
    rest = await restFigures(child, sizes);
  } finally {
    await stopChild(child);
  }
  return { ...rest, ...(await soapFigures(sizes)) };
}

export default function run(): Promise<BenchFigures> {
  return measure(FULL);
}

runIfMain(import.meta.url, run);
