import { checkXSmtpApi } from '@mailup-kit/core/catalogue';
import { buildXSmtpApi, parseXSmtpApi, xSmtpApiObject } from '@mailup-kit/smtp';
import { describe, expect, it } from 'vitest';

describe('smtp’s X-SMTPAPI names are core’s validator', () => {
  it('buildXSmtpApi / xSmtpApiObject / parseXSmtpApi keep working and agree with core', () => {
    const settings = { campaignCode: 'welcome', dynamicFields: { firstname: 'Mario' } };
    const header = buildXSmtpApi(settings);
    expect(header).toBe('{"CampaignCode":"welcome","DynamicFields":[{"N":"firstname","V":"Mario"}]}');
    expect(xSmtpApiObject(settings)).toEqual({
      CampaignCode: 'welcome',
      DynamicFields: [{ N: 'firstname', V: 'Mario' }],
    });
    expect(parseXSmtpApi(header)).toEqual(xSmtpApiObject(settings));
  });

  it('CR/LF in campaignName is refused with core’s reason, as an smtp validation error naming the field', () => {
    const core = checkXSmtpApi({ campaignName: 'a\r\nb' }, { spelling: 'options' });
    expect(core.ok).toBe(false);
    const refused = {
      name: 'MailUpError',
      kind: 'validation',
      protocol: 'smtp',
      operation: 'X-SMTPAPI',
      sent: 'no',
      details: expect.objectContaining({ field: 'CampaignName', reason: core.ok ? '' : core.reason }),
    };
    expect(() => buildXSmtpApi({ campaignName: 'a\r\nBcc: x@example.com' })).toThrow(expect.objectContaining(refused));
    expect(() => parseXSmtpApi('{"CampaignName":"a\\r\\nb"}')).toThrow(
      expect.objectContaining({
        ...refused,
        details: expect.objectContaining({
          field: 'CampaignName',
          reason: 'CampaignName must not contain CR or LF (header injection)',
        }),
      }),
    );
  });
});
