import { MailUpError, ManualClock } from '@mailup-kit/core';
import { MemoryTokenStore } from '@mailup-kit/core/credentials';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter, MemoryQuotaStore } from '@mailup-kit/limits';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRow } from '../src/catalogue/rows.js';
import { type FacadeEvent, MailUp, type Via } from '../src/index.js';
import type { SwitchedOffEntry, SwitchedOffStore } from '../src/routing/switched-off.js';
import { facade } from './support.js';

let emulator: RunningEmulator;
let messageId: number;

beforeAll(async () => {
  emulator = await startEmulator();
  // these tests log in several facades in a row: MailUp's 5/s on the token endpoint is not what they are about
  await emulator.control.action('throttle.enabled', { enabled: false });
  const m = await facade(emulator);
  try {
    messageId = (await m.newsletters.create({ listId: 1, subject: 'Eligibility', html: '<p>e</p>' })).id;
  } finally {
    await m.close();
  }
});
afterAll(() => emulator.close());

/** A shared switched-off store (as a fleet's Redis one: not the in-process class), counting its reads. */
function sharedSwitchedOff(): SwitchedOffStore & { reads: number } {
  const entries = new Map<string, SwitchedOffEntry>();
  return {
    reads: 0,
    async get(account: string, via: Via) {
      this.reads++;
      const e = entries.get(`${account}:${via}`);
      return e && e.until > Date.now() ? e : undefined;
    },
    async set(account: string, via: Via, entry: SwitchedOffEntry) {
      entries.set(`${account}:${via}`, entry);
    },
    async delete(account: string, via: Via) {
      entries.delete(`${account}:${via}`);
    },
  };
}

/** Counts the budget looks (non-reserving inspections) a real limiter is asked for. */
function countLooks(limiter: Limiter): { looks: number } {
  const counter = { looks: 0 };
  const inspectCall = limiter.inspectCall.bind(limiter);
  limiter.inspectCall = (call) => {
    counter.looks++;
    return inspectCall(call);
  };
  return counter;
}

describe('per-call eligibility from what the facade already knows', () => {
  it('a call its first candidate serves reads no token store, the shared switched-off store at most once per cacheMs, and leaves the budget to REST’s own limiter', async () => {
    const tokenStore = new MemoryTokenStore();
    let tokenReads = 0;
    const get = tokenStore.get.bind(tokenStore);
    tokenStore.get = (key) => {
      tokenReads++;
      return get(key);
    };
    const switchedOff = sharedSwitchedOff();
    const limiter = new Limiter({ account: emulator.store.seeded.id });
    const counter = countLooks(limiter);
    const a = emulator.store.seeded;
    const m = await facade(emulator, {
      oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret, tokenStore },
      switchedOffMemory: { store: switchedOff, cacheMs: 60_000 },
      limiter,
    });
    try {
      tokenReads = 0;
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const got = await m.newsletters.get({ listId: 1, id: messageId });
        expect(got.routed.via).toBe('rest');
        expect(got.routed.attempts[0]?.callId).toBe(`${got.routed.callId}.1`);
        ids.add(got.routed.callId);
      }
      // a facade call id per call, none shared with another facade (a random prefix per facade and a counter)
      const other = await facade(emulator);
      ids.add((await other.newsletters.get({ listId: 1, id: messageId })).routed.callId);
      await other.close();
      expect(ids.size).toBe(6);
      expect(journal.since(mark).servedBy('rest')).toHaveLength(6);
      expect(tokenReads).toBe(0); // status() read the store on every call
      expect(switchedOff.reads).toBe(1); // read on every call
      expect(counter.looks).toBe(0); // one inspectCall per call
      // plan() still looks at everything, budget included
      const plan = await m.plan('newsletters.get');
      expect(plan.candidates[0]).toMatchObject({ via: 'rest', status: 'eligible', budgetLeft: expect.any(Number) });
      expect(counter.looks).toBeGreaterThan(0);
    } finally {
      await m.close();
      await limiter.close();
      await tokenStore.close();
    }
  });

  it('without a fresh token in memory, eligibility asks status() (no renewal): absent tokens skip REST', async () => {
    // never logged in: no token in memory, so eligibility asks status(), which answers absent
    const a = emulator.store.seeded;
    const anonymous = new MailUp({
      account: a.id,
      oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
      soap: { user: a.apiUser, password: a.apiPassword },
      baseUrls: { rest: emulator.urls.http, soap: emulator.urls.http },
      allowInsecureHttp: true,
    });
    try {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const got = await anonymous.newsletters.get({ listId: 1, id: messageId });
      expect(got.routed).toMatchObject({ via: 'soap', attempts: [{ via: 'soap', outcome: 'ok' }] });
      expect(journal.since(mark).servedBy('rest')).toEqual([]);
      expect((await anonymous.plan('newsletters.get')).candidates[0]).toMatchObject({
        via: 'rest',
        status: 'no-credentials',
      });
    } finally {
      await anonymous.close();
    }
  });
});

/** What an outcome shows a caller, with the call ids reduced to their shape. */
function outcome(value: { routed: { via: Via; callId: string; attempts: readonly { callId: string }[] } }) {
  const { via, callId, attempts } = value.routed;
  return {
    via,
    attempts: attempts.map((t) => ({ ...t, callId: t.callId.replace(callId, 'ID') })),
  };
}

function failure(error: unknown) {
  expect(error).toBeInstanceOf(MailUpError);
  const e = error as MailUpError;
  const routed = e.details?.routed as { callId: string; attempts: unknown[] };
  return {
    kind: e.kind,
    message: e.message,
    availableAt: e.availableAt,
    retryAfterMs: e.retryAfterMs,
    attempts: routed.attempts,
  };
}

describe('over budget: leaving the look to REST’s own limiter changes nothing a caller can see', () => {
  // REST: one call an hour, already spent; SOAP keeps its own (ample) rows. Both facades count in one quota store
  // on a standing clock; `looking`'s limiter refuses past 10 001 ms instead of the facade's 10 000, so its facade
  // keeps the budget look (the two wait bounds are no longer the same); `lookless` leaves it to REST's limiter.
  async function pair(clock: ManualClock) {
    const account = emulator.store.seeded.id;
    const store = new MemoryQuotaStore({ clock });
    const policy = {
      rows: [
        {
          protocol: 'rest' as const,
          operation: '*',
          match: 'default' as const,
          limits: [{ kind: 'rate' as const, calls: 1, perMs: 3_600_000 }],
          source: 'test: 1 an hour',
        },
      ],
    };
    const limiter = new Limiter({ account, clock, store, policy });
    const other = new Limiter({ account, clock, store, policy, maxWaitMs: 10_001 });
    for (const name of [
      'GET Console/List/{idList}/Email/{idMessage}',
      'POST Console/Email/Sendings/{idSending}/Stop',
    ]) {
      await limiter.acquire({ ...restRow(name).limited, account: String(account) });
    }
    const counter = countLooks(limiter);
    const looks = countLooks(other);
    const lookless = await facade(emulator, { limiter, clock });
    const looking = await facade(emulator, { limiter: other, clock });
    const close = async () => {
      await lookless.close();
      await looking.close();
      await store.close();
    };
    return { counter, looks, lookless, looking, close };
  }

  function record(m: MailUp): FacadeEvent[] {
    const events: FacadeEvent[] = [];
    for (const type of ['response', 'fallback', 'retry', 'throttled'] as const) m.on(type, (e) => events.push(e));
    return events;
  }

  const shape = (events: FacadeEvent[]) =>
    events.map((e) => ({ ...e, callId: e.callId.replace(/^[^.]+/, 'ID'), parentCallId: e.parentCallId && 'ID' }));

  it('a read with a SOAP candidate: skipped to SOAP with the same routed attempts, events and plan; REST sees nothing', async () => {
    const { counter, looks, lookless, looking, close } = await pair(new ManualClock(Date.now()));
    try {
      const journal = journalOf(emulator);
      const results = [];
      const events = [];
      for (const m of [lookless, looking]) {
        const seen = record(m);
        const mark = journal.mark();
        results.push(outcome(await m.newsletters.get({ listId: 1, id: messageId })));
        expect(journal.since(mark).servedBy('rest')).toEqual([]);
        events.push(shape(seen));
      }
      // each facade took its own path: lookless looked at SOAP's budget only, looking at REST's and SOAP's
      expect([counter.looks, looks.looks]).toEqual([1, 2]);
      expect(results[0]).toEqual({ via: 'soap', attempts: [{ via: 'soap', callId: 'ID.1', outcome: 'ok' }] });
      expect(results[1]).toEqual(results[0]);
      expect(events[0]?.map((e) => e.type)).toEqual(['response']);
      expect(events[1]).toEqual(events[0]);
      const plans = [await lookless.plan('newsletters.get'), await looking.plan('newsletters.get')];
      expect(plans[0]?.candidates[0]).toMatchObject({ via: 'rest', status: 'over-budget' });
      expect(plans[1]).toEqual(plans[0]);
    } finally {
      await close();
    }
  });

  it('a REST-only write (newsletters.stop): the same quota-exhausted error (availableAt, message, no attempt), nothing sent', async () => {
    const { counter, looks, lookless, looking, close } = await pair(new ManualClock(Date.now()));
    try {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const errors = [];
      for (const m of [lookless, looking]) {
        errors.push(failure(await m.newsletters.stop({ deliveryId: 1 }).catch((e: unknown) => e)));
      }
      journal.since(mark).expectNoRequests();
      expect([counter.looks, looks.looks]).toEqual([0, 1]);
      expect(errors[0]).toMatchObject({ kind: 'quota-exhausted', availableAt: expect.any(Number), attempts: [] });
      expect(errors[0]?.message).toContain('over-budget');
      expect(errors[1]).toEqual(errors[0]);
    } finally {
      await close();
    }
  });

  it('anyone listening to request events keeps the look (a refused try would show)', async () => {
    const { counter, lookless, close } = await pair(new ManualClock(Date.now()));
    try {
      const requests: FacadeEvent[] = [];
      lookless.on('request', (e) => requests.push(e));
      const got = await lookless.newsletters.get({ listId: 1, id: messageId });
      expect(counter.looks).toBe(2); // REST's budget and SOAP's, as before
      expect(got.routed.via).toBe('soap');
      expect(requests.map((e) => (e as { via?: Via }).via)).toEqual(['soap']);
    } finally {
      await close();
    }
  });
});

describe('an eligibility store that cannot answer', () => {
  it('a quota store and a switched-off store failing their reads leave the call to the member’s own limiter, logged (the call was failed outright before)', async () => {
    const memory = new MemoryQuotaStore();
    const stalled = new MailUpError({
      kind: 'transient',
      protocol: 'client',
      operation: 'quota',
      message: 'the quota store did not answer',
    });
    // The Redis store's answer to a stall longer than its command timeout; reservations still work.
    const store = Object.assign(Object.create(memory) as MemoryQuotaStore, {
      inspect: () => Promise.reject(stalled),
    });
    const limiter = new Limiter({ account: emulator.store.seeded.id, store });
    const warnings: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (fields: unknown) => warnings.push(fields),
      error() {},
    };
    const switchedOff = sharedSwitchedOff();
    switchedOff.get = () => Promise.reject(stalled);
    const m = await facade(emulator, { limiter, logger, switchedOffMemory: { store: switchedOff, cacheMs: 0 } });
    try {
      const requests: FacadeEvent[] = [];
      m.on('request', (e) => requests.push(e)); // keeps the budget look on this call's path
      const got = await m.newsletters.get({ listId: 1, id: messageId });
      expect(got.routed.via).toBe('rest');
      expect(requests).toHaveLength(1);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ store: 'quota store', via: 'rest', error: 'transient' }),
          expect.objectContaining({ store: 'switched-off memory', via: 'rest', error: 'transient' }),
        ]),
      );
      const plan = await m.plan('newsletters.get');
      expect(plan.choice).toBe('rest');
    } finally {
      await m.close();
    }
  });
});
