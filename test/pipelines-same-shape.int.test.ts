import { type RunningEmulator, type StoredMail, startEmulator } from '@mailup-kit/emulator';
import { smtpPlusTransport } from '@mailup-kit/smtp';
import { type SmtpPlusTarget, smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { sendApiTransport } from '@mailup-kit/transactional';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let emulator: RunningEmulator;
let target: SmtpPlusTarget;

beforeAll(async () => {
  emulator = await startEmulator();
  target = await smtpPlusTarget(emulator);
});
afterAll(async () => {
  await emulator.close();
});

/** The parts of a stored mail a pipeline decides (not the channel, the arrival time or the wire bytes). */
function shape(mail: StoredMail | undefined) {
  if (!mail) throw new Error('no mail stored');
  const part = (p: StoredMail['attachments'][number]) => ({
    filename: p.filename,
    contentId: p.contentId,
    content: p.content.toString('base64'),
  });
  return {
    messageId: mail.messageId,
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    bcc: mail.bcc,
    replyTo: mail.replyTo,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    attachments: mail.attachments.map(part),
    embeddedImages: mail.embeddedImages.map(part),
    xSmtpApi: mail.xSmtpApi,
  };
}

describe('one nodemailer message, two MailUp channels', () => {
  it('the relay transport and the Send API transport deliver the same message object to the same stored shape', async () => {
    const message = (id: string) => ({
      from: '"Shop" <shop@example.com>',
      to: ['"Ann" <ann@example.com>'],
      cc: 'bob@example.com',
      bcc: 'carl@example.com',
      replyTo: 'care@example.com',
      subject: 'Your order 42 — thank you',
      text: 'Thanks for order 42',
      html: '<p>Thanks for order <b>42</b> <img src="cid:logo"></p>',
      messageId: `<${id}@shop.example.com>`,
      headers: { 'X-Order': '42' },
      attachments: [
        { filename: 'order.txt', content: 'order 42: 10 EUR' },
        { filename: 'logo.png', cid: 'logo', content: Buffer.from([137, 80, 78, 71]) },
      ],
      xSmtpApi: { campaignCode: 'orders', dynamicFields: { firstname: 'Ann' }, clickTracking: false },
    });
    // The one line an app changes to move between the relay and HTTP:
    const relay = nodemailer.createTransport(smtpPlusTransport({ ...target }));
    const http = nodemailer.createTransport(
      sendApiTransport({ user: target.user, password: target.password, baseUrl: emulator.urls.http }),
    );
    const viaRelay = await relay.sendMail(message('a'));
    const viaHttp = await http.sendMail(message('b'));
    expect(viaRelay.messageId).toBe('<a@shop.example.com>');
    expect(viaHttp.messageId).toBe('<b@shop.example.com>');
    relay.close();
    http.close();
    const [smtp, api] = emulator.store.outbox.mail;
    expect(smtp?.channel).toBe('smtp');
    expect(api?.channel).toBe('send-api');
    const expected = { ...shape(smtp), messageId: 'b@shop.example.com' };
    expect(shape(api)).toEqual(expected);
    expect(shape(smtp).attachments).toHaveLength(1);
    expect(shape(smtp).embeddedImages).toHaveLength(1);
  });
});
