import { checkXSmtpApi } from '@mailup-kit/core/catalogue';
import { checkXSmtpApiDto, messageDtoFromNodemailer } from '@mailup-kit/transactional';
import { describe, expect, it } from 'vitest';

/** The validation MailUpError of protocol txmail that `fn` throws, with these `details`. */
function refusal(details: Record<string, unknown>, message?: RegExp) {
  return expect.objectContaining({
    name: 'MailUpError',
    kind: 'validation',
    protocol: 'txmail',
    operation: 'sendmessage',
    sent: 'no',
    details: expect.objectContaining(details),
    ...(message ? { message: expect.stringMatching(message) } : {}),
  });
}

const mail = { from: { address: 'shop@example.com' }, to: [{ address: 'ann@example.com' }], subject: 'Hi', text: 'x' };

describe('transactional uses core’s X-SMTPAPI validator', () => {
  it('checkXSmtpApiDto refuses CR/LF in CampaignName with the same field and reason as core, as a txmail error', () => {
    const core = checkXSmtpApi({ CampaignName: 'a\r\nb' });
    expect(core.ok).toBe(false);
    expect(() => checkXSmtpApiDto('sendmessage', { CampaignName: 'a\r\nb' })).toThrow(
      refusal({ field: 'CampaignName', reason: core.ok ? '' : core.reason }),
    );
  });

  it('the nodemailer transport turns an invalid Date schedule into a validation error, not a RangeError', () => {
    expect(() => messageDtoFromNodemailer(mail, '<a@example.com>', { schedule: new Date(Number.NaN) })).toThrow(
      refusal({ field: 'Schedule' }, /^xSmtpApi schedule is an invalid Date$/),
    );
  });

  it('the nodemailer transport refuses dynamicFields that are neither a list nor an object of names', () => {
    expect(() => messageDtoFromNodemailer(mail, '<a@example.com>', { dynamicFields: 'firstname' })).toThrow(
      refusal({ field: 'DynamicFields' }, /^xSmtpApi dynamicFields must be a list/),
    );
  });

  it('the nodemailer transport maps the relay’s camelCase settings to XSmtpAPI through core', () => {
    const dto = messageDtoFromNodemailer(mail, '<a@example.com>', {
      campaignCode: 'orders',
      schedule: new Date('2031-09-14T15:58:00.000Z'),
      dynamicFields: { firstname: 'Ann' },
    });
    expect(dto.XSmtpAPI).toEqual({
      CampaignCode: 'orders',
      Schedule: '2031-09-14T15:58:00Z',
      DynamicFields: [{ N: 'firstname', V: 'Ann' }],
    });
  });
});
