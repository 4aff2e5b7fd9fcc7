import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { passwordToken } from '@mailup-kit/testkit/emulator-token';
import { describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const LISTS = '/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists';
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** `count` REST GETs over `parallel` keep-alive connections, each answered 200. */
async function load(emulator: RunningEmulator, bearer: string, count: number, parallel = 8): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: parallel });
  let left = count;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `${emulator.urls.http}${LISTS}`,
        { agent, headers: { authorization: `Bearer ${bearer}` } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (left-- > 0) await one();
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    agent.destroy();
  }
}

describe('request journal memory (100,000 requests)', () => {
  it('stays bounded: the heap after 100,000 requests is about the heap once the ring is full (10,000)', async () => {
    const emulator = await startEmulator();
    try {
      await emulator.control.action('throttle.enabled', { enabled: false });
      const bearer = await passwordToken(emulator);
      await load(emulator, bearer, 200);
      const before = heap();
      await load(emulator, bearer, 20_000);
      const full = heap();
      await load(emulator, bearer, 80_000);
      const after = heap();
      const stats = emulator.control.journal.stats();
      const figure = {
        requests: stats.lastId,
        kept: stats.entries,
        evicted: stats.evicted,
        journalBytesEstimate: stats.bytes,
        heapBeforeMiB: +(before / MiB).toFixed(1),
        heapAt20kMiB: +(full / MiB).toFixed(1),
        heapAt100kMiB: +(after / MiB).toFixed(1),
        growth20kTo100kMiB: +((after - full) / MiB).toFixed(1),
      };
      console.log(`journal memory: ${JSON.stringify(figure)}`);
      expect(stats.entries).toBe(10_000);
      expect(stats.lastId).toBeGreaterThanOrEqual(100_200);
      expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
      // Bounded: the 80,000 requests after the ring filled add no more than a fraction of what filling it took.
      expect(after - before).toBeLessThan(1.5 * (full - before) + 8 * MiB);
      expect(after - before).toBeLessThan(stats.maxBytes);
    } finally {
      await emulator.close();
    }
  }, 300_000);
});
