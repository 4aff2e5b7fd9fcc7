import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportCheckpoint } from '../src/index.js';
import { errorOf, people, plainStore } from './support/import-records.js';

describe('rest.recipients.import: a lost chunk is matched on its target', () => {
  let emulator: RunningEmulator;
  let session: RestSession;
  let limiter: Limiter;
  /** Rows MailUp received per import, with the import's list and groups. */
  const imports = () =>
    [...emulator.store.account(emulator.store.seeded.id).imports.values()].map((i) => ({
      rows: i.rows,
      listId: i.listId,
      groupIds: i.groupIds,
    }));
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

  describe('item 11: a lost chunk of a group import is matched on its target', () => {
    it('a newer import of the same size elsewhere is not taken for the lost chunk: its recipients are sent', async () => {
      const checkpoint = plainStore();
      emulator.control.addFault({
        operation: 'POST Console/Group/{idGroup}/Recipients',
        phase: 'before-apply',
        action: { type: 'reset' },
      });
      const lost = await errorOf(
        session.rest.recipients.import({ groupId: 1 }, people(10), { chunkSize: 10, checkpoint }),
      );
      expect(lost).toBeInstanceOf(MailUpError);
      expect((checkpoint.current as ImportCheckpoint).inFlight).toMatchObject({ from: 0, count: 10 });
      expect(imports()).toEqual([]); // MailUp never received it
      // Meanwhile an import of the same size lands on the group's list (no group).
      await session.rest.recipients.import(1, people(10, 500), { chunkSize: 10, pollIntervalMs: 10 });
      const result = await session.rest.recipients.import({ groupId: 1 }, people(10), {
        chunkSize: 10,
        checkpoint,
        pollIntervalMs: 10,
      });
      expect(result).toMatchObject({ sent: 10, accepted: 10, chunks: 1 });
      const members = (await session.rest.recipients.inGroup(1, { pageSize: 50 }).toArray()).map((r) => r.Email);
      expect(members).toEqual(expect.arrayContaining(people(10).map((p) => p.Email)));
      expect(imports().map((i) => i.groupIds)).toEqual([[], [1]]);
    });
  });
});
