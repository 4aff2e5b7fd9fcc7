import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileImportCheckpointStore,
  type ImportCheckpoint,
  type ImportCheckpointStore,
  MemoryImportCheckpointStore,
} from '../src/index.js';
import { errorOf, people, plainStore } from './support/import-records.js';

describe('rest.recipients.import: checkpoints are validated and leased', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let limiter: Limiter;
  let dir: string;
  /** Rows MailUp received per import, with the import's list and groups. */
  const imports = () =>
    [...emulator.store.account(emulator.store.seeded.id).imports.values()].map((i) => ({
      rows: i.rows,
      listId: i.listId,
      groupIds: i.groupIds,
    }));
  const rowsImported = () => imports().reduce((sum, i) => sum + (i.rows ?? 0), 0);
  const posts = () =>
    Object.entries(emulator.control.counters())
      .filter(([op]) => op.startsWith('POST'))
      .reduce((sum, [, n]) => sum + n, 0);

  beforeEach(async () => {
    emulator = await startEmulator();
    limiter = new Limiter({ account: emulator.store.seeded.id });
    session = await restSession(emulator, { limiter });
    dir = await mkdtemp(join(tmpdir(), 'import-cp-'));
  });
  afterEach(async () => {
    session.close();
    await limiter.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('item 9: a checkpoint is validated, names its source and is recognised as finished', () => {
    it('a finished checkpoint is not resumed by a new source: conflict, nothing sent (was 0 of 300 imported, ok)', async () => {
      const checkpoint = plainStore();
      const first = await session.rest.recipients.import(1, people(300), { chunkSize: 100, pollIntervalMs: 10 });
      expect(first).toMatchObject({ sent: 300 });
      await session.rest.recipients.import(1, people(300), { chunkSize: 100, checkpoint, pollIntervalMs: 10 });
      expect(checkpoint.current).toMatchObject({ consumed: 300, finished: true });
      const before = posts();
      const second = await errorOf(
        session.rest.recipients.import(1, people(300, 1000), { chunkSize: 100, checkpoint, pollIntervalMs: 10 }),
      );
      expect(MailUpError.is(second, 'conflict')).toBe(true);
      expect(String((second as Error).message)).toMatch(/checkpoint\.finished/);
      expect(posts()).toBe(before);
    });

    it('with a fingerprint: the same source answers the finished result without sending, another is a conflict', async () => {
      const checkpoint = plainStore();
      const first = await session.rest.recipients.import(1, people(30), {
        chunkSize: 10,
        checkpoint,
        fingerprint: 'crm-export-1',
        pollIntervalMs: 10,
      });
      expect(checkpoint.current).toMatchObject({ fingerprint: 'crm-export-1', finished: true, consumed: 30 });
      const before = posts();
      const again = await session.rest.recipients.import(1, people(30), {
        chunkSize: 10,
        checkpoint,
        fingerprint: 'crm-export-1',
        pollIntervalMs: 10,
      });
      expect(again).toMatchObject({ sent: 30, accepted: 30, chunks: 3, importIds: first.importIds });
      expect(posts()).toBe(before);
      for (const fingerprint of ['crm-export-2', undefined]) {
        const other = await errorOf(
          session.rest.recipients.import(1, people(30, 100), { chunkSize: 10, checkpoint, fingerprint }),
        );
        expect(other).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/checkpoint\.fingerprint/) });
      }
      expect(posts()).toBe(before);
      expect(rowsImported()).toBe(30);
    });

    it('a malformed checkpoint is refused naming the field, before any call (no re-import from 0, no TypeError)', async () => {
      const good: ImportCheckpoint = {
        version: 1,
        target: 'list:1',
        consumed: 20,
        sent: 20,
        invalidLocal: 0,
        importIds: [1, 2],
      };
      const { consumed: _c, ...noConsumed } = good;
      const { importIds: _i, ...noImportIds } = good;
      const cases: Array<[unknown, RegExp]> = [
        [noConsumed, /checkpoint\.consumed/],
        [noImportIds, /checkpoint\.importIds/],
        [{ ...good, consumed: '20' }, /checkpoint\.consumed/],
        [{ ...good, consumed: -1 }, /checkpoint\.consumed/],
        [{ ...good, consumed: 21 }, /checkpoint\.consumed/],
        [{ ...good, sent: 2.5 }, /checkpoint\.sent/],
        [{ ...good, importIds: [1, '2'] }, /checkpoint\.importIds/],
        [{ ...good, importIds: [2, 1] }, /checkpoint\.importIds/],
        [{ ...good, version: 2 }, /checkpoint\.version/],
        [{ ...good, target: 7 }, /checkpoint\.target/],
        [{ ...good, inFlight: { from: 0, count: 10, afterImportId: 2 } }, /checkpoint\.inFlight\.from/],
        [{ ...good, inFlight: { from: 20, count: 0, afterImportId: 2 } }, /checkpoint\.inFlight\.count/],
        [{ ...good, inFlight: { from: 20, count: 10, afterImportId: 1 } }, /checkpoint\.inFlight\.afterImportId/],
        [{ ...good, finished: 'yes' }, /checkpoint\.finished/],
        [{ ...good, fingerprint: 3 }, /checkpoint\.fingerprint/],
        [null, /checkpoint must be an object/],
        ['{"version":1}', /checkpoint must be an object/],
      ];
      const before = JSON.stringify(emulator.control.counters());
      for (const [bad, field] of cases) {
        const error = await errorOf(session.rest.recipients.import(1, people(40), { checkpoint: plainStore(bad) }));
        expect({ kind: (error as MailUpError).kind, message: String((error as Error).message) }).toEqual({
          kind: 'validation',
          message: expect.stringMatching(field),
        });
      }
      // A checkpoint of another target is well formed but belongs to another import.
      const other = await errorOf(
        session.rest.recipients.import(1, people(40), { checkpoint: plainStore({ ...good, target: 'group:3' }) }),
      );
      expect(other).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/checkpoint\.target/) });
      expect(JSON.stringify(emulator.control.counters())).toBe(before);
    });

    it('a source shorter than what the checkpoint consumed is another source: conflict, nothing sent', async () => {
      const checkpoint = plainStore({
        version: 1,
        target: 'list:1',
        consumed: 50,
        sent: 50,
        invalidLocal: 0,
        importIds: [7],
      });
      const before = posts();
      const error = await errorOf(session.rest.recipients.import(1, people(20), { chunkSize: 10, checkpoint }));
      expect(error).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/checkpoint\.consumed/) });
      expect(posts()).toBe(before);
    });
  });

  describe('item 10: two resumers of one checkpoint', () => {
    /** Interrupts an import of `n` records after its first chunk, then resumes it twice at once. */
    async function twoResumers(store: ImportCheckpointStore, n: number, chunkSize: number) {
      const abort = new AbortController();
      const first = await errorOf(
        session.rest.recipients.import(1, people(n), {
          chunkSize,
          checkpoint: store,
          signal: abort.signal,
          waitForCompletion: false,
          onProgress: (p) => {
            if (p.chunks === 1) abort.abort();
          },
        }),
      );
      expect(MailUpError.is(first, 'aborted')).toBe(true);
      const resume = () =>
        session.rest.recipients.import(1, people(n), { chunkSize, checkpoint: store, pollIntervalMs: 10 });
      return Promise.allSettled([resume(), resume()]);
    }

    for (const [name, open] of [
      ['file store', () => new FileImportCheckpointStore({ path: join(dir, 'cp.json') })],
      ['memory store', () => new MemoryImportCheckpointStore()],
    ] as const) {
      it(`${name}: the second resumer gets conflict before sending; every record is sent once (was 2,000 for 1,000)`, async () => {
        const results = await twoResumers(open(), 1000, 100);
        const outcomes = results.map((r) =>
          r.status === 'fulfilled' ? `ok: ${r.value.sent} sent` : `${(r.reason as MailUpError).kind}: ${r.reason}`,
        );
        expect(outcomes.sort()).toEqual([
          expect.stringMatching(/^conflict: .*leased by another import/),
          'ok: 1000 sent',
        ]);
        expect(rowsImported()).toBe(1000);
      });
    }

    it('file store: the lease is released after the import (and after a failure), a save outside it is refused while held', async () => {
      const path = join(dir, 'cp.json');
      const store = new FileImportCheckpointStore({ path });
      await session.rest.recipients.import(1, people(10), { chunkSize: 5, checkpoint: store, pollIntervalMs: 10 });
      const lease = await store.lease(); // free again
      const other = new FileImportCheckpointStore({ path });
      expect(await errorOf(other.lease())).toMatchObject({ kind: 'conflict' });
      const cp = await store.load();
      expect(await errorOf(other.save(cp as ImportCheckpoint))).toMatchObject({ kind: 'conflict' });
      await lease.release();
      expect(await errorOf(lease.save(cp as ImportCheckpoint))).toMatchObject({ kind: 'conflict' });
      const failed = await errorOf(
        session.rest.recipients.import(2, people(10), { checkpoint: other, pollIntervalMs: 10 }),
      );
      expect(failed).toMatchObject({ kind: 'conflict' }); // the checkpoint is list 1's
      await (await store.lease()).release(); // the failed import released its lease
    });

    it('file store: a lease that expired is taken over, and its old holder can no longer save (compare-and-set)', async () => {
      let now = 1_000_000;
      const clock = { now: () => now, sleep: async () => undefined };
      const path = join(dir, 'cp.json');
      const a = new FileImportCheckpointStore({ path, leaseTtlMs: 1000, clock });
      const b = new FileImportCheckpointStore({ path, leaseTtlMs: 1000, clock });
      const held = await a.lease();
      const cp: ImportCheckpoint = {
        version: 1,
        target: 'list:1',
        consumed: 0,
        sent: 0,
        invalidLocal: 0,
        importIds: [],
      };
      await held.save(cp);
      now += 999;
      await held.save({ ...cp, consumed: 1, sent: 1, importIds: [1] }); // renews the lease
      now += 999;
      expect(await errorOf(b.lease())).toMatchObject({ kind: 'conflict' });
      now += 2;
      const taken = await b.lease();
      expect(await errorOf(held.save({ ...cp, consumed: 2, sent: 2, importIds: [1, 2] }))).toMatchObject({
        kind: 'conflict',
      });
      expect(await a.load()).toMatchObject({ consumed: 1 });
      await held.release(); // not the holder any more: leaves b's lease alone
      expect(await errorOf(a.lease())).toMatchObject({ kind: 'conflict' });
      await taken.release();
    });
  });
});
