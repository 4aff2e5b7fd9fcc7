import { Readable } from 'node:stream';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportCheckpoint, ImportCheckpointStore, ImportProgress, NewRecipient } from '../src/index.js';
import { people } from './support/import-records.js';

function memoryCheckpoints(): ImportCheckpointStore & { saved: ImportCheckpoint[] } {
  let current: ImportCheckpoint | undefined;
  const saved: ImportCheckpoint[] = [];
  return {
    saved,
    load: async () => current,
    save: async (cp) => {
      current = structuredClone(cp);
      saved.push(current);
    },
  };
}

describe('rest.recipients.import: chunked asynchronous imports with progress and resume', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let limiter: Limiter;
  /** Rows MailUp received per import (to prove nobody was imported twice or skipped). */
  const rowsImported = () => [...emulator.store.account(emulator.store.seeded.id).imports.values()].map((i) => i.rows);

  beforeEach(async () => {
    emulator = await startEmulator();
    limiter = new Limiter({ account: emulator.store.seeded.id });
    session = await restSession(emulator, { limiter });
  });
  afterEach(async () => {
    session.close();
    await limiter.close();
    await emulator.close();
  });

  it('sends an array in chunks, skips invalid records before sending, polls to completion, reports progress', async () => {
    const source: NewRecipient[] = [
      ...people(12),
      { Name: 'no address' },
      { Email: 'bad\r\nx@y.z' },
      ...people(11, 12),
    ];
    const events: ImportProgress[] = [];
    const result = await session.rest.recipients.import(1, source, {
      chunkSize: 10,
      pollIntervalMs: 20,
      total: source.length,
      onProgress: (p) => events.push(p),
    });
    expect(result).toMatchObject({ sent: 23, accepted: 23, invalid: 2, chunks: 3, completedChunks: 3 });
    expect(result.importIds).toHaveLength(3);
    expect(rowsImported()).toEqual([10, 10, 3]);
    expect(events.map((e) => e.sent)).toContain(10);
    expect(events.at(-1)?.etaMs).toBe(0);
    expect(events.some((e) => e.ratePerSecond > 0)).toBe(true);
    const subscribed = await session.rest.recipients.subscribed(1, { pageSize: 50 }).toArray();
    expect(subscribed.map((r) => r.Email)).toContain('p22@example.com');
  });

  it('reads a CSV stream through a streaming parser (fields by number) and JSON lines', async () => {
    const csv = Readable.from([
      'Email,Name,Field1,campo4\n',
      'a@example.com,Ann,Anna,Roma\n',
      'b@example.com,Bob,,Milano\n',
    ]);
    const r1 = await session.rest.recipients.import(1, csv, { chunkSize: 1, pollIntervalMs: 20 });
    expect(r1).toMatchObject({ sent: 2, accepted: 2, chunks: 2 });
    const data = emulator.store.account(emulator.store.seeded.id);
    expect(Object.fromEntries(data.recipientByEmail('a@example.com')?.fields ?? [])).toEqual({ 1: 'Anna', 4: 'Roma' });
    const jsonl = Readable.from([
      '{"Email":"c@example.com"}\n\n',
      'not json\n',
      '{"Email":"d@example.com","Name":"D"}\n',
    ]);
    const r2 = await session.rest.recipients.import({ groupId: 1 }, jsonl, { format: 'jsonl', pollIntervalMs: 20 });
    expect(r2).toMatchObject({ sent: 2, invalid: 1, chunks: 1 });
    expect((await session.rest.recipients.inGroup(1).toArray()).map((r) => r.Email)).toEqual([
      'c@example.com',
      'd@example.com',
    ]);
    const unknown = Readable.from(['Email,Mail\n', 'x@example.com,y\n']);
    const error = await session.rest.recipients.import(1, unknown).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation' });
    expect(String((error as Error).message)).toMatch(/unknown CSV column "Mail"/);
    const broken = Readable.from(['Email,Name\n', '"a@example.com,Ann\n']);
    expect(await session.rest.recipients.import(1, broken).catch((e: unknown) => e)).toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/the CSV does not parse \(CSV_/),
    });
  });

  it('resumes after an interruption from the checkpoint: none imported twice, none skipped', async () => {
    const checkpoint = memoryCheckpoints();
    const abort = new AbortController();
    const first = await session.rest.recipients
      .import(1, people(50), {
        chunkSize: 10,
        checkpoint,
        signal: abort.signal,
        waitForCompletion: false,
        onProgress: (p) => {
          if (p.chunks === 2) abort.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(MailUpError.is(first, 'aborted')).toBe(true);
    expect(checkpoint.saved.at(-1)).toMatchObject({ consumed: 20, sent: 20 });
    const result = await session.rest.recipients.import(1, people(50), {
      chunkSize: 10,
      checkpoint,
      pollIntervalMs: 20,
    });
    expect(result).toMatchObject({ sent: 50, accepted: 50, chunks: 5 });
    expect(rowsImported()).toEqual([10, 10, 10, 10, 10]);
  });

  it('a chunk whose answer was lost is found in Imports on resume and not sent again', async () => {
    const checkpoint = memoryCheckpoints();
    emulator.control.addFault({
      operation: 'POST Console/List/{idList}/Recipients',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    const lost = await session.rest.recipients
      .import(1, people(25), { chunkSize: 10, checkpoint })
      .catch((e: unknown) => e);
    expect(MailUpError.is(lost, 'ambiguous')).toBe(true);
    expect(checkpoint.saved.at(-1)?.inFlight).toEqual({ from: 0, count: 10, afterImportId: 0, invalid: 0 });
    const result = await session.rest.recipients.import(1, people(25), {
      chunkSize: 10,
      checkpoint,
      pollIntervalMs: 20,
    });
    expect(result).toMatchObject({ sent: 25, accepted: 25, chunks: 3 });
    expect(rowsImported()).toEqual([10, 10, 5]);
  });

  it('a lost chunk that held invalid records is consumed whole on resume: its last valid record is not sent again', async () => {
    const checkpoint = memoryCheckpoints();
    emulator.control.addFault({
      operation: 'POST Console/List/{idList}/Recipients',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    // Records 0 … 10 make the first chunk: one invalid record and p0 … p9; p10 … p23 follow.
    const source = () => [{ Name: 'no address' }, ...people(24)];
    const lost = await session.rest.recipients
      .import(1, source(), { chunkSize: 10, checkpoint })
      .catch((e: unknown) => e);
    expect(MailUpError.is(lost, 'ambiguous')).toBe(true);
    expect(checkpoint.saved.at(-1)?.inFlight).toEqual({ from: 0, count: 10, afterImportId: 0, invalid: 1 });
    const result = await session.rest.recipients.import(1, source(), { chunkSize: 10, checkpoint, pollIntervalMs: 20 });
    expect(result).toMatchObject({ sent: 24, accepted: 24, invalid: 1, chunks: 3 });
    expect(rowsImported()).toEqual([10, 10, 4]);
    expect(checkpoint.saved.at(-1)).toMatchObject({ consumed: 25, sent: 24, invalidLocal: 1 });
  });

  it('refuses bad options and a checkpoint of another target before sending anything', async () => {
    const before = JSON.stringify(emulator.control.counters());
    const checkpoint = memoryCheckpoints();
    await checkpoint.save({ version: 1, target: 'list:2', consumed: 0, sent: 0, invalidLocal: 0, importIds: [] });
    for (const attempt of [
      () => session.rest.recipients.import(1, people(1), { chunkSize: 0 }),
      () => session.rest.recipients.import(1, people(1), { format: 'xml' as never }),
      () => session.rest.recipients.import(1, 42 as never),
    ]) {
      expect(await attempt().catch((e: unknown) => e)).toMatchObject({ kind: 'validation' });
    }
    // A well-formed checkpoint of another import: a conflict naming the field.
    expect(await session.rest.recipients.import(1, people(1), { checkpoint }).catch((e: unknown) => e)).toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/checkpoint\.target/),
    });
    expect(JSON.stringify(emulator.control.counters())).toBe(before);
  });
});
