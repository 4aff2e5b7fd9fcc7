import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SoapClient } from '@mailup-kit/soap';
import { journalOf } from '@mailup-kit/testkit/journal';
import { type RestSession, restSession } from '@mailup-kit/testkit/rest-session';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../src/catalogue/stand-in.js';
import {
  type NewsletterMembers,
  newslettersCreate,
  newslettersDelete,
  newslettersGet,
  newslettersSchedule,
  newslettersSend,
  newslettersSendToRecipient,
  newslettersStatus,
  newslettersStop,
  newslettersUpdate,
} from '../src/index.js';

let emulator: RunningEmulator;
let session: RestSession;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  emulator = await startEmulator();
  session = await restSession(emulator);
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  emulator.control.reset();
});
afterAll(async () => {
  session.close();
  await emulator.close();
});

function members(options: { limiter?: Limiter } = {}): Required<NewsletterMembers> {
  const a = emulator.store.seeded;
  const soap = new SoapClient({
    user: a.apiUser,
    password: a.apiPassword,
    baseUrl: emulator.urls.http,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  closers.push(() => soap.close());
  return { rest: session.rest, soap };
}

const create = newslettersCreate();
const get = newslettersGet();
const update = newslettersUpdate();
const send = newslettersSend();
const one = newslettersSendToRecipient();

describe('newsletters through the facade catalogue', () => {
  it('create, get and update give the same canonical result through REST and SOAP; the journal names who served', async () => {
    const m = members();
    const journal = journalOf(emulator);
    let mark = journal.mark();
    const input = { listId: 1, subject: 'Spring news', html: '<p>Hello</p>' };
    const viaRest = await runOperation(create, m, input, { prefer: ['rest'] });
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    expect(journal.since(mark).servedBy('soap')).toHaveLength(0);
    mark = journal.mark();
    const viaSoap = await runOperation(create, m, input, { prefer: ['soap'] });
    journal.since(mark).expectSentOnce('soap:MailupSend.CreateNewsletter');
    expect(journal.since(mark).servedBy('rest')).toHaveLength(0);
    const { routed: _r, ...restResult } = viaRest;
    const { routed: _s, ...soapResult } = viaSoap;
    expect({ ...restResult, id: 0 }).toEqual({ ...soapResult, id: 0 });
    expect(viaSoap.id).not.toBe(viaRest.id);

    // each message read back through both transports: one shape
    for (const id of [viaRest.id, viaSoap.id]) {
      const a = await runOperation(get, m, { listId: 1, id }, { prefer: ['rest'] });
      const b = await runOperation(get, m, { listId: 1, id }, { prefer: ['soap'] });
      expect([a.routed.via, b.routed.via]).toEqual(['rest', 'soap']);
      const { routed: _a, ...left } = a;
      const { routed: _b, ...right } = b;
      expect(left).toEqual(right);
      expect(left).toEqual({ id, listId: 1, subject: 'Spring news', html: '<p>Hello</p>' });
    }

    await runOperation(update, m, { listId: 1, id: viaRest.id, subject: 'Summer news' }, { prefer: ['soap'] });
    await runOperation(update, m, { listId: 1, id: viaSoap.id, subject: 'Summer news' }, { prefer: ['rest'] });
    for (const id of [viaRest.id, viaSoap.id]) {
      expect((await runOperation(get, m, { listId: 1, id })).subject).toBe('Summer news');
    }

    mark = journal.mark();
    const deleted = await runOperation(newslettersDelete(), m, { listId: 1, id: viaSoap.id });
    expect(deleted.routed.via).toBe('rest');
    const gone = await runOperation(get, m, { listId: 1, id: viaSoap.id }, { prefer: ['soap'] }).catch((e) => e);
    expect(MailUpError.is(gone)).toBe(true);
  });

  it('send to the list, to a group and to one recipient through each candidate; status and stop', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const created = await runOperation(create, m, { listId: 1, subject: 'Offers', html: '<p>10%</p>' });
    const ref = { listId: 1, id: created.id };

    let mark = journal.mark();
    const viaRest = await runOperation(send, m, ref, { prefer: ['rest'] });
    expect(viaRest).toMatchObject({ newsletterId: created.id, routed: { via: 'rest' } });
    expect(typeof viaRest.recipients).toBe('number');
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    mark = journal.mark();
    const viaSoap = await runOperation(send, m, ref, { prefer: ['soap'] });
    expect(viaSoap).toMatchObject({ newsletterId: created.id, routed: { via: 'soap' } });
    journal.since(mark).expectSentOnce('soap:MailupSend.SendNewsletter');
    const status = await runOperation(newslettersStatus(), m, { deliveryId: viaSoap.deliveryId as number });
    expect(status).toMatchObject({ deliveryId: viaSoap.deliveryId, status: 'sent' });

    const groups = await m.soap.getGroups(1);
    const groupId = Number(groups[0]?.groupID);
    expect(groupId).toBeGreaterThan(0);
    for (const via of ['rest', 'soap'] as const) {
      const toGroup = await runOperation(send, m, { ...ref, groupId }, { prefer: [via] });
      expect(toGroup.routed.via).toBe(via);
      const single = await runOperation(one, m, { ...ref, email: 'ann@example.com' }, { prefer: [via] });
      expect(single).toMatchObject({ newsletterId: created.id, routed: { via } });
      expect(single.deliveryId).toBeGreaterThan(0);
    }

    const at = new Date(Date.now() + 86_400_000);
    const later = await runOperation(newslettersSchedule(), m, { ...ref, at }, { prefer: ['soap'] });
    expect((await runOperation(newslettersStatus(), m, { deliveryId: later.deliveryId as number })).status).toBe(
      'deferred',
    );
    mark = journal.mark();
    const stopped = await runOperation(newslettersStop(), m, { deliveryId: later.deliveryId as number });
    expect(stopped.routed.via).toBe('rest');
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    const noAt = await runOperation(newslettersSchedule(), m, ref).catch((e) => e);
    expect(MailUpError.is(noAt, 'validation')).toBe(true);
  });

  it('the SOAP daily CreateNewsletter row, through the limiter: past it the call is refused before it leaves and REST serves', async () => {
    // the API use policy's row with a smaller number, so the test does not make 100 calls
    const row = {
      protocol: 'soap',
      operation: 'CreateNewsletter',
      match: 'exact',
      source: 'test: 3 CreateNewsletter a day',
    } as const;
    const limiter = new Limiter({ policy: { rows: [{ ...row, limits: [{ kind: 'daily', calls: 3 }] }] } });
    closers.push(() => limiter.close());
    const m = members({ limiter });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const served = [];
    for (let i = 0; i < 4; i++) {
      const r = await runOperation(create, m, { listId: 1, subject: `Daily ${i}`, html: 'x' }, { prefer: ['soap'] });
      served.push(r.routed.attempts.map((a) => `${a.via}:${a.outcome}`).join(' > '));
    }
    expect(served).toEqual(['soap:ok', 'soap:ok', 'soap:ok', 'soap:quota-exhausted > rest:ok']);
    expect(journal.since(mark).servedBy('soap:MailupSend.CreateNewsletter')).toHaveLength(3);
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
  });

  it('a SOAP SendNewsletter reset after the emulator acted is never repeated over REST', async () => {
    const m = members();
    const created = await runOperation(create, m, { listId: 1, subject: 'Once', html: 'x' });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'soap',
      operation: 'SendNewsletter',
      action: { type: 'reset-after' },
    });
    const error = await runOperation(
      send,
      m,
      { listId: 1, id: created.id },
      { prefer: ['soap'], allowPartial: true },
    ).catch((e: unknown) => e);
    expect((error as MailUpError).bytesMayHaveLeft).toBe(true);
    journal.since(mark).expectSentOnce('soap:MailupSend.SendNewsletter');
    expect(journal.since(mark).servedBy('rest')).toHaveLength(0);
  });

  it('bad input is a validation error with nothing sent', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const bad: Array<Promise<unknown>> = [];
    for (const via of ['rest', 'soap'] as const) {
      bad.push(runOperation(create, m, { listId: 0, subject: 'x', html: 'x' }, { prefer: [via] }));
      bad.push(runOperation(create, m, { listId: 1, subject: 'a\r\nb', html: 'x' }, { prefer: [via] }));
      bad.push(runOperation(send, m, { listId: 1, id: -1 }, { prefer: [via] }));
      bad.push(runOperation(one, m, { listId: 1, id: 1, email: 'nobody' }, { prefer: [via] }));
      bad.push(runOperation(send, m, { listId: 1, id: 1, at: new Date(Number.NaN) }, { prefer: [via] }));
    }
    for (const outcome of await Promise.allSettled(bad)) {
      expect(outcome.status).toBe('rejected');
      expect(MailUpError.is((outcome as PromiseRejectedResult).reason, 'validation')).toBe(true);
    }
    journal.since(mark).expectNoRequests();
  });
});
