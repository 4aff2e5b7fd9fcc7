import type { Logger } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRecipient } from '../src/index.js';

const POST_RECIPIENTS = 'POST Console/List/{idList}/Recipients';
const people = (n: number, from = 0): NewRecipient[] =>
  Array.from({ length: n }, (_, i) => ({ Email: `t${from + i}@example.com`, Name: `T ${from + i}` }));

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (fields: unknown, ...rest: unknown[]): void => {
    lines.push(`${String(rest[0])} ${JSON.stringify(fields)}`);
  };
  return { logger: { debug: log, info: log, warn: log, error: log } as Logger, lines };
}

/**
 * Issue 16 item 15: MailUp's REST 429 ("Authorization error (too_many_requests): The call quota is exhausted …",
 * seed 001) refuses the call before it is applied, so a send may be repeated after one: once, after the wait the
 * server named, while the limiter pauses the key for the fleet.
 */
describe('a send refused by a REST 429 (another process used the second) waits and is repeated once', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let other: RestSession;
  let limiter: Limiter;
  let log: ReturnType<typeof capture>;
  const rowsImported = () => [...emulator.store.account(emulator.store.seeded.id).imports.values()].map((i) => i.rows);

  beforeEach(async () => {
    emulator = await startEmulator();
    log = capture();
    limiter = new Limiter({ account: emulator.store.seeded.id, logger: log.logger });
    session = await restSession(emulator, { limiter });
    other = await restSession(emulator); // another process of the account: it does not share our limiter
  });
  afterEach(async () => {
    session.close();
    other.close();
    await limiter.close();
    await emulator.close();
  });

  /** The other process imports one record into list 2, 5 times: the account's second for the route is spent. */
  async function spendTheSecond(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await other.rest.recipients.import(2, people(1, 1000 + i), { waitForCompletion: false });
    }
  }

  it('rest.recipients.import: the refused chunk waits the named time, goes again once, and every row lands once', async () => {
    await spendTheSecond();
    const result = await session.rest.recipients.import(1, people(10), { chunkSize: 10, pollIntervalMs: 20 });
    expect(result).toMatchObject({ sent: 10, accepted: 10, chunks: 1 });
    // Five of the other process, then ours: refused once, applied once.
    expect(rowsImported()).toEqual([1, 1, 1, 1, 1, 10]);
    expect(log.lines.some((l) => l.includes('server throttled a call: key paused'))).toBe(true);
  });

  it('a second 429 in a row ends the call with throttled (repeated once, not more)', async () => {
    const body = JSON.stringify({
      ErrorCode: '429',
      ErrorDescription:
        'Authorization error (too_many_requests): The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 50 ms, throttling config: 2.',
      ErrorName: null,
      ErrorStack: null,
    });
    emulator.control.addFault({
      operation: POST_RECIPIENTS,
      action: { type: 'status', status: 429, body, headers: { 'content-type': 'application/json' } },
      times: 5,
    });
    const error = await session.rest.recipients
      .import(1, people(3), { chunkSize: 10, pollIntervalMs: 20 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 50 });
    expect(rowsImported()).toEqual([]);
    // Two attempts met the 429 (each paused the key), no third.
    expect(log.lines.filter((l) => l.includes('server throttled a call: key paused'))).toHaveLength(2);
  });
});
