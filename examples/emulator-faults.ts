/**
 * Drive the emulator the way a retry test does: start it on a free port, inject a one-shot 503 and a lost
 * response, move its clock, read its counters and ask its request journal what the client sent. Run: `corepack pnpm exec tsx examples/emulator-faults.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@mailup-kit/emulator';

/** Runs the example and returns what it saw (also printed when run directly). */
export async function main(): Promise<Record<string, unknown>> {
  const emulator = await startEmulator(); // port 0: a free loopback port
  try {
    const base = emulator.urls.http;
    const lists = `${base}/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists`;

    // Over HTTP (any language can do this) …
    await fetch(`${base}/__emulator/control/faults.add`, {
      method: 'POST',
      body: JSON.stringify({ path: '/API/v1.1/Rest', action: { type: 'status', status: 503 }, times: 1 }),
    });
    const first = (await fetch(lists)).status; // 503, injected
    const second = (await fetch(lists)).status; // the real answer: 401, no bearer token

    // … or in-process. reset-after applies the change, then drops the connection: a "lost response".
    emulator.control.addFault({ path: '/API/v1.1/Rest', action: { type: 'reset-after' } });
    const lost = await fetch(lists).then(
      () => 'answered',
      () => 'connection reset',
    );

    emulator.control.advanceClock(3_600_000); // an hour later: tokens issued before now are expired

    // The request journal answers "what did my client send?" — over HTTP from any language …
    const journal = (await (await fetch(`${base}/__emulator/journal?protocol=rest`)).json()) as {
      entries: { operation: string; status: number }[];
    };
    // … or in-process: the same entries, filtered the same way.
    const served = emulator.control.journal.count({ operation: 'rest:GET Console/User/Lists' });
    return {
      first,
      second,
      lost,
      clockOffsetMs: emulator.clock.offsetMs,
      counters: emulator.control.counters(),
      journal: journal.entries.map((e) => `${e.operation} ${e.status}`),
      served,
    };
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((seen) => console.log(JSON.stringify(seen, null, 2)));
}
