import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { MailUp, type MailUpConfig, SENDING_OPERATIONS } from '../src/index.js';

// Nothing listens on these hosts: a call that reached a transport would fail with a network error, not validation.
const config: MailUpConfig = {
  account: 51234,
  soap: { user: 'a51234', password: 'soap-pw' },
  smtpPlus: { user: 's51234_1', password: 'smtp-pw' },
  sms: { 1: { listGuid: '00000000-0000-0000-0000-000000000001', listSecret: '00000000-0000-0000-0000-0000000000aa' } },
  baseUrls: {
    soap: 'http://127.0.0.1:9',
    sendApi: 'http://127.0.0.1:9',
    smsApi: 'http://127.0.0.1:9',
    smtp: { host: '127.0.0.1', port: 9 },
  },
};

describe('the transactional, newsletter and import operations on the MailUp object', () => {
  it('are in mailup.catalogue, so plan() finds each by id with its candidates', async () => {
    const mailup = new MailUp(config);
    try {
      for (const op of SENDING_OPERATIONS) expect(mailup.catalogue.get(op.id), op.id).toBe(op);
      const email = await mailup.plan('transactional.email.send');
      expect(email.candidates.map((c) => [c.via, c.status])).toEqual([
        ['txmail', 'eligible'],
        ['smtp', 'eligible'],
      ]);
      expect(email.choice).toBe('txmail');
      const sms = await mailup.plan('transactional.sms.send');
      expect(sms.candidates.map((c) => [c.via, c.equivalence.kind])).toEqual([
        ['txsms', 'same'],
        ['soap', 'partial'],
      ]);
      // newsletters.create without OAuth: REST is not configured, SOAP serves it
      const create = await mailup.plan('newsletters.create');
      expect(create.candidates.map((c) => [c.via, c.status])).toEqual([
        ['rest', 'not-configured'],
        ['soap', 'eligible'],
      ]);
      expect((await mailup.plan('recipients.import')).choice).toBeUndefined(); // neither REST nor consoleUrl
    } finally {
      await mailup.close();
    }
  });

  it('bad input is a validation error naming the field, refused before any transport is tried', async () => {
    const mailup = new MailUp(config);
    const attempts: string[] = [];
    mailup.on('request', (e) => attempts.push(e.via));
    try {
      const cases: Array<[Promise<unknown>, string]> = [
        [mailup.newsletters.create({ listId: 0, subject: 's', html: 'h' }), 'listId'],
        [mailup.newsletters.create({ listId: 1, subject: 'a\r\nb', html: 'h' }), 'subject'],
        [mailup.newsletters.schedule({ listId: 1, id: 1, at: new Date(Number.NaN) }), 'at'],
        [mailup.newsletters.status({ deliveryId: -1 }), 'deliveryId'],
        [mailup.transactional.sms.send({ listId: 1, to: '', text: 'hi' }), 'to'],
        [mailup.transactional.email.send({ from: 'shop@example.com', to: 'not an address', text: 'x' }), 'to'],
        [mailup.transactional.email.send({ from: 'shop@example.com', text: 'x' }), 'to'],
      ];
      for (const [call, field] of cases) {
        const error = await call.catch((e: unknown) => e);
        expect(MailUpError.is(error, 'validation'), String(error)).toBe(true);
        expect((error as MailUpError).details?.field, String(error)).toBe(field);
      }
    } finally {
      await mailup.close();
    }
    // refused before routing: no attempt on any transport (before, a schedule whose only eligible candidate was
    // partial answered "no candidate can serve it" instead of naming the bad field)
    expect(attempts).toEqual([]);
  });
});
