import { Readable } from 'node:stream';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, people } from './support/import-records.js';

describe('rest.recipients.import: the byte-stream reader', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let limiter: Limiter;
  const posts = () =>
    Object.entries(emulator.control.counters())
      .filter(([op]) => op.startsWith('POST'))
      .reduce((sum, [, n]) => sum + n, 0);

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

  describe('item 12: the byte-stream reader', () => {
    const latin1Csv = () =>
      Readable.from([Buffer.from('Email,Name\n'), Buffer.from('jose@example.com,Jos\xe9\n', 'latin1')]);

    it('invalid UTF-8 is a validation error and nothing is sent; with encoding it is decoded', async () => {
      const before = posts();
      for (const format of ['csv', 'jsonl'] as const) {
        const source =
          format === 'csv' ? latin1Csv() : Readable.from([Buffer.from('{"Email":"jos\xe9@example.com"}\n', 'latin1')]);
        const error = await errorOf(session.rest.recipients.import(1, source, { format }));
        expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/not valid utf-8/) });
      }
      expect(posts()).toBe(before);
      expect(await errorOf(session.rest.recipients.import(1, latin1Csv(), { encoding: 'ebcdic-x' }))).toMatchObject({
        kind: 'validation',
        message: expect.stringMatching(/encoding/),
      });
      const result = await session.rest.recipients.import(1, latin1Csv(), {
        encoding: 'windows-1252',
        pollIntervalMs: 10,
      });
      expect(result).toMatchObject({ sent: 1, accepted: 1 });
      const data = emulator.store.account(emulator.store.seeded.id);
      expect(data.recipientByEmail('jose@example.com')?.name).toBe('José');
      // A UTF-8 character split across two chunks is decoded whole.
      const euro = Buffer.from('Email,Name\na@example.com,5 €\n');
      const at = euro.indexOf(0xe2) + 1;
      await session.rest.recipients.import(1, Readable.from([euro.subarray(0, at), euro.subarray(at)]), {
        pollIntervalMs: 10,
      });
      expect(data.recipientByEmail('a@example.com')?.name).toBe('5 €');
    });

    for (const format of ['csv', 'jsonl'] as const) {
      it(`${format}: a record over maxRecordSize is refused after reading about that much (not 32 MB)`, async () => {
        const piece = Buffer.alloc(64 * 1024, 'x');
        let pulled = 0;
        async function* huge() {
          const head = format === 'csv' ? 'Email,Name\na@example.com,"' : '{"Email":"a@example.com","Name":"';
          yield Buffer.from(head);
          for (let i = 0; i < 512; i++) {
            pulled += piece.length;
            yield piece;
          }
          yield Buffer.from(format === 'csv' ? '"\n' : '"}\n');
        }
        const before = posts();
        const source = Readable.from(huge());
        const error = await errorOf(session.rest.recipients.import(1, source, { format, maxRecordSize: 100_000 }));
        expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/maxRecordSize/) });
        expect(pulled).toBeLessThan(1024 * 1024);
        await new Promise<void>((resolve) => setImmediate(resolve));
        expect(source.destroyed).toBe(true);
        expect(posts()).toBe(before);
      });
    }

    it('refuses a bad maxRecordSize', async () => {
      expect(await errorOf(session.rest.recipients.import(1, people(1), { maxRecordSize: 0 }))).toMatchObject({
        kind: 'validation',
      });
    });
  });
});
