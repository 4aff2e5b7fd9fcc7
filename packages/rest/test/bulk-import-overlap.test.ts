import { MailUpError, ManualClock } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import {
  type BulkImportDeps,
  bulkImport,
  type ImportCheckpoint,
  type ImportResources,
  type ImportStatus,
  type NewRecipient,
} from '../src/index.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets pending promise chains (and any setImmediate yield) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

const completed = (idImport: number, n: number): ImportStatus => ({
  idImport,
  Completed: true,
  UpdatedRecipients: 0,
  ValidRecipients: n,
  CreatedRecipients: n,
  ImportedRecipients: n,
  NotValidRecipients: 0,
});

/** A source that counts what was pulled from it and whether it was closed. */
function countingSource(n: number) {
  const seen = { pulled: 0, closed: false };
  async function* gen(): AsyncGenerator<NewRecipient> {
    try {
      for (let i = 0; i < n; i++) {
        seen.pulled++;
        yield { Email: `u${i}@example.com` };
      }
    } finally {
      seen.closed = true;
    }
  }
  return { seen, source: gen() };
}

/** Fake REST calls: every `start` waits for the test to answer it; `status` answers through `statusAnswer`. */
function fakeImports(statusAnswer: (id: number) => Promise<ImportStatus>) {
  const starts: Array<{ rows: NewRecipient[]; answer: Deferred<number> }> = [];
  const imports = {
    start: (_target: unknown, rows: NewRecipient[]) => {
      const answer = deferred<number>();
      starts.push({ rows: [...rows], answer });
      return answer.promise;
    },
    status: (id: number) => statusAnswer(id),
    list: () => {
      throw new Error('not used');
    },
  } as unknown as ImportResources;
  return { imports, starts };
}

describe('bulkImport: the next chunk is prepared while one is in flight', () => {
  it('reads and checks chunk N+1 while chunk N is in flight, and never has two chunks in flight', async () => {
    const clock = new ManualClock(1_000);
    const { imports, starts } = fakeImports(async (id) => completed(id, 3));
    const deps: BulkImportDeps = { imports, clock };
    const { seen, source } = countingSource(9);
    const run = bulkImport(deps, 1, source, { chunkSize: 3, waitForCompletion: false });
    await settle();
    expect(starts).toHaveLength(1);
    // Chunk 2 is already read while chunk 1's POST has no answer yet, chunk 3 not yet (at most two in memory).
    expect(seen.pulled).toBe(6);
    starts[0]?.answer.resolve(101);
    await settle();
    expect(starts).toHaveLength(2);
    expect(starts[1]?.rows.map((r) => r.Email)).toEqual(['u3@example.com', 'u4@example.com', 'u5@example.com']);
    expect(seen.pulled).toBe(9);
    starts[1]?.answer.resolve(102);
    await settle();
    expect(starts).toHaveLength(3);
    starts[2]?.answer.resolve(103);
    expect(await run).toMatchObject({ sent: 9, chunks: 3, importIds: [101, 102, 103] });
  });

  it('a status poll waiting for its answer does not hold back the next chunk', async () => {
    const clock = new ManualClock(1_000);
    const statusAnswers: Array<Deferred<ImportStatus>> = [];
    const { imports, starts } = fakeImports((id) => {
      const d = deferred<ImportStatus>();
      statusAnswers.push(d);
      return d.promise.then((s) => ({ ...s, idImport: id }));
    });
    const { source } = countingSource(6);
    const run = bulkImport({ imports, clock }, 1, source, { chunkSize: 2, pollIntervalMs: 0 });
    for (const id of [201, 202, 203]) {
      await settle();
      starts.at(-1)?.answer.resolve(id);
    }
    await settle();
    // All three chunks went out while the first poll (started after chunk 1) is still unanswered.
    expect(starts).toHaveLength(3);
    expect(statusAnswers).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      statusAnswers[i]?.resolve(completed(0, 2));
      await settle();
    }
    expect(await run).toMatchObject({ sent: 6, accepted: 6, completedChunks: 3 });
  });

  it('after an abort the chunk read ahead is not sent, the checkpoint stops at the last sent chunk and the source is closed', async () => {
    const clock = new ManualClock(1_000);
    const { imports, starts } = fakeImports(async (id) => completed(id, 2));
    const saved: ImportCheckpoint[] = [];
    const checkpoint = { load: async () => undefined, save: async (cp: ImportCheckpoint) => void saved.push(cp) };
    const abort = new AbortController();
    const { seen, source } = countingSource(10);
    const run = bulkImport({ imports, clock }, 1, source, {
      chunkSize: 2,
      checkpoint,
      signal: abort.signal,
      waitForCompletion: false,
    }).catch((e: unknown) => e);
    await settle();
    starts[0]?.answer.resolve(301);
    await settle();
    abort.abort();
    starts[1]?.answer.resolve(302);
    const error = await run;
    expect(MailUpError.is(error, 'aborted')).toBe(true);
    expect(starts).toHaveLength(2);
    expect(saved.at(-1)).toMatchObject({ consumed: 4, sent: 4, importIds: [301, 302] });
    expect(saved.at(-1)?.inFlight).toBeUndefined();
    await settle();
    expect(seen.closed).toBe(true);
  });

  it('a source that fails while a chunk is in flight fails the import after that chunk is recorded', async () => {
    const clock = new ManualClock(1_000);
    const { imports, starts } = fakeImports(async (id) => completed(id, 2));
    const saved: ImportCheckpoint[] = [];
    const checkpoint = { load: async () => undefined, save: async (cp: ImportCheckpoint) => void saved.push(cp) };
    async function* failing(): AsyncGenerator<NewRecipient> {
      yield { Email: 'a@example.com' };
      yield { Email: 'b@example.com' };
      yield { Email: 'c@example.com' };
      throw new Error('disk gone');
    }
    const run = bulkImport({ imports, clock }, 1, failing(), { chunkSize: 2, checkpoint }).catch((e: unknown) => e);
    await settle();
    expect(starts).toHaveLength(1);
    starts[0]?.answer.resolve(401);
    expect(String(await run)).toMatch(/disk gone/);
    expect(starts).toHaveLength(1);
    expect(saved.at(-1)).toMatchObject({ consumed: 2, sent: 2, importIds: [401] });
  });

  it('a sync iterable is read as it is (a null record is invalid, not a crash); a source that is not iterable is refused before any call', async () => {
    const clock = new ManualClock(1_000);
    const { imports, starts } = fakeImports(async (id) => completed(id, 2));
    const onInvalid: string[] = [];
    function* sync(): Generator<NewRecipient> {
      yield { Email: 'a@example.com' };
      yield { Name: 'no address' };
      yield null as unknown as NewRecipient;
      yield { Email: 'b@example.com' };
    }
    const run = bulkImport({ imports, clock }, 1, sync(), {
      chunkSize: 5,
      waitForCompletion: false,
      onInvalid: (index, reason) => onInvalid.push(`${index}: ${reason}`),
    });
    await settle();
    starts[0]?.answer.resolve(501);
    expect(await run).toMatchObject({ sent: 2, invalid: 2, chunks: 1 });
    expect(starts[0]?.rows.map((r) => r.Email)).toEqual(['a@example.com', 'b@example.com']);
    expect(onInvalid).toEqual([
      '1: recipient #1 needs an Email or a MobileNumber',
      '2: recipient #2 must be an object',
    ]);
    // Even with a lost chunk to look up in GET Imports, a bad source is refused first (fakeImports.list throws).
    const checkpoint = {
      load: async (): Promise<ImportCheckpoint> => ({
        version: 1,
        target: 'list:1',
        consumed: 0,
        sent: 0,
        invalidLocal: 0,
        importIds: [],
        inFlight: { from: 0, count: 2, afterImportId: 0 },
      }),
      save: async () => undefined,
    };
    const refused = await bulkImport({ imports, clock }, 1, 42 as never, { checkpoint }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'validation', message: expect.stringMatching(/source must be an array/) });
  });
});
