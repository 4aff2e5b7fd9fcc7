import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import type { SoapClient } from '@mailup-kit/soap';
import { journalOf } from '@mailup-kit/testkit/journal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type MailUp,
  NEWSLETTERS_CREATE,
  NEWSLETTERS_DELETE,
  NEWSLETTERS_GET,
  NEWSLETTERS_SCHEDULE,
  NEWSLETTERS_SEND,
  NEWSLETTERS_SEND_TO_RECIPIENT,
  NEWSLETTERS_STATUS,
  NEWSLETTERS_STOP,
  NEWSLETTERS_UPDATE,
} from '../src/index.js';
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

/** A facade on the seeded account (REST logged in, SOAP), closed after the test. */
async function members(options: { limiter?: Limiter } = {}): Promise<MailUp> {
  const mailup = await facade(emulator, options.limiter ? { limiter: options.limiter } : {});
  closers.push(() => mailup.close());
  return mailup;
}

const create = NEWSLETTERS_CREATE;
const get = NEWSLETTERS_GET;
const update = NEWSLETTERS_UPDATE;
const send = NEWSLETTERS_SEND;
const one = NEWSLETTERS_SEND_TO_RECIPIENT;

describe('newsletters through the facade catalogue', () => {
  it('create, get and update give the same canonical result through REST and SOAP; the journal names who served', async () => {
    const m = await members();
    const journal = journalOf(emulator);
    let mark = journal.mark();
    const input = { listId: 1, subject: 'Spring news', html: '<p>Hello</p>' };
    const viaRest = await m.run(create, input, { prefer: ['rest'] });
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    expect(journal.since(mark).servedBy('soap')).toHaveLength(0);
    mark = journal.mark();
    const viaSoap = await m.run(create, input, { prefer: ['soap'] });
    journal.since(mark).expectSentOnce('soap:MailupSend.CreateNewsletter');
    expect(journal.since(mark).servedBy('rest')).toHaveLength(0);
    const { routed: _r, ...restResult } = viaRest;
    const { routed: _s, ...soapResult } = viaSoap;
    expect({ ...restResult, id: 0 }).toEqual({ ...soapResult, id: 0 });
    expect(viaSoap.id).not.toBe(viaRest.id);

    // each message read back through both transports: one shape
    for (const id of [viaRest.id, viaSoap.id]) {
      const a = await m.run(get, { listId: 1, id }, { prefer: ['rest'] });
      const b = await m.run(get, { listId: 1, id }, { prefer: ['soap'] });
      expect([a.routed.via, b.routed.via]).toEqual(['rest', 'soap']);
      const { routed: _a, ...left } = a;
      const { routed: _b, ...right } = b;
      expect(left).toEqual(right);
      expect(left).toEqual({ id, listId: 1, subject: 'Spring news', html: '<p>Hello</p>' });
    }

    await m.run(update, { listId: 1, id: viaRest.id, subject: 'Summer news' }, { prefer: ['soap'] });
    await m.run(update, { listId: 1, id: viaSoap.id, subject: 'Summer news' }, { prefer: ['rest'] });
    for (const id of [viaRest.id, viaSoap.id]) {
      expect((await m.run(get, { listId: 1, id })).subject).toBe('Summer news');
    }

    mark = journal.mark();
    const deleted = await m.run(NEWSLETTERS_DELETE, { listId: 1, id: viaSoap.id });
    expect(deleted.routed.via).toBe('rest');
    const gone = await m.run(get, { listId: 1, id: viaSoap.id }, { prefer: ['soap'] }).catch((e) => e);
    expect(MailUpError.is(gone)).toBe(true);
  });

  it('send to the list, to a group and to one recipient through each candidate; status and stop', async () => {
    const m = await members();
    const journal = journalOf(emulator);
    const created = await m.run(create, { listId: 1, subject: 'Offers', html: '<p>10%</p>' });
    const ref = { listId: 1, id: created.id };

    let mark = journal.mark();
    const viaRest = await m.run(send, ref, { prefer: ['rest'] });
    expect(viaRest).toMatchObject({ newsletterId: created.id, routed: { via: 'rest' } });
    expect(typeof viaRest.recipients).toBe('number');
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    mark = journal.mark();
    const viaSoap = await m.run(send, ref, { prefer: ['soap'], allowPartial: true });
    expect(viaSoap).toMatchObject({ newsletterId: created.id, routed: { via: 'soap' } });
    journal.since(mark).expectSentOnce('soap:MailupSend.SendNewsletter');
    const status = await m.run(NEWSLETTERS_STATUS, { deliveryId: viaSoap.deliveryId as number });
    expect(status).toMatchObject({ deliveryId: viaSoap.deliveryId, status: 'sent' });

    const groups = await (m.soap as SoapClient).getGroups(1);
    const groupId = Number(groups[0]?.groupID);
    expect(groupId).toBeGreaterThan(0);
    for (const via of ['rest', 'soap'] as const) {
      const toGroup = await m.run(send, { ...ref, groupId }, { prefer: [via], allowPartial: true });
      expect(toGroup.routed.via).toBe(via);
      const single = await m.run(one, { ...ref, email: 'ann@example.com' }, { prefer: [via], allowPartial: true });
      expect(single).toMatchObject({ newsletterId: created.id, routed: { via } });
      expect(single.deliveryId).toBeGreaterThan(0);
    }

    const at = new Date(Date.now() + 86_400_000);
    const later = await m.run(NEWSLETTERS_SCHEDULE, { ...ref, at }, { prefer: ['soap'], allowPartial: true });
    expect((await m.run(NEWSLETTERS_STATUS, { deliveryId: later.deliveryId as number })).status).toBe('deferred');
    mark = journal.mark();
    const stopped = await m.run(NEWSLETTERS_STOP, { deliveryId: later.deliveryId as number });
    expect(stopped.routed.via).toBe('rest');
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
    const noAt = await m.run(NEWSLETTERS_SCHEDULE, ref).catch((e) => e);
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
    const m = await members({ limiter });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const served = [];
    for (let i = 0; i < 4; i++) {
      const r = await m.run(create, { listId: 1, subject: `Daily ${i}`, html: 'x' }, { prefer: ['soap'] });
      served.push(r.routed.attempts.map((a) => `${a.via}:${a.outcome}`).join(' > '));
    }
    // the fourth: the facade sees the spent daily row before trying SOAP (over-budget), so REST serves it
    expect(served).toEqual(['soap:ok', 'soap:ok', 'soap:ok', 'rest:ok']);
    expect(journal.since(mark).servedBy('soap:MailupSend.CreateNewsletter')).toHaveLength(3);
    expect(journal.since(mark).servedBy('rest:POST*')).toHaveLength(1);
  });

  it('a SOAP SendNewsletter reset after the emulator acted is never repeated over REST', async () => {
    const m = await members();
    const created = await m.run(create, { listId: 1, subject: 'Once', html: 'x' });
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'soap',
      operation: 'SendNewsletter',
      action: { type: 'reset-after' },
    });
    const error = await m
      .run(send, { listId: 1, id: created.id }, { prefer: ['soap'], allowPartial: true })
      .catch((e: unknown) => e);
    expect((error as MailUpError).sent).toBe('maybe');
    journal.since(mark).expectSentOnce('soap:MailupSend.SendNewsletter');
    expect(journal.since(mark).servedBy('rest')).toHaveLength(0);
  });

  it('bad input is a validation error with nothing sent', async () => {
    const m = await members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    const bad: Array<Promise<unknown>> = [];
    for (const via of ['rest', 'soap'] as const) {
      // every candidate allowed, so a refusal can only come from the input check
      bad.push(m.run(create, { listId: 0, subject: 'x', html: 'x' }, { prefer: [via] }));
      bad.push(m.run(create, { listId: 1, subject: 'a\r\nb', html: 'x' }, { prefer: [via] }));
      bad.push(m.run(send, { listId: 1, id: -1 }, { prefer: [via] }));
      bad.push(m.run(one, { listId: 1, id: 1, email: 'nobody' }, { prefer: [via] }));
      bad.push(m.run(send, { listId: 1, id: 1, at: new Date(Number.NaN) }, { prefer: [via] }));
    }
    for (const outcome of await Promise.allSettled(bad)) {
      expect(outcome.status).toBe('rejected');
      expect(MailUpError.is((outcome as PromiseRejectedResult).reason, 'validation')).toBe(true);
    }
    journal.since(mark).expectNoRequests();
  });
});
