import { describe, expect, it } from 'vitest';
import { type StoredMail, type StoredSms, TransactionalOutbox } from '../src/index.js';

const mail = (subject: string, receivedAt: number): Omit<StoredMail, 'id' | 'count'> => ({
  channel: 'send-api',
  accountId: 1,
  smtpUser: 's1_1',
  messageId: `${subject}@example.com`,
  receivedAt,
  subject,
  from: undefined,
  to: [],
  cc: [],
  bcc: [],
  replyTo: undefined,
  text: 'x'.repeat(100),
  html: undefined,
  charSet: undefined,
  headers: [],
  attachments: [],
  embeddedImages: [],
  xSmtpApi: undefined,
  request: undefined,
  envelope: undefined,
  raw: undefined,
});

const sms = (content: string, receivedAt: number): Omit<StoredSms, 'deliveryId'> => ({
  accountId: 1,
  listId: 1,
  recipient: '+393330000000',
  content,
  campaignCode: '',
  dynamicFields: [],
  isUnicode: false,
  sender: '',
  segments: 1,
  cost: 1,
  receivedAt,
  request: {},
});

describe('TransactionalOutbox retention (issue 16 item 7)', () => {
  it('evicts the oldest message first across emails and SMS, and counts each kind', () => {
    const outbox = new TransactionalOutbox({ maxMessages: 3 });
    outbox.addMail(mail('m1', 1));
    outbox.addSms(sms('s2', 2));
    outbox.addMail(mail('m3', 3));
    outbox.addSms(sms('s4', 4));
    outbox.addMail(mail('m5', 5));
    expect(outbox.mail.map((m) => m.subject)).toEqual(['m3', 'm5']);
    expect(outbox.sms.map((s) => s.content)).toEqual(['s4']);
    expect(outbox.evicted).toEqual({ mail: 1, sms: 1 });
    // Email ids count emails only, and keep growing past evictions: m3 is email 2.
    expect(outbox.mailById(2)?.subject).toBe('m3');
    expect(outbox.mailById(1)).toBeUndefined();
    expect(outbox.countOf('m1@example.com')).toBe(0);
  });

  it('counts bytes of what it keeps and gives them back on eviction and clear', () => {
    const outbox = new TransactionalOutbox({ maxBytes: 250 });
    for (let i = 0; i < 10; i++) outbox.addMail(mail(`m${i}`, i));
    expect(outbox.retainedBytes).toBeLessThanOrEqual(250);
    expect(outbox.mail.length).toBe(2);
    expect(outbox.evicted.mail).toBe(8);
    outbox.clear();
    expect([outbox.retainedBytes, outbox.evicted.mail]).toEqual([0, 0]);
    expect(outbox.addMail(mail('again', 11)).id).toBe(1);
    expect(outbox.retainedBytes).toBe(105); // 100 bytes of text and the 5-byte subject
  });

  it.each([{ maxMessages: 0 }, { maxBytes: -1 }, { maxMessages: 1.5 }])('refuses %j', (retention) => {
    expect(() => new TransactionalOutbox(retention)).toThrow(RangeError);
  });
});
