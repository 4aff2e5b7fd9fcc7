import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { MemoryImportCheckpointStore } from '@mailup-kit/rest';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPerson, MailUp, RecipientsImportProgress } from '../src/index.js';
import { facade } from './support.js';

let emulator: RunningEmulator;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  emulator.control.reset();
});
afterAll(async () => {
  await emulator.close();
});

/** A facade on the seeded account (REST logged in, WSMailUpImport), closed after the test. */
async function members(): Promise<MailUp> {
  const mailup = await facade(emulator);
  closers.push(() => mailup.close());
  return mailup;
}

function people(prefix: string, n: number): ImportPerson[] {
  return Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com`, name: `${prefix} ${i}` }));
}

function subscribedOf(prefix: string): string[] {
  const data = emulator.store.account(emulator.store.seeded.id);
  return data
    .recipientsOf(1, 'subscribed')
    .map((r) => r.email ?? '')
    .filter((e) => e.startsWith(prefix))
    .sort();
}

describe('recipients.import through the facade catalogue', () => {
  it('REST bulk import and WSMailUpImport give the same result and progress; the journal names who served', async () => {
    const m = await members();
    const journal = journalOf(emulator);
    const results = [];
    for (const via of ['rest', 'import'] as const) {
      const mark = journal.mark();
      const progress: RecipientsImportProgress[] = [];
      const result = await m.recipients.import(
        { listId: 1, recipients: people(via, 25), chunkSize: 10, onProgress: (p) => progress.push(p) },
        { prefer: [via], allowPartial: true },
      );
      expect(result.routed.via).toBe(via);
      expect(progress.map((p) => p.sent)).toEqual([10, 20, 25]);
      const seen = journal.since(mark);
      if (via === 'rest') {
        expect(seen.servedBy('rest:POST*')).toHaveLength(3);
        expect(seen.servedBy('import')).toHaveLength(0);
      } else {
        expect(seen.servedBy('import:NewImportProcess')).toHaveLength(3);
        expect(seen.servedBy('import:StartProcess')).toHaveLength(3);
        expect(seen.servedBy('rest')).toHaveLength(0);
      }
      const { routed: _r, importIds, ...canonical } = result;
      expect(importIds).toHaveLength(3);
      results.push(canonical);
    }
    expect(results[0]).toEqual({ sent: 25, invalid: 0, chunks: 3 });
    expect(results[1]).toEqual(results[0]);
  });

  it('an interrupted import resumes from its checkpoint on each transport: every recipient sent once', async () => {
    for (const via of ['rest', 'import'] as const) {
      const m = await members();
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const checkpoint = new MemoryImportCheckpointStore();
      const source = people(`resume-${via}-`, 25);
      const controller = new AbortController();
      const first = await m.recipients
        .import(
          {
            listId: 1,
            recipients: source,
            chunkSize: 10,
            checkpoint,
            fingerprint: `people-${via}`,
            onProgress: (p) => {
              if (p.sent >= 10) controller.abort();
            },
          },
          { prefer: [via], allowPartial: true, signal: controller.signal },
        )
        .catch((e: unknown) => e);
      expect(MailUpError.is(first, 'aborted'), String(first)).toBe(true);
      // not moved to the other transport: a chunk had been handed to MailUp
      expect(journal.since(mark).servedBy(via === 'rest' ? 'import' : 'rest')).toHaveLength(0);
      const progress: number[] = [];
      const second = await m.recipients.import(
        {
          listId: 1,
          recipients: source,
          chunkSize: 10,
          checkpoint,
          fingerprint: `people-${via}`,
          onProgress: (p) => progress.push(p.sent),
        },
        { prefer: [via], allowPartial: true },
      );
      expect(second).toMatchObject({ sent: 25, chunks: 3, routed: { via } });
      expect(progress).toEqual([20, 25]);
      const chunks =
        via === 'rest'
          ? journal.since(mark).servedBy('rest:POST*')
          : journal.since(mark).servedBy('import:StartProcess');
      expect(chunks).toHaveLength(3);
      // finished: the same checkpoint answers without sending again
      const again = journal.mark();
      const third = await m.recipients.import(
        { listId: 1, recipients: source, chunkSize: 10, checkpoint, fingerprint: `people-${via}` },
        { prefer: [via], allowPartial: true },
      );
      expect(third.sent).toBe(25);
      const other = await m.recipients
        .import(
          { listId: 1, recipients: source, checkpoint, fingerprint: 'another source' },
          { prefer: [via], allowPartial: true },
        )
        .catch((e: unknown) => e);
      expect(MailUpError.is(other, 'conflict')).toBe(true);
      expect(journal.since(again).servedBy(via === 'rest' ? 'rest:POST*' : 'import:StartProcess')).toHaveLength(0);
    }
  });

  it('recipients reach the list through either transport', async () => {
    const m = await members();
    for (const via of ['rest', 'import'] as const) {
      await m.recipients.import(
        { listId: 1, recipients: people(`land-${via}-`, 3) },
        { prefer: [via], allowPartial: true },
      );
    }
    // the emulator runs imports on its clock: move it past their completion
    await emulator.control.action('clock.advance', { ms: 3_600_000 });
    await m.rest?.userLists(); // any request settles the imports that are due
    expect(subscribedOf('land-rest-')).toHaveLength(3);
    expect(subscribedOf('land-import-')).toHaveLength(3);
  });

  it('bad input is a validation error with nothing sent', async () => {
    const m = await members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    for (const via of ['rest', 'import'] as const) {
      for (const bad of [
        { listId: 0, recipients: [] },
        { listId: 1, recipients: 42 },
        { listId: 1, recipients: [], chunkSize: 0 },
      ]) {
        const error = await m.recipients
          .import(bad as never, { prefer: [via], allowPartial: true })
          .catch((e: unknown) => e);
        expect(MailUpError.is(error, 'validation')).toBe(true);
      }
    }
    journal.since(mark).expectNoRequests();
  });
});
