import { MailUp } from '@mailup-kit/client';
import { ManualClock } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { RedisSwitchedOffStore } from '@mailup-kit/redis';
import { journalOf } from '@mailup-kit/testkit/journal';
import { needsProgram, REDIS_SERVER } from '@mailup-kit/testkit/programs';
import { startRedis, type TestRedis } from '@mailup-kit/testkit/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const available = needsProgram(REDIS_SERVER, 'the facade switched-off fleet test') !== undefined;

// Two facades (two workers of a fleet) share the switched-off memory through Redis: what one learns from MailUp's
// refusal, the other acts on without knocking on that service again.
describe.skipIf(!available)('the facade’s switched-off memory shared through Redis', () => {
  let server: TestRedis;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    server = await startRedis();
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    await server?.stop();
  });

  // one standing clock for both workers and their stores: the switched-off view's staleness bound is stepped over
  // by hand, not waited for
  const clock = new ManualClock(Date.now());

  function worker(): MailUp {
    const a = emulator.store.seeded;
    const data = emulator.store.account(a.id);
    return new MailUp({
      account: a.id,
      soap: { user: a.apiUser, password: a.apiPassword },
      consoleUrl: emulator.urls.http,
      allowInsecureHttp: true,
      listGuids: { 1: data.list(1).guid },
      baseUrls: { soap: emulator.urls.http },
      clock,
      switchedOffMemory: {
        store: new RedisSwitchedOffStore({ redis: server.url, prefix: 'fleet:', clock }),
        ttlMs: 60_000,
        cacheMs: 1_000,
      },
    });
  }

  it('worker A meets -1011 on the frontend pages; worker B skips them at once, and plans it so', async () => {
    const a = worker();
    const b = worker();
    try {
      emulator.store.account(emulator.store.seeded.id).service('FrontEnd').enabled = false;
      // groups.of has the frontend nowhere: use status, a read whose only candidate here is the frontend page,
      // then lists.all on both to show the memory does not touch the other transports.
      const journal = journalOf(emulator);
      const mark = journal.mark();
      await expect(a.recipients.status({ listId: 1, email: 'ann@example.com' })).rejects.toMatchObject({
        kind: 'ip-not-allowed',
      });
      journal.since(mark).expectSentOnce('frontend:Xmlchksubscriber');
      const mark2 = journal.mark();
      const plan = await b.plan('recipients.status');
      expect(plan.candidates.find((c) => c.via === 'frontend')).toMatchObject({
        status: 'switched-off',
        reason: expect.stringContaining('ip-not-allowed'),
      });
      await expect(b.recipients.status({ listId: 1, email: 'ann@example.com' })).rejects.toMatchObject({
        kind: 'ip-not-allowed',
        message: expect.stringContaining('no candidate'),
      });
      journal.since(mark2).expectNoRequests();
      expect((await b.lists.all().toArray()).length).toBeGreaterThan(0); // SOAP is not affected
      await b.forgetSwitchedOff('frontend');
      const frontendOf = async (m: MailUp) =>
        (await m.plan('recipients.status')).candidates.find((c) => c.via === 'frontend')?.status;
      expect(await frontendOf(b)).toBe('eligible'); // B's own forget: at once
      // A remembered it itself and holds its last read for at most cacheMs (1 s): B's forget reaches A then
      clock.advance(999);
      expect(await frontendOf(a)).toBe('switched-off');
      clock.advance(1);
      expect(await frontendOf(a)).toBe('eligible');
    } finally {
      emulator.store.account(emulator.store.seeded.id).service('FrontEnd').enabled = true;
      await a.close();
      await b.close();
    }
  });
});
