import { describe, expect, it } from 'vitest';
import {
  checkXSmtpApi,
  readXSmtpApiHeader,
  X_SMTPAPI_FIELDS,
  X_SMTPAPI_KEYS,
  type XSmtpApiContext,
  xSmtpApiDto,
  xSmtpApiHeader,
} from '../src/catalogue/x-smtpapi.js';
import { MailUpError } from '../src/errors/mailup-error.js';

const OPTIONS: XSmtpApiContext = { spelling: 'options' };

/** The refusal of `input`, checked to be a validation MailUpError with nothing sent. */
function refusal(input: unknown, context: XSmtpApiContext = {}) {
  const result = checkXSmtpApi(input, context);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  expect(MailUpError.is(result.error, 'validation')).toBe(true);
  expect(result.error.sent).toBe('no');
  return result;
}

const everyField = {
  CampaignName: 'Receipts',
  CampaignCode: 'rcpt',
  Header: false,
  Footer: true,
  ClickTracking: true,
  ViewTracking: false,
  Priority: 2,
  Schedule: '2031-09-14T17:58+02:00',
  DynamicFields: [{ N: 'firstname', V: 'Ann' }],
  CampaignReport: true,
  SkipDynamicFields: false,
};

describe('X-SMTPAPI description (REFERENCE §7.3)', () => {
  it('lists the 11 XSmtpAPIDTO keys in MailUp’s order, each with a camelCase option', () => {
    expect(X_SMTPAPI_KEYS).toEqual(Object.keys(everyField));
    for (const f of X_SMTPAPI_FIELDS) expect(f.option).toBe(f.key[0]!.toLowerCase() + f.key.slice(1));
  });

  it('accepts every field with a valid value and returns it in MailUp’s order', () => {
    const shuffled = Object.fromEntries(Object.entries(everyField).reverse());
    const result = checkXSmtpApi(shuffled);
    expect(result).toEqual({ ok: true, value: everyField });
    expect(Object.keys(result.ok ? result.value : {})).toEqual(X_SMTPAPI_KEYS);
  });

  it('drops null and absent fields (they keep the SMTP+ user’s defaults), as the documented payload sends them', () => {
    const sent = {
      ...Object.fromEntries(X_SMTPAPI_KEYS.map((k) => [k, null])),
      CampaignCode: '1001',
      DynamicFields: [],
    };
    expect(xSmtpApiDto(sent)).toEqual({ CampaignCode: '1001', DynamicFields: [] });
  });

  it('accepts schedules with Z, with seconds and fractions, and the extreme offsets', () => {
    for (const s of ['2031-09-14T17:58Z', '2031-09-14T17:58:30.250-05:00', '2032-02-29T00:00+14:00']) {
      expect(checkXSmtpApi({ Schedule: s }).ok).toBe(true);
    }
  });

  it.each([
    ['a list', [], undefined, 'X-SMTPAPI must be an object'],
    ['a string', '{"CampaignCode":"x"}', undefined, 'X-SMTPAPI must be an object'],
    ['an unknown key', { Campaign: 'x' }, undefined, /^X-SMTPAPI has no key "Campaign" \(known: CampaignName,/],
    ['a camelCase key in the wire spelling', { campaignCode: 'x' }, undefined, /has no key "campaignCode"/],
    ['a number as CampaignName', { CampaignName: 5 }, 'CampaignName', 'must be a non-empty string'],
    ['a blank CampaignCode', { CampaignCode: '  ' }, 'CampaignCode', 'must be a non-empty string'],
    ['CR/LF in CampaignName', { CampaignName: 'a\r\nBcc: x@example.com' }, 'CampaignName', 'must not contain CR or LF'],
    ['LF in CampaignCode', { CampaignCode: 'a\nb' }, 'CampaignCode', 'must not contain CR or LF'],
    ['a string as Header', { Header: 'true' }, 'Header', 'must be true or false'],
    ['a number as Footer', { Footer: 1 }, 'Footer', 'must be true or false'],
    ['a string as ClickTracking', { ClickTracking: 'no' }, 'ClickTracking', 'must be true or false'],
    ['a number as ViewTracking', { ViewTracking: 0 }, 'ViewTracking', 'must be true or false'],
    ['a string as CampaignReport', { CampaignReport: 'yes' }, 'CampaignReport', 'must be true or false'],
    ['a number as SkipDynamicFields', { SkipDynamicFields: 1 }, 'SkipDynamicFields', 'must be true or false'],
    ['Priority 0', { Priority: 0 }, 'Priority', 'from 1 (very high) to 5 (very low)'],
    ['Priority 6', { Priority: 6 }, 'Priority', 'from 1 (very high) to 5 (very low)'],
    ['Priority 2.5', { Priority: 2.5 }, 'Priority', 'from 1 (very high) to 5 (very low)'],
    ['Priority "2"', { Priority: '2' }, 'Priority', 'from 1 (very high) to 5 (very low)'],
    ['a Schedule without an offset', { Schedule: '2031-09-14T17:58' }, 'Schedule', 'with an offset'],
    ['a Schedule that is a date only', { Schedule: '2031-09-14' }, 'Schedule', 'with an offset'],
    ['a Schedule on 30 February', { Schedule: '2031-02-30T17:58+02:00' }, 'Schedule', 'with an offset'],
    ['a Schedule on 29 February of a common year', { Schedule: '2031-02-29T17:58Z' }, 'Schedule', 'with an offset'],
    ['a Schedule in month 13', { Schedule: '2031-13-01T17:58Z' }, 'Schedule', 'with an offset'],
    ['a Schedule at 24:00', { Schedule: '2031-09-14T24:00Z' }, 'Schedule', 'with an offset'],
    ['a Schedule at minute 60', { Schedule: '2031-09-14T17:60Z' }, 'Schedule', 'with an offset'],
    ['a Schedule with offset +15:00', { Schedule: '2031-09-14T17:58+15:00' }, 'Schedule', 'with an offset'],
    ['a Schedule as a number', { Schedule: 1_700_000_000_000 }, 'Schedule', 'with an offset'],
    ['DynamicFields as an object', { DynamicFields: { firstname: 'Ann' } }, 'DynamicFields', 'must be a list'],
    ['a merge tag without N', { DynamicFields: [{ V: 'Ann' }] }, 'DynamicFields', 'must be a list'],
    ['a merge tag with an empty N', { DynamicFields: [{ N: '', V: 'Ann' }] }, 'DynamicFields', 'non-empty name'],
    ['a merge tag with a number V', { DynamicFields: [{ N: 'n', V: 1 }] }, 'DynamicFields', 'must be a list'],
    ['a merge tag that is a string', { DynamicFields: ['firstname'] }, 'DynamicFields', 'must be a list'],
    ['CR/LF in a merge tag name', { DynamicFields: [{ N: 'a\r\n', V: 'x' }] }, 'DynamicFields', '[0] must not'],
    [
      'LF in a merge tag value',
      {
        DynamicFields: [
          { N: 'ok', V: 'x' },
          { N: 'n', V: 'a\nb' },
        ],
      },
      'DynamicFields',
      '[1] must not',
    ],
  ])('refuses %s, naming the field', (_name, input, field, reason) => {
    const result = refusal(input);
    expect(result.field).toBe(field);
    expect(result.error.details?.field).toBe(field);
    if (typeof reason === 'string') expect(result.error.message).toContain(reason);
    else expect(result.error.message).toMatch(reason);
    if (field) expect(result.error.message).toMatch(new RegExp(`^X-SMTPAPI ${field}[ [].`));
  });

  it('never quotes the refused value in the error', () => {
    const result = refusal({ CampaignName: 'secret-ish-value\r\n' });
    expect(JSON.stringify(result.error)).not.toContain('secret-ish-value');
  });

  it('the error carries the caller’s protocol, operation and label', () => {
    const result = refusal({ Priority: 9 }, { protocol: 'txmail', operation: 'sendmessage', label: 'XSmtpAPI' });
    expect(result.error.protocol).toBe('txmail');
    expect(result.error.operation).toBe('sendmessage');
    expect(result.error.message).toMatch(/^XSmtpAPI Priority must be/);
    const plain = refusal({ Priority: 9 });
    expect([plain.error.protocol, plain.error.operation]).toEqual(['smtp', 'X-SMTPAPI']);
    expect(() => xSmtpApiDto({ Priority: 9 })).toThrow(plain.error.message);
  });
});

describe('X-SMTPAPI typed settings (camelCase options)', () => {
  it('maps every option to MailUp’s key; merge tags from a list or an object; a Date schedule to ISO UTC', () => {
    const value = xSmtpApiDto(
      {
        campaignName: 'Receipts',
        campaignCode: 'rcpt',
        header: false,
        footer: true,
        clickTracking: true,
        viewTracking: false,
        priority: 2,
        schedule: '2031-09-14T17:58+02:00',
        dynamicFields: [{ name: 'firstname', value: 'Ann' }],
        campaignReport: true,
        skipDynamicFields: false,
      },
      OPTIONS,
    );
    expect(value).toEqual(everyField);
    expect(xSmtpApiDto({ dynamicFields: { a: '1', b: '' } }, OPTIONS)).toEqual({
      DynamicFields: [
        { N: 'a', V: '1' },
        { N: 'b', V: '' },
      ],
    });
    expect(xSmtpApiDto({ schedule: new Date('2031-09-14T15:58:00.123Z'), priority: undefined }, OPTIONS)).toEqual({
      Schedule: '2031-09-14T15:58:00Z',
    });
  });

  it.each([
    ['an unknown option', { campaign: 'x' }, undefined, /^xSmtpApi has no setting "campaign"/],
    ['a wire key among options', { CampaignCode: 'x' }, undefined, /has no setting "CampaignCode"/],
    ['CR/LF in campaignName', { campaignName: 'a\r\nb' }, 'campaignName', /^xSmtpApi campaignName must not contain CR/],
    ['an invalid Date', { schedule: new Date(Number.NaN) }, 'schedule', /^xSmtpApi schedule is an invalid Date$/],
    ['dynamicFields as a string', { dynamicFields: 'firstname' }, 'dynamicFields', /^xSmtpApi dynamicFields must be/],
    ['a merge tag with no name', { dynamicFields: [{ value: 'x' }] }, 'dynamicFields', /must be a list/],
    ['a merge tag value with LF', { dynamicFields: { n: 'a\nb' } }, 'dynamicFields', /dynamicFields\[0\] must not/],
    ['priority 9', { priority: 9 }, 'priority', /^xSmtpApi priority must be an integer/],
  ])('refuses %s, naming the option', (_name, input, field, message) => {
    const result = refusal(input, OPTIONS);
    expect(result.field).toBe(field);
    expect(result.error.message).toMatch(message);
  });
});

describe('X-SMTPAPI header', () => {
  it('is raw JSON on one line while short', () => {
    expect(xSmtpApiHeader({ campaignName: 'Receipts', clickTracking: false }, OPTIONS)).toBe(
      '{"CampaignName":"Receipts","ClickTracking":false}',
    );
  });

  it('folds a long value between values, never inside a string, and reads back to the same object', () => {
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, 'x'.repeat(40)]));
    const header = xSmtpApiHeader({ campaignCode: 'c', dynamicFields: tags }, OPTIONS);
    const lines = header.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(980);
    expect(readXSmtpApiHeader(header)).toEqual({
      ok: true,
      value: xSmtpApiDto({ dynamicFields: tags, campaignCode: 'c' }, OPTIONS),
    });
  });

  it('refuses a single value too long for one header line (998 octets, counted in UTF-8)', () => {
    expect(() => xSmtpApiHeader({ campaignName: 'é'.repeat(500) }, OPTIONS)).toThrow(/too long for one header line/);
    expect(xSmtpApiHeader({ campaignName: 'e'.repeat(500) }, OPTIONS)).toContain('e'.repeat(500));
  });

  it('reading refuses what is not JSON or not an object, and checks the rest like checkXSmtpApi', () => {
    const notJson = readXSmtpApiHeader('campaign=1');
    expect(notJson.ok ? '' : notJson.error.message).toBe('X-SMTPAPI must be JSON');
    const list = readXSmtpApiHeader('[1]', { protocol: 'txmail', operation: 'sendmessage' });
    expect(list.ok ? '' : list.error.message).toBe('X-SMTPAPI must be a JSON object');
    expect(list.ok ? '' : list.error.protocol).toBe('txmail');
    const bad = readXSmtpApiHeader('{"Priority":9}');
    expect(bad.ok ? undefined : bad.field).toBe('Priority');
  });
});
