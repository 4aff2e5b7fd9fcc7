import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../src/catalogue/transactional.js';

describe('normalizeEmail (the Send API binding reads the nodemailer message the way the relay does)', () => {
  it('reads every address form nodemailer takes', () => {
    const { data, recipients, messageId } = normalizeEmail({
      from: '"Shop, Inc." <shop@example.com>',
      to: ['"Ann \\"A\\"" <ann@example.com>, dan@example.com', { name: 'Eve', address: 'eve@example.com' }],
      cc: 'bob@example.com; "Carl" <carl@example.com>',
      bcc: [[{ name: '', address: 'zed@example.com' }]],
      replyTo: 'care@example.com',
      subject: 'Hi',
      text: 'x',
    });
    expect(data.from).toEqual({ name: 'Shop, Inc.', address: 'shop@example.com' });
    expect(data.to).toEqual([
      { name: 'Ann "A"', address: 'ann@example.com' },
      { address: 'dan@example.com' },
      { name: 'Eve', address: 'eve@example.com' },
    ]);
    expect(recipients).toEqual([
      'ann@example.com',
      'dan@example.com',
      'eve@example.com',
      'bob@example.com',
      'carl@example.com',
      'zed@example.com',
    ]);
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
  });

  it('keeps a given Message-ID (bracketed) and turns Buffer attachments into base64', () => {
    const { data, messageId } = normalizeEmail({
      from: 'shop@example.com',
      to: 'ann@example.com',
      messageId: 'order-42@shop.example.com',
      attachments: [
        { filename: 'a.txt', content: 'hello' },
        { filename: 'logo.png', cid: 'logo', content: Buffer.from([1, 2, 3]) },
      ],
    });
    expect(messageId).toBe('<order-42@shop.example.com>');
    expect(data.attachments).toEqual([
      { filename: 'a.txt', content: 'hello' },
      { filename: 'logo.png', cid: 'logo', content: 'AQID', encoding: 'base64' },
    ]);
  });

  it.each([
    ['no message', null],
    ['no from', { to: 'ann@example.com' }],
    ['no recipient', { from: 'shop@example.com' }],
    ['a bad address', { from: 'shop@example.com', to: 'ann@' }],
    ['CR/LF in an address', { from: 'shop@example.com', to: 'ann@example.com\r\nBcc: x@example.com' }],
    ['CR/LF in the subject', { from: 'shop@example.com', to: 'ann@example.com', subject: 'a\nb' }],
    ['a stream body', { from: 'shop@example.com', to: 'ann@example.com', html: { path: '/etc/passwd' } }],
    ['a file attachment', { from: 'shop@example.com', to: 'ann@example.com', attachments: [{ path: '/etc/passwd' }] }],
    ['a raw message', { raw: 'From: x', from: 'shop@example.com', to: 'ann@example.com' }],
    ['a bad messageId', { from: 'shop@example.com', to: 'ann@example.com', messageId: 'no at sign' }],
  ])('refuses %s with a validation error', (_label, message) => {
    let error: unknown;
    try {
      normalizeEmail(message as never);
    } catch (e) {
      error = e;
    }
    expect(MailUpError.is(error, 'validation')).toBe(true);
  });

  it('splits a long hostile address list in linear time (no backtracking)', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `"a,b<c" <u${i}@example.com>`).join(',');
    const time = (n: number) => {
      const started = performance.now();
      normalizeEmail({ from: 'shop@example.com', to: list(n) });
      return performance.now() - started;
    };
    time(1000); // warm-up
    const small = Math.min(time(2000), time(2000));
    const large = Math.min(time(20000), time(20000));
    expect(large / small).toBeLessThan(30); // linear would be ~10
  });
});
