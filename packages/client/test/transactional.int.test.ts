import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { journalOf } from '@mailup-kit/testkit/journal';
import { type SmtpPlusTarget, smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { SmsClient } from '@mailup-kit/transactional';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmailMessage, MailUp } from '../src/index.js';

let emulator: RunningEmulator;
let target: SmtpPlusTarget;
let listSecret: string;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  emulator = await startEmulator();
  target = await smtpPlusTarget(emulator);
  const a = emulator.store.seeded;
  const sms = new SmsClient({
    accountId: a.id,
    listId: 1,
    listGuid: emulator.store.account(a.id).list(1).guid,
    console: { user: a.consoleUser, password: a.consolePassword },
    baseUrl: emulator.urls.http,
  });
  listSecret = await sms.createListSecret();
  sms.close();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  emulator.control.reset();
});
afterAll(async () => {
  await emulator.close();
});

/** A facade on the seeded account with the Send API, the relay, the SMS API of list 1 and SOAP. */
function members(options: { limiter?: Limiter } = {}): MailUp {
  const a = emulator.store.seeded;
  const mailup = new MailUp({
    account: a.id,
    soap: { user: a.apiUser, password: a.apiPassword },
    smtpPlus: { user: target.user, password: target.password },
    sms: { 1: { listGuid: emulator.store.account(a.id).list(1).guid, listSecret } },
    baseUrls: {
      soap: emulator.urls.http,
      sendApi: emulator.urls.http,
      smsApi: emulator.urls.http,
      smtp: { host: target.host, port: target.port },
    },
    tls: { ca: target.tls.ca },
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  closers.push(() => mailup.close());
  return mailup;
}

function message(id: string): EmailMessage {
  return {
    from: '"Shop" <shop@example.com>',
    to: ['"Ann" <ann@example.com>', 'dan@example.com'],
    cc: 'bob@example.com',
    bcc: { name: 'Carl', address: 'carl@example.com' },
    replyTo: 'care@example.com',
    subject: 'Your order 42',
    text: 'Thanks for order 42',
    html: '<p>Thanks for order <b>42</b></p>',
    messageId: `<${id}@shop.example.com>`,
    headers: { 'X-Order': '42' },
    attachments: [{ filename: 'order.txt', content: 'order 42: 10 EUR' }],
    xSmtpApi: { campaignCode: 'orders' },
  };
}

describe('transactional.email.send through the facade catalogue', () => {
  it('the Send API and the SMTP+ relay give the same canonical result, and the journal names who served', async () => {
    const m = members();
    const journal = journalOf(emulator);
    let mark = journal.mark();
    const viaApi = await m.transactional.email.send(message('api'), { prefer: ['txmail'] });
    journal.since(mark).expectSentOnce('txmail:sendmessage');
    expect(journal.since(mark).servedBy('smtp')).toHaveLength(0);
    mark = journal.mark();
    const viaRelay = await m.transactional.email.send(message('relay'), { prefer: ['smtp'] });
    journal.since(mark).expectSentOnce('smtp:send');
    expect(journal.since(mark).servedBy('txmail')).toHaveLength(0);

    const canonical = (r: typeof viaApi) => ({
      messageId: r.messageId?.replace(/^<[a-z]+@/, '<x@'),
      accepted: [...r.accepted].sort(),
      rejected: r.rejected,
    });
    expect(canonical(viaApi)).toEqual(canonical(viaRelay));
    expect(viaApi.messageId).toBe('<api@shop.example.com>');
    expect([...viaApi.accepted].sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'carl@example.com',
      'dan@example.com',
    ]);
    expect(viaApi.routed.via).toBe('txmail');
    expect(viaRelay.routed.via).toBe('smtp');
    expect(viaRelay.routed.attempts).toHaveLength(1);
    // the same message reached the emulator's outbox in the same shape by both roads
    const [api, relay] = emulator.store.outbox.mail.slice(-2);
    expect(api?.channel).toBe('send-api');
    expect(relay?.channel).toBe('smtp');
    for (const key of ['subject', 'from', 'to', 'cc', 'replyTo', 'text', 'html', 'xSmtpApi'] as const) {
      expect(api?.[key], key).toEqual(relay?.[key]);
    }
    // a Bcc header never travels in the relay's MIME, so only the addresses compare
    expect(api?.bcc.map((b) => b.email)).toEqual(relay?.bcc.map((b) => b.email));
    expect(api?.attachments.map((a) => a.content.toString())).toEqual(['order 42: 10 EUR']);
  });

  it('a Send API call reset after the request was written is ambiguous and never repeated on the relay', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'txmail',
      operation: 'sendmessage',
      action: { type: 'reset-after' },
    });
    const error = await m.transactional.email.send(message('lost'), { prefer: ['txmail'] }).catch((e: unknown) => e);
    expect(MailUpError.is(error)).toBe(true);
    expect((error as MailUpError).sent).toBe('maybe');
    expect((error as MailUpError).details?.routed).toMatchObject({
      attempts: [{ via: 'txmail', outcome: 'ambiguous' }],
    });
    journal.since(mark).expectSentOnce('txmail:sendmessage');
    expect(journal.since(mark).servedBy('smtp')).toHaveLength(0);
    expect(emulator.store.outbox.countOf('lost@shop.example.com')).toBe(1);
  });

  it('a relay connection dropped after DATA is ambiguous and never repeated on the Send API', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'smtp',
      operation: 'DATA',
      phase: 'after-data',
      action: { type: 'reset' },
    });
    const error = await m.transactional.email.send(message('dropped'), { prefer: ['smtp'] }).catch((e: unknown) => e);
    expect(MailUpError.is(error, 'ambiguous')).toBe(true);
    expect(journal.since(mark).servedBy('txmail')).toHaveLength(0);
    expect(journal.since(mark).servedBy('smtp:send')).toHaveLength(1);
    expect(emulator.store.outbox.countOf('dropped@shop.example.com')).toBe(1);
  });

  it('a send answered 503 (the server may have acted: ambiguous for a send) is not moved to the other transport', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'txmail',
      operation: 'sendmessage',
      action: { type: 'status', status: 503, body: '{"Status":"error","Code":"503","Message":"busy"}' },
    });
    const error = await m.transactional.email.send(message('busy'), { prefer: ['txmail'] }).catch((e: unknown) => e);
    expect(MailUpError.is(error), String(error)).toBe(true);
    expect((error as MailUpError).kind, String(error)).toBe('ambiguous');
    journal.since(mark).expectSentOnce('txmail:sendmessage');
    expect(journal.since(mark).servedBy('smtp')).toHaveLength(0);
  });

  it('our own quota-exhausted (nothing left the machine) falls back to the relay', async () => {
    // a configured row of 1 Send API message a day: the second send could only start tomorrow
    const row = { protocol: 'txmail', operation: 'sendmessage', match: 'exact', source: 'test: 1 a day' } as const;
    const limiter = new Limiter({ policy: { rows: [{ ...row, limits: [{ kind: 'daily', calls: 1 }] }] } });
    closers.push(() => limiter.close());
    const m = members({ limiter });
    const journal = journalOf(emulator);
    await m.transactional.email.send(message('first'), { prefer: ['txmail'] });
    const mark = journal.mark();
    // the facade sees the spent budget before trying (over-budget: never attempted, nothing left the machine)
    const plan = await m.plan('transactional.email.send');
    expect(plan.candidates.find((c) => c.via === 'txmail')?.status).toBe('over-budget');
    expect(plan.choice).toBe('smtp');
    const second = await m.transactional.email.send(message('second'), { prefer: ['txmail'] });
    expect(second.routed.via).toBe('smtp');
    expect(second.routed.attempts.map((a) => [a.via, a.outcome])).toEqual([['smtp', 'ok']]);
    expect(journal.since(mark).servedBy('txmail')).toHaveLength(0);
    journal.since(mark).expectSentOnce('smtp:send');
    expect(emulator.store.outbox.countOf('second@shop.example.com')).toBe(1);
  });

  it('credentials refused by the Send API (nothing accepted) fall back to the relay, each attempt a child call id', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', {
      protocol: 'txmail',
      operation: 'sendmessage',
      action: { type: 'status', status: 401, body: '{"Status":"error","Code":"401","Message":"Unauthorized"}' },
    });
    const sent = await m.transactional.email.send(message('refused'), { prefer: ['txmail'], callId: 'order-42' });
    expect(sent.routed.via).toBe('smtp');
    expect(sent.routed.attempts.map((a) => a.callId)).toEqual(['order-42.1', 'order-42.2']);
    journal.since(mark).expectSentOnce('txmail:sendmessage');
    journal.since(mark).expectSentOnce('smtp:send');
    expect(emulator.store.outbox.countOf('refused@shop.example.com')).toBe(1);
  });

  it('bad input is a validation error before anything is sent', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    for (const bad of [
      { from: 'shop@example.com', subject: 'no recipient', text: 'x' },
      { from: 'not an address', to: 'ann@example.com', text: 'x' },
      { from: 'shop@example.com', to: 'ann@example.com', subject: 'a\r\nBcc: evil@example.com' },
      { from: 'shop@example.com', to: 'ann@example.com', attachments: [{ path: '/etc/passwd' }] },
    ] as EmailMessage[]) {
      for (const via of ['txmail', 'smtp'] as const) {
        const error = await m.transactional.email.send(bad, { prefer: [via] }).catch((e: unknown) => e);
        expect(MailUpError.is(error, 'validation'), JSON.stringify(bad)).toBe(true);
      }
    }
    journal.since(mark).expectNoRequests();
  });
});

describe('transactional.sms.send through the facade catalogue', () => {
  it('the SMS API and SOAP SendSingleSMS each deliver one SMS with a delivery id; the journal names who served', async () => {
    const m = members();
    const journal = journalOf(emulator);
    let mark = journal.mark();
    const viaApi = await m.transactional.sms.send({
      listId: 1,
      to: '+393350000001',
      text: 'Your code is 1234',
      sender: 'Shop',
    });
    expect(viaApi.routed.via).toBe('txsms');
    expect(viaApi.deliveryId).toBeGreaterThan(0);
    expect(viaApi.cost).toBe(1);
    journal.since(mark).expectSentOnce('txsms:send');
    mark = journal.mark();
    const viaSoap = await m.transactional.sms.send(
      { listId: 1, to: '+393350000002', text: 'Your code is 5678' },
      { prefer: ['soap'], allowPartial: true },
    );
    expect(viaSoap.routed.via).toBe('soap');
    expect(viaSoap.deliveryId).toBeGreaterThan(0);
    journal.since(mark).expectSentOnce('soap:MailupSend.SendSingleSMS');
    expect(journal.since(mark).servedBy('txsms')).toHaveLength(0);
  });

  it('SOAP is partial: a provably-not-sent SMS API failure moves to it only when partial candidates are allowed', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const refuse = () =>
      emulator.control.action('faults.add', {
        protocol: 'txsms',
        action: {
          type: 'status',
          status: 403,
          body: '{"Code":"250","Description":"access denied","State":"ERROR","Data":null}',
        },
      });
    await refuse();
    let mark = journal.mark();
    const stopped = await m.transactional.sms.send({ listId: 1, to: '+393350000003', text: 'hi' }).catch((e) => e);
    expect(MailUpError.is(stopped, 'auth-invalid')).toBe(true);
    expect(journal.since(mark).servedBy('soap')).toHaveLength(0);
    await refuse();
    mark = journal.mark();
    const moved = await m.transactional.sms.send(
      { listId: 1, to: '+393350000003', text: 'hi' },
      { allowPartial: true },
    );
    expect(moved.routed.via).toBe('soap');
    journal.since(mark).expectSentOnce('txsms:send');
    journal.since(mark).expectSentOnce('soap:MailupSend.SendSingleSMS');
  });

  it('an SMS API send reset after the request was written is never repeated over SOAP', async () => {
    const m = members();
    const journal = journalOf(emulator);
    const mark = journal.mark();
    await emulator.control.action('faults.add', { protocol: 'txsms', action: { type: 'reset-after' } });
    const error = await m.transactional.sms
      .send({ listId: 1, to: '+393350000004', text: 'hi' }, { allowPartial: true })
      .catch((e: unknown) => e);
    expect((error as MailUpError).sent).toBe('maybe');
    journal.since(mark).expectSentOnce('txsms:send');
    expect(journal.since(mark).servedBy('soap:MailupSend.SendSingleSMS')).toHaveLength(0);
  });
});
