import { inspect } from 'node:util';
import { MailUpError, ManualClock } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FacadeEvent, MailUp, Via } from '../src/index.js';
import { facade } from './support.js';

let emulator: RunningEmulator;
let mailup: MailUp;
let n = 0;
const fresh = () => `facade${++n}.${Date.now()}@example.com`;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.control.reset();
  const fe = emulator.store.account(emulator.store.seeded.id).service('FrontEnd');
  fe.enabled = true;
  fe.checkIp = false;
  mailup = await facade(emulator);
});
afterEach(() => mailup.close());

async function rejection(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailUpError);
  return error as MailUpError;
}

/** Runs `fn` preferring `via`, and proves through the journal that `via` (and only it) served it. */
async function through<T>(via: Via, prefix: string, fn: (prefer: readonly Via[]) => Promise<T>): Promise<T> {
  const journal = journalOf(emulator);
  const mark = journal.mark();
  const result = await fn([via]);
  const seen = journal.since(mark).entries();
  const served = seen.filter((e) => e.operation !== 'oauth:token');
  expect(served.length).toBeGreaterThan(0);
  for (const e of served) expect(e.operation.startsWith(prefix), `${e.operation} served by ${via}`).toBe(true);
  return result;
}

const PREFIX: Record<string, string> = { rest: 'rest:', soap: 'soap:', import: 'import:', frontend: 'frontend:' };

describe('every operation through every candidate transport: one canonical result, served-by proven by the journal', () => {
  it('account.info: REST (full) and SOAP (partial: the id only) agree on the account id', async () => {
    const rest = await through('rest', 'rest:', (prefer) => mailup.account.info({ prefer }));
    const soap = await through('soap', 'soap:', (prefer) => mailup.account.info({ prefer, allowPartial: true }));
    expect(rest.accountId).toBe(emulator.store.seeded.id);
    expect(soap.accountId).toBe(rest.accountId);
    expect(rest.routed.via).toBe('rest');
    expect(soap.routed.via).toBe('soap');
  });

  it('lists.all and lists.get: REST, SOAP and WSMailUpImport answer the same lists', async () => {
    const all: Record<string, unknown> = {};
    for (const via of ['rest', 'soap', 'import'] as const) {
      const lists = mailup.lists.all({ prefer: [via] });
      const items = await through(via, PREFIX[via] as string, () => lists.toArray());
      expect(lists.routed?.via).toBe(via);
      all[via] = items.sort((a, b) => a.id - b.id);
      const one = await through(via, PREFIX[via] as string, (prefer) => mailup.lists.get(2, { prefer }));
      expect({ id: one.id, guid: one.guid, name: one.name }).toEqual(items.find((l) => l.id === 2));
    }
    expect(all.rest).toEqual(all.soap);
    expect(all.import).toEqual(all.rest);
    expect(all.rest).toContainEqual({
      id: 1,
      guid: emulator.store.account(emulator.store.seeded.id).list(1).guid,
      name: 'Newsletter',
    });
  });

  it('lists.update and lists.delete through REST and SOAP; lists.create through REST and SOAP (partial)', async () => {
    const base = {
      ownerEmail: 'owner@example.com',
      replyTo: 'reply@example.com',
      senderName: 'Sender',
      companyName: 'ACME',
      contactName: 'Ada',
      address: 'Via Roma 1',
      city: 'Milano',
      countryCode: 'IT',
      permissionReminder: 'You asked for it',
      websiteUrl: 'https://example.com',
      business: true,
      customer: true,
    };
    for (const via of ['rest', 'soap'] as const) {
      const name = `Facade ${via} ${Date.now()}`;
      const created = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.lists.create({ ...base, name }, { prefer, allowPartial: via === 'soap' }),
      );
      expect(created).toMatchObject({ name, id: expect.any(Number), guid: expect.stringMatching(/^[0-9a-f-]{36}$/i) });
      const renamed = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.lists.update({ listId: created.id, name: `${name} renamed` }, { prefer }),
      );
      expect({ id: renamed.id, guid: renamed.guid, name: renamed.name }).toEqual({
        id: created.id,
        guid: created.guid,
        name: `${name} renamed`,
      });
      const deleted = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.lists.delete(created.id, { prefer }),
      );
      expect(deleted).toMatchObject({ id: created.id, deleted: true });
      expect(emulator.store.account(emulator.store.seeded.id).lists.has(created.id)).toBe(false);
    }
  });

  it('groups.of, create, update, delete through every candidate', async () => {
    const seen: Record<string, unknown> = {};
    for (const via of ['rest', 'soap', 'import'] as const) {
      const groups = await through(via, PREFIX[via] as string, () => mailup.groups.of(1, { prefer: [via] }).toArray());
      seen[via] = groups.sort((a, b) => a.id - b.id);
    }
    expect(seen.soap).toEqual(seen.rest);
    expect(seen.import).toEqual(seen.rest);
    for (const via of ['rest', 'soap', 'import'] as const) {
      const name = `G ${via} ${Date.now()}`;
      const created = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.groups.create({ listId: 1, name }, { prefer, allowPartial: via === 'import' }),
      );
      expect(created).toEqual({ id: expect.any(Number), listId: 1, name, routed: expect.objectContaining({ via }) });
      expect(emulator.store.account(emulator.store.seeded.id).groups.get(created.id)?.name).toBe(name);
      if (via === 'import') continue; // WSMailUpImport has no update or delete
      const updated = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.groups.update({ listId: 1, groupId: created.id, name: `${name}!` }, { prefer }),
      );
      expect({ id: updated.id, listId: updated.listId, name: updated.name }).toEqual({
        id: created.id,
        listId: 1,
        name: `${name}!`,
      });
      await through(via, PREFIX[via] as string, (prefer) =>
        mailup.groups.delete({ listId: 1, groupId: created.id }, { prefer }),
      );
      expect(emulator.store.account(emulator.store.seeded.id).groups.has(created.id)).toBe(false);
    }
  });

  it('recipients: subscribe (confirmed opt-in by default), status, updateFields, unsubscribe through REST and the frontend pages', async () => {
    for (const via of ['rest', 'frontend'] as const) {
      const email = fresh();
      const sub = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.recipients.subscribe({ listId: 1, email }, { prefer }),
      );
      expect(sub).toMatchObject({ listId: 1, email, status: 'pending', routed: { via } });
      for (const check of ['rest', 'frontend'] as const) {
        const status = await through(check, PREFIX[check] as string, (prefer) =>
          mailup.recipients.status({ listId: 1, email }, { prefer }),
        );
        expect(status).toMatchObject({ listId: 1, email, status: 'pending' });
      }
      const direct = fresh();
      const now = await mailup.recipients.subscribe({ listId: 1, email: direct, confirm: false }, { prefer: [via] });
      expect(now.status).toBe('subscribed');
      const updated = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.recipients.updateFields({ listId: 1, email: direct, fields: { 1: `Ada ${via}` } }, { prefer }),
      );
      expect(updated).toMatchObject({ listId: 1, email: direct, updated: true });
      const got = await mailup.recipients.get({ listId: 1, email: direct });
      expect(got).toMatchObject({
        email: direct,
        status: 'subscribed',
        fields: expect.objectContaining({ 1: `Ada ${via}` }),
      });
      const off = await through(via, PREFIX[via] as string, (prefer) =>
        mailup.recipients.unsubscribe({ listId: 1, email: direct }, { prefer }),
      );
      expect(off).toMatchObject({ outcome: 'unsubscribed' });
      for (const check of ['rest', 'frontend'] as const) {
        const status = await mailup.recipients.status({ listId: 1, email: direct }, { prefer: [check] });
        expect(status.status).toBe('unsubscribed');
      }
      const unknown = await mailup.recipients.unsubscribe({ listId: 1, email: fresh() }, { prefer: [via] });
      expect(unknown.outcome).toBe('not-subscribed');
    }
  });

  it('recipients.subscribed / pending / unsubscribed walk the list (REST)', async () => {
    const email = fresh();
    await mailup.recipients.subscribe({ listId: 2, email, confirm: false });
    const all = await through('rest', 'rest:', () => mailup.recipients.subscribed(2, { pageSize: 2 }).toArray());
    expect(all.map((r) => r.email)).toContain(email);
    const pending = fresh();
    await mailup.recipients.subscribe({ listId: 2, email: pending });
    expect((await mailup.recipients.pending(2).toArray()).map((r) => r.email)).toContain(pending);
    await mailup.recipients.unsubscribe({ listId: 2, email });
    expect((await mailup.recipients.unsubscribed(2).toArray()).map((r) => r.email)).toContain(email);
  });

  it('statistics: message and recipient counts and lists (REST MailStatistics)', async () => {
    const email = fresh();
    await mailup.recipients.subscribe({ listId: 1, email, confirm: false });
    const r = await mailup.recipients.get({ listId: 1, email });
    const count = await through('rest', 'rest:', (prefer) =>
      mailup.statistics.recipientCount(r.id, 'Views', { prefer }),
    );
    expect(count).toMatchObject({ count: 0, routed: { via: 'rest' } });
    expect(await mailup.statistics.recipientList(r.id, 'Views').toArray()).toEqual([]);
    expect((await mailup.statistics.messageCount(1, 'Views')).count).toEqual(expect.any(Number));
    expect(Array.isArray(await mailup.statistics.messageList(1, 'Views').toArray())).toBe(true);
  });
});

describe('fallback: each reason to move on, and each reason not to', () => {
  it('a read moves on after a transient error (after REST’s own retries); the events tell the story', async () => {
    const events: FacadeEvent[] = [];
    mailup.on('*', (e) => events.push(e));
    emulator.control.addFault({
      protocol: 'rest',
      operation: 'GET Console/List',
      action: { type: 'status', status: 503 },
      times: 20,
    });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const lists = mailup.lists.all();
    const items = await lists.toArray();
    expect(items.map((l) => l.id).sort()).toEqual([1, 2]);
    expect(lists.routed).toMatchObject({
      via: 'soap',
      attempts: [
        { via: 'rest', outcome: 'transient', reason: 'transient' },
        { via: 'soap', outcome: 'ok' },
      ],
    });
    expect(journal.since(mark).servedBy('rest:GET Console/List').length).toBeGreaterThan(0);
    journal.since(mark).expectServedBy('soap:MailupSend.GetLists');
    const fallback = events.find((e) => e.type === 'fallback');
    expect(fallback).toMatchObject({ from: 'rest', to: 'soap', reason: 'transient', errorKind: 'transient' });
    const callId = lists.routed?.callId as string;
    expect(events.filter((e) => e.type === 'request').map((e) => [e.callId, e.parentCallId])).toEqual([
      [`${callId}.1`, callId],
      [`${callId}.2`, callId],
    ]);
  });

  it('a switched-off service (the frontend answers -1011) moves a send on before it was applied, and is remembered', async () => {
    emulator.store.account(emulator.store.seeded.id).service('FrontEnd').enabled = false;
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const email = fresh();
    const sub = await mailup.recipients.subscribe({ listId: 1, email }, { prefer: ['frontend', 'rest'] });
    expect(sub.routed).toMatchObject({
      via: 'rest',
      attempts: [{ via: 'frontend', outcome: 'ip-not-allowed', reason: 'switched-off' }, { via: 'rest' }],
    });
    journal.since(mark).expectSentOnce('frontend:xmlSubscribe');
    journal.since(mark).expectSentOnce('rest:POST Console/List/{idList}/Recipient');
    // remembered: the next call does not knock on the frontend's door again
    const mark2 = journal.mark();
    const plan = await mailup.plan('recipients.subscribe', undefined, { prefer: ['frontend', 'rest'] });
    expect(plan.candidates.find((c) => c.via === 'frontend')).toMatchObject({
      status: 'switched-off',
      reason: expect.stringContaining('ip-not-allowed'),
    });
    expect(plan.choice).toBe('rest');
    await mailup.recipients.subscribe({ listId: 1, email: fresh() }, { prefer: ['frontend', 'rest'] });
    expect(journal.since(mark2).servedBy('frontend')).toEqual([]);
    await mailup.forgetSwitchedOff('frontend');
    expect((await mailup.plan('recipients.subscribe', undefined, { prefer: ['frontend'] })).choice).toBe('frontend');
  });

  it('an over-budget candidate is skipped by the non-reserving check (nothing reserved, nothing sent)', async () => {
    // the facade's and the limiter's clock stands still, so the spent second cannot slide by under a loaded machine
    const clock = new ManualClock(Date.now());
    const account = emulator.store.seeded.id;
    const limiter = new Limiter({ account, clock });
    // spend the 5/s of REST GET Console/List through the shared limiter; the next slot is within a second
    for (let i = 0; i < 5; i++) await limiter.acquire({ protocol: 'rest', operation: 'GET Console/List', account });
    const strict = await facade(emulator, { limiter, clock, maxWaitMs: 0 });
    try {
      const plan = await strict.plan('lists.all');
      expect(plan.candidates[0]).toMatchObject({
        via: 'rest',
        status: 'over-budget',
        budgetLeft: 0,
        availableAt: expect.any(Number),
      });
      expect(plan.candidates[0]?.rows[0]).toMatchObject({
        operation: 'rest:GET Console/List',
        policy: expect.any(String),
        remaining: 0,
      });
      expect(plan.choice).toBe('soap');
      const before = (await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/List', account }))
        ?.remaining;
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const lists = strict.lists.all();
      await lists.toArray();
      expect(lists.routed?.via).toBe('soap');
      expect(journal.since(mark).servedBy('rest')).toEqual([]);
      expect((await limiter.inspectCall({ protocol: 'rest', operation: 'GET Console/List', account }))?.remaining).toBe(
        before,
      );
    } finally {
      await strict.close();
      await limiter.close();
    }
  });

  it('a send refused by our own limiter (quota-exhausted: nothing left the machine) moves on to the next transport', async () => {
    const clock = new ManualClock(Date.now());
    const account = emulator.store.seeded.id;
    // the limiter fails at once (maxWaitMs 0) while the facade's look says "within 10 s": eligible, then refused
    const limiter = new Limiter({ account, clock, maxWaitMs: 0 });
    const operation = 'POST Console/List/{idList}/Recipient';
    for (let i = 0; i < 5; i++) await limiter.acquire({ protocol: 'rest', operation, account });
    const strict = await facade(emulator, { limiter, clock });
    try {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const email = fresh();
      const sub = await strict.recipients.subscribe({ listId: 1, email });
      expect(sub.routed).toMatchObject({
        via: 'frontend',
        attempts: [
          { via: 'rest', outcome: 'quota-exhausted', reason: 'quota-exhausted' },
          { via: 'frontend', outcome: 'ok' },
        ],
      });
      expect(journal.since(mark).servedBy(`rest:${operation}`)).toEqual([]);
      journal.since(mark).expectSentOnce('frontend:xmlSubscribe');
    } finally {
      await strict.close();
      await limiter.close();
    }
  });

  it('credentials refused before acting (REST 401 on a revoked token) move a read on to SOAP', async () => {
    emulator.control.addFault({
      protocol: 'rest',
      operation: 'GET Console/Authentication/Info',
      action: { type: 'status', status: 401, body: '{"error":"invalid_token"}' },
      times: 10,
    });
    const info = await mailup.account.info({ allowPartial: true });
    expect(info.routed.attempts[0]).toMatchObject({
      via: 'rest',
      reason: expect.stringMatching(/credentials-refused|transient/),
    });
    expect(info.routed.via).toBe('soap');
  });

  it('contract not signed: each transport refuses before acting, the read tries them all once, then none is knocked on again', async () => {
    await emulator.control.action('account.contract', { signed: false });
    try {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const error = await rejection(mailup.lists.get(1));
      expect(error.kind).toBe('contract-not-signed');
      expect(error.details?.routed).toMatchObject({
        attempts: [
          { via: 'rest', outcome: 'contract-not-signed', reason: 'switched-off' },
          { via: 'soap', outcome: 'contract-not-signed', reason: 'switched-off' },
          { via: 'import', outcome: 'contract-not-signed', reason: 'no-candidate-left' },
        ],
      });
      journal.since(mark).expectSentOnce('rest:GET Console/List/{idList}');
      const plan = await mailup.plan('lists.get');
      expect(plan.candidates.map((c) => c.status)).toEqual(['switched-off', 'switched-off', 'switched-off']);
      expect(plan.candidates[0]?.reason).toContain('contract-not-signed');
      expect(plan.choice).toBeUndefined();
      const mark2 = journal.mark();
      expect((await rejection(mailup.lists.all().toArray())).kind).toBe('contract-not-signed');
      journal.since(mark2).expectNoRequests();
    } finally {
      await emulator.control.action('account.contract', { signed: true });
    }
  });

  it('a read the server answers not-found is surfaced, not tried elsewhere', async () => {
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const error = await rejection(mailup.lists.get(9_999));
    expect(error.kind).toBe('not-found');
    expect(error.details?.routed).toMatchObject({
      attempts: [{ via: 'rest', outcome: 'not-found', reason: 'not-movable' }],
    });
    expect(journal.since(mark).servedBy('soap')).toEqual([]);
  });

  it('a send whose bytes may have left is never tried on another transport (the emulator sees one request)', async () => {
    emulator.control.addFault({
      protocol: 'rest',
      operation: 'POST Console/List/{idList}/Recipient',
      phase: 'after-apply',
      action: { type: 'reset' },
    });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const email = fresh();
    const error = await rejection(mailup.recipients.subscribe({ listId: 1, email }));
    expect(error.kind).toBe('ambiguous');
    expect(error.details?.routed).toMatchObject({
      operation: 'recipients.subscribe',
      attempts: [{ via: 'rest', outcome: 'ambiguous', reason: 'bytes-may-have-left' }],
    });
    journal.since(mark).expectSentOnce('rest:POST Console/List/{idList}/Recipient');
    expect(journal.since(mark).servedBy('frontend')).toEqual([]);
  });

  it('a write answered 5xx is not moved (it may have been applied)', async () => {
    emulator.control.addFault({
      protocol: 'rest',
      operation: 'POST Console/List/{idList}/Group',
      action: { type: 'status', status: 503 },
    });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const error = await rejection(mailup.groups.create({ listId: 1, name: `never twice ${Date.now()}` }));
    expect(['ambiguous', 'transient']).toContain(error.kind);
    expect(journal.since(mark).servedBy('soap')).toEqual([]);
  });

  it('bad input is a validation error and nothing is sent; a partial candidate is used only when allowed', async () => {
    const journal = journalOf(emulator);
    const mark = journal.mark();
    expect((await rejection(mailup.recipients.subscribe({ listId: 1, email: 'not an email' }))).kind).toBe(
      'validation',
    );
    expect((await rejection(mailup.lists.get(0))).details?.field).toBe('listId');
    expect((await rejection(mailup.groups.create({ listId: 1, name: 'a\r\nb' }))).kind).toBe('validation');
    journal.since(mark).expectNoRequests();
    // SOAP's account.info is partial (the id only): preferred but not allowed, it is skipped for REST
    const skipped = await mailup.account.info({ prefer: ['soap'] });
    expect(skipped.routed.via).toBe('rest');
    const allowed = await mailup.account.info({ prefer: ['soap'], allowPartial: true });
    expect(allowed.routed.via).toBe('soap');
    expect((await mailup.plan('account.info', undefined, { prefer: ['soap'] })).candidates[0]).toMatchObject({
      via: 'soap',
      status: 'eligible',
      chosen: false,
      reason: expect.stringContaining('partial'),
      differs: [expect.stringContaining('only the account id')],
    });
  });
});

describe('plan()', () => {
  it('never sends: the emulator sees nothing during a plan of every operation, and the choice is what a call uses', async () => {
    const journal = journalOf(emulator);
    const mark = journal.mark();
    for (const id of mailup.catalogue.keys()) {
      const plan = await mailup.plan(id);
      expect(plan.operation).toBe(id);
      expect(plan.candidates.length).toBeGreaterThan(0);
      for (const c of plan.candidates) {
        expect(c.equivalence.kind === 'same' ? c.differs : c.differs.length).toEqual(
          c.equivalence.kind === 'same' ? [] : expect.any(Number),
        );
      }
    }
    journal.since(mark).expectNoRequests();
    const plan = await mailup.plan('lists.all');
    expect(plan.candidates.map((c) => [c.via, c.status])).toEqual([
      ['rest', 'eligible'],
      ['soap', 'eligible'],
      ['import', 'eligible'],
    ]);
    expect(plan.candidates[0]?.rows[0]).toMatchObject({
      operation: 'rest:GET Console/List',
      policy: expect.stringMatching(/.+/),
    });
    const lists = mailup.lists.all();
    await lists.toArray();
    expect(lists.routed?.via).toBe(plan.choice);
  });

  it('reports not-configured and no-credentials without renewing anything', async () => {
    const { MailUp } = await import('../src/index.js');
    const a = emulator.store.seeded;
    const bare = new MailUp({
      account: a.id,
      oauth: { clientId: a.oauthClient.clientId, clientSecret: a.oauthClient.clientSecret },
      baseUrls: { rest: emulator.urls.http },
    });
    try {
      const journal = journalOf(emulator);
      const mark = journal.mark();
      const plan = await bare.plan('lists.all');
      expect(plan.candidates.map((c) => [c.via, c.status])).toEqual([
        ['rest', 'no-credentials'],
        ['soap', 'not-configured'],
        ['import', 'not-configured'],
      ]);
      expect(plan.choice).toBeUndefined();
      const error = await rejection(bare.lists.get(1));
      expect(error.message).toContain('no candidate');
      journal.since(mark).expectNoRequests();
    } finally {
      await bare.close();
    }
  });

  it('limits.status() shows the remaining budget of the policy rows in use', async () => {
    await mailup.lists.get(1);
    const rows = await mailup.limits.status();
    expect(rows.find((r) => r.protocol === 'rest' && r.operation === 'GET Console/List/{idList}')).toMatchObject({
      remaining: expect.any(Number),
      source: expect.any(String),
    });
  });
});

describe('events: one stream for every protocol', () => {
  it('forwards credential renewals (OAuth after the server expired the token) with no secret in them', async () => {
    const events: FacadeEvent[] = [];
    mailup.on('credential-renewed', (e) => events.push(e));
    await mailup.lists.get(1);
    await emulator.control.action('oauth.expireTokens');
    const list = await mailup.lists.get(1, { prefer: ['rest'] });
    expect(list.routed.via).toBe('rest');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'credential-renewed', protocol: 'oauth', reason: 'rejected-by-server' }),
    );
    // the renewal names its credential's key and the facade attempt that caused it
    const renewed = events.find((e) => e.type === 'credential-renewed');
    expect(renewed).toMatchObject({
      operation: 'oauth:token',
      key: mailup.tokens?.key,
      callId: `${list.routed.callId}.1`,
      parentCallId: list.routed.callId,
      attempt: 1,
    });
    const a = emulator.store.seeded;
    expect(JSON.stringify(events)).not.toContain(a.oauthClient.clientSecret);
  });

  it('forwards the SOAP access key’s login (once, named by the call that needed it) with no secret in it', async () => {
    const events: FacadeEvent[] = [];
    mailup.on('credential-renewed', (e) => events.push(e));
    const lists = mailup.lists.all({ prefer: ['soap'] });
    await lists.toArray();
    expect(lists.routed?.via).toBe('soap');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'credential-renewed',
      protocol: 'soap',
      operation: expect.stringMatching(/^soap:MailupSend\.Login/),
      key: expect.any(String),
      parentCallId: lists.routed?.callId,
    });
    expect(JSON.stringify(events)).not.toContain(emulator.store.seeded.apiPassword);
  });

  it('a listener that throws never changes the outcome; unsubscribing stops the events', async () => {
    const seen: string[] = [];
    const off = mailup.on('response', (e) => {
      seen.push(e.outcome);
      throw new Error('listener bug');
    });
    expect((await mailup.lists.get(1)).id).toBe(1);
    off();
    await mailup.lists.get(1);
    expect(seen).toEqual(['ok']);
  });
});

describe('configuration and secrets', () => {
  it('util.inspect of the facade shows no secret', () => {
    const a = emulator.store.seeded;
    const text = inspect(mailup, { depth: 8, showHidden: true });
    for (const secret of [a.apiPassword, a.consolePassword, a.oauthClient.clientSecret])
      expect(text).not.toContain(secret);
  });
});
