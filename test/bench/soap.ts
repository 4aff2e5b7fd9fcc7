/**
 * SOAP figures (issue 10), each against a baseline measured in the same run:
 * - `callOverheadRatio`: median GetLists through `SoapClient` (envelope rendered from the table, core's HTTP transport,
 *   decoding into typed lists) ÷ a raw `fetch` POST of the same envelope with the same key. Target <= 1.25 (issue 18).
 * - `innerXmlMBps` and `innerXmlSpeedup`: decoding a ~10 MB report result into our types ÷ the same document with
 *   xml2js (what Node code usually reaches for). Target >= 2.
 * - `sessionLoginsPerHour`: LoginFromId calls the emulator counted while 3 processes sharing a token file made
 *   steady calls over 3 emulated hours. Target: one per 60-minute key lifetime (<= 4 over 3 hours).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@mailup-kit/emulator';
import { decodeInnerXml, SoapClient, soapResult } from '@mailup-kit/soap';
import { parseStringPromise } from 'xml2js';
import { runIfMain } from './_standalone.js';
import { median } from './_stats.js';

export interface SoapBenchSizes {
  /** GetLists calls per side per round. */
  callsPerRound: number;
  rounds: number;
  /** Approximate size of the report document, bytes. */
  reportBytes: number;
  decodeRounds: number;
  /** Emulated hours of the fleet run and the minutes between its rounds. */
  fleetHours: number;
  fleetStepMinutes: number;
  fleetCallsPerStep: number;
}

const FULL: SoapBenchSizes = {
  callsPerRound: 50,
  rounds: 9,
  reportBytes: 10 * 1024 * 1024,
  decodeRounds: 5,
  fleetHours: 3,
  fleetStepMinutes: 5,
  fleetCallsPerStep: 2,
};

async function callOverhead(sizes: SoapBenchSizes) {
  const emulator = await startEmulator();
  try {
    await emulator.control.action('throttle.enabled', { enabled: false });
    const { apiUser, apiPassword } = emulator.store.seeded;
    const soap = new SoapClient({ user: apiUser, password: apiPassword, baseUrl: emulator.urls.http });
    await soap.getLists(); // login + node-soap client built
    const key = soap.session.current() as string;
    const url = `${emulator.urls.http}/MailupSend.asmx`;
    const envelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetLists xmlns="http://services.mailupnet.it/WS"><accessKey>${key}</accessKey></GetLists></soap:Body></soap:Envelope>`;
    const raw = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '"http://services.mailupnet.it/WS/GetLists"',
        },
        body: envelope,
      });
      await res.text();
    };
    const ours = async () => {
      await soap.getLists();
    };
    const timeRound = async (fn: () => Promise<void>) => {
      const started = performance.now();
      for (let i = 0; i < sizes.callsPerRound; i++) await fn();
      return (performance.now() - started) / sizes.callsPerRound;
    };
    await timeRound(raw);
    await timeRound(ours);
    const rawMs: number[] = [];
    const oursMs: number[] = [];
    for (let r = 0; r < sizes.rounds; r++) {
      rawMs.push(await timeRound(raw));
      oursMs.push(await timeRound(ours));
    }
    await soap.close();
    return { rawMs: median(rawMs), oursMs: median(oursMs) };
  } finally {
    await emulator.close();
  }
}

/** A ReportByMessageEN-style result of about `bytes`: repeated Clicks with Click children. */
function reportDocument(bytes: number): string {
  const parts: string[] = [
    '<ReportByMessageENResult><errorCode>0</errorCode><errorDescription></errorDescription><Opens Total="0">',
  ];
  let size = parts[0]?.length ?? 0;
  let i = 0;
  while (size < bytes) {
    const chunk = `<Clicks Url="https://example.com/p/${i}?a=1&amp;b=2" Total="3"><Click><Email>user${i}@example.com</Email><Total>0${i % 10}</Total></Click><Click><Email>other${i}@example.com</Email><Total>1</Total></Click></Clicks>`;
    parts.push(chunk);
    size += chunk.length;
    i++;
  }
  parts.push('</Opens></ReportByMessageENResult>');
  return parts.join('');
}

interface Click {
  url: string;
  total: string;
  clicks: Array<{ email: string; total: string }>;
}

/** Our decoding into typed click rows. */
function decodeOurs(xml: string): Click[] {
  const result = soapResult(xml, 'ReportByMessageEN');
  const opens = result.data.Opens as Record<string, unknown>;
  return (opens.Clicks as Array<Record<string, unknown>>).map((c) => ({
    url: String(c['@_Url']),
    total: String(c['@_Total']),
    clicks: (c.Click as Array<Record<string, string>>).map((k) => ({ email: String(k.Email), total: String(k.Total) })),
  }));
}

/** The same rows with xml2js (explicitArray on, attributes under `$`). */
async function decodeXml2js(xml: string): Promise<Click[]> {
  const doc = (await parseStringPromise(xml)) as {
    ReportByMessageENResult: {
      errorCode: string[];
      Opens: Array<{
        Clicks: Array<{ $: Record<string, string>; Click: Array<{ Email: string[]; Total: string[] }> }>;
      }>;
    };
  };
  const root = doc.ReportByMessageENResult;
  if (root.errorCode[0] !== '0') throw new Error('errorCode');
  return (root.Opens[0]?.Clicks ?? []).map((c) => ({
    url: String(c.$.Url),
    total: String(c.$.Total),
    clicks: c.Click.map((k) => ({ email: String(k.Email[0]), total: String(k.Total[0]) })),
  }));
}

async function innerXml(sizes: SoapBenchSizes) {
  const xml = reportDocument(sizes.reportBytes);
  const mb = Buffer.byteLength(xml) / (1024 * 1024);
  const oursRows = decodeOurs(xml);
  const theirRows = await decodeXml2js(xml);
  const same =
    JSON.stringify(oursRows.slice(0, 50)) === JSON.stringify(theirRows.slice(0, 50)) &&
    oursRows.length === theirRows.length;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < sizes.decodeRounds; r++) {
    let t = performance.now();
    decodeOurs(xml);
    ours.push(performance.now() - t);
    t = performance.now();
    await decodeXml2js(xml);
    theirs.push(performance.now() - t);
  }
  decodeInnerXml('<r/>', 'warm');
  return { mb, oursMs: median(ours), xml2jsMs: median(theirs), same, rows: oursRows.length };
}

async function fleet(sizes: SoapBenchSizes) {
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'soap-fleet-'));
  const worker = fileURLToPath(new URL('./soap-fleet.worker.ts', import.meta.url));
  const children: ReturnType<typeof spawn>[] = [];
  try {
    await emulator.control.action('throttle.enabled', { enabled: false });
    const { apiUser, apiPassword } = emulator.store.seeded;
    const env = {
      ...process.env,
      SOAP_USER: apiUser,
      SOAP_PASSWORD: apiPassword,
      SOAP_BASE_URL: emulator.urls.http,
      SOAP_TOKEN_FILE: join(dir, 'keys.json'),
      SOAP_CALLS: String(sizes.fleetCallsPerStep),
    };
    const lines: Array<AsyncIterator<string>> = [];
    for (let w = 0; w < 3; w++) {
      const child = spawn(process.execPath, ['--import', 'tsx', worker], { stdio: ['pipe', 'pipe', 'inherit'], env });
      children.push(child);
      lines.push(createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[Symbol.asyncIterator]());
    }
    const steps = Math.round((sizes.fleetHours * 60) / sizes.fleetStepMinutes);
    let failures = 0;
    for (let s = 0; s <= steps; s++) {
      if (s > 0) emulator.clock.advance(sizes.fleetStepMinutes * 60_000);
      const offset = emulator.clock.offsetMs;
      for (const child of children) child.stdin?.write(`${offset}\n`);
      for (const it of lines) {
        const answer = await it.next();
        if (answer.value !== 'ok') failures++;
      }
    }
    for (const child of children) child.stdin?.end('exit\n');
    await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
    const counters = emulator.control.counters();
    return { logins: counters['soap LoginFromId'] ?? 0, calls: counters['soap GetLists'] ?? 0, failures };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
    rmSync(dir, { recursive: true, force: true });
    await emulator.close();
  }
}

/** Every figure at the given sizes (the bench test runs it small). */
export async function measure(sizes: SoapBenchSizes = FULL): Promise<Record<string, number | string | boolean>> {
  const overhead = await callOverhead(sizes);
  const decode = await innerXml(sizes);
  const sessions = await fleet(sizes);
  const ratio = overhead.oursMs / overhead.rawMs;
  const speedup = decode.xml2jsMs / decode.oursMs;
  return {
    getListsOursMs: Number(overhead.oursMs.toFixed(3)),
    getListsRawMs: Number(overhead.rawMs.toFixed(3)),
    callOverheadRatio: Number(ratio.toFixed(3)),
    callOverheadTarget: 1.25,
    reportMB: Number(decode.mb.toFixed(2)),
    innerXmlMBps: Number((decode.mb / (decode.oursMs / 1000)).toFixed(2)),
    xml2jsMBps: Number((decode.mb / (decode.xml2jsMs / 1000)).toFixed(2)),
    innerXmlSpeedup: Number(speedup.toFixed(3)),
    innerXmlSpeedupTarget: 2,
    decodedSameRows: decode.same,
    reportRows: decode.rows,
    sessionLogins: sessions.logins,
    sessionLoginsPerHour: Number((sessions.logins / sizes.fleetHours).toFixed(3)),
    sessionLoginsTarget: Math.ceil(sizes.fleetHours) + 1,
    fleetProcesses: 3,
    fleetCalls: sessions.calls,
    fleetFailures: sessions.failures,
  };
}

export default function run() {
  return measure();
}

runIfMain(import.meta.url, run);
