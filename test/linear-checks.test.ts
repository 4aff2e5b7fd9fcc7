import { MailUpError, REDACTED, redactString } from '@mailup-kit/core';
import { restError } from '@mailup-kit/core/catalogue';
import { isEmailAddress } from '@mailup-kit/core/pipeline';
import { composeMessage } from '@mailup-kit/smtp';
import { buildImportXml } from '@mailup-kit/soap';
import { workGrowth } from '@mailup-kit/testkit/work-growth';
import { SendApiClient } from '@mailup-kit/transactional';
import { describe, expect, it } from 'vitest';

// Issue 16 item 5 (the clients' side): the email checks of the transactional, SMTP and SOAP Import clients took
// 1.5 s on a 40 kB address, and core's redactString 6.7 s on a 60 kB ErrorDescription, both quadratic. Each test
// measures, in the same run, how the work grows from 100 kB to 1 MB of hostile input: ~10 is linear, ~100
// quadratic; it must stay well under 30. No wall-clock bound.

/** `a@a.a.a.a…<`: every dot is a place a backtracking `…+\.…+$` retries the whole tail from. */
const dottedAddress = (size: number) => `a@${'a.'.repeat(Math.floor(size / 2))}a<`;

function refusedSync(call: () => unknown): void {
  try {
    const result = call();
    if (result instanceof Promise) result.catch(() => {});
  } catch (error) {
    if (!MailUpError.is(error, 'validation')) throw error;
  }
}

async function expectValidation(call: () => unknown): Promise<void> {
  const error = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(MailUpError.is(error, 'validation'), String(error)).toBe(true);
}

const GROWTH_LIMIT = 30;

describe('the one email check (core isEmailAddress) is linear and used by every client', () => {
  it('core: isEmailAddress', () => {
    const growth = workGrowth(dottedAddress, (input) => isEmailAddress(input));
    expect(growth.sizes).toHaveLength(3);
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
  });

  it('transactional: SendApiClient.sendMessage refuses a hostile To and ReplyTo in linear time', async () => {
    const mail = new SendApiClient({ user: 's12345_1', password: 'linear-secret', baseUrl: 'http://127.0.0.1:9' });
    const message = (email: string, replyTo?: string) => ({
      Subject: 'Hi',
      Text: 'Hello',
      From: { Email: 'shop@example.com' },
      To: [{ Email: email }],
      ...(replyTo === undefined ? {} : { ReplyTo: replyTo }),
    });
    await expectValidation(() => mail.sendMessage(message(dottedAddress(40_000))));
    await expectValidation(() => mail.sendMessage(message('ann@example.com', dottedAddress(40_000))));
    for (const build of [(a: string) => message(a), (a: string) => message('ann@example.com', a)]) {
      const growth = workGrowth(dottedAddress, (input) => refusedSync(() => mail.sendMessage(build(input))));
      expect(growth.sizes).toHaveLength(3);
      expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
    }
    mail.close();
  });

  it('smtp: composeMessage refuses a hostile address in linear time', async () => {
    const message = (address: string) => ({ from: 'shop@example.com', to: { name: '', address }, text: 'x' });
    await expectValidation(() => composeMessage(message(dottedAddress(40_000))));
    const growth = workGrowth(dottedAddress, (input) => refusedSync(() => composeMessage(message(input))));
    expect(growth.sizes).toHaveLength(3);
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
  });

  it('soap: buildImportXml refuses a hostile address in linear time', async () => {
    await expectValidation(() => buildImportXml([{ email: dottedAddress(40_000) }]));
    const growth = workGrowth(dottedAddress, (input) => refusedSync(() => buildImportXml([{ email: input }])));
    expect(growth.sizes).toHaveLength(3);
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
  });

  it.each([
    ['ann@example.com', true],
    ["o'brien+tag@mail.example.co.uk", true],
    ['a@b.c', true],
    ['ann@localhost', false],
    ['ann@.com', false],
    ['ann@example.', false],
    ['@example.com', false],
    ['ann@@example.com', false],
    ['ann@exa@mple.com', false],
    ['ann smith@example.com', false],
    ['<ann@example.com>', false],
    ['"ann"@example.com', false],
    ['ann@example.com\r\nBcc: x@y.z', false],
    [`${'a'.repeat(65)}@example.com`, false],
    [`${'a'.repeat(64)}@example.com`, true],
    [`a@${'b'.repeat(248)}.com`, true],
    [`a@${'b'.repeat(249)}.com`, false],
  ])('isEmailAddress(%j) is %s', (address, ok) => {
    expect(isEmailAddress(address)).toBe(ok);
  });
});

describe('core redactString is linear on hostile server text', () => {
  const families: Array<[string, (size: number) => string]> = [
    ['dotted words (URL scheme scan)', (size) => 'a.'.repeat(size / 2)],
    ['unclosed tags with attributes', (size) => '<a '.repeat(size / 3)],
    ['quoted strings', (size) => '"a"'.repeat(size / 3)],
    ['keys without values', (size) => '&a'.repeat(size / 2)],
    ['user-info without @', (size) => 'a://b:c'.repeat(size / 7)],
    ['json keys with spaces', (size) => `"a"${' '.repeat(size)}`],
    ['unclosed escaped elements', (size) => '&lt;a&gt;b'.repeat(size / 10)],
    ['an escaped element name without its end', (size) => `&lt;${'a'.repeat(size)}`],
  ];

  it.each(families)('%s', (_name, make) => {
    const growth = workGrowth(make, (input) => redactString(input));
    expect(growth.sizes).toHaveLength(3);
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
  });

  it('a REST error with a hostile 1 MB ErrorDescription is built in linear time, secrets still redacted', () => {
    const body = (size: number) => JSON.stringify({ ErrorCode: '500', ErrorDescription: `${'<a '.repeat(size / 3)}` });
    const growth = workGrowth(body, (input) => restError(500, input, { operation: 'GET Console/User/Lists' }));
    expect(growth.ratio).toBeLessThan(GROWTH_LIMIT);
    const error = restError(
      500,
      JSON.stringify({ ErrorDescription: `see https://u:p4ss@host/x?pwd=s3cret and <password>hunter2</password>` }),
    );
    expect(error.message).not.toMatch(/p4ss|s3cret|hunter2/);
    expect(error.message).toContain(REDACTED);
  });

  it('still redacts what it redacted before', () => {
    expect(redactString('https://user:pw@h.example/x')).toBe(`https://user:${REDACTED}@h.example/x`);
    expect(redactString('<ns:Password a="1">x</ns:Password>')).toBe(`<ns:Password a="1">${REDACTED}</ns:Password>`);
    expect(redactString('<Password\tb="2" >x</Password>')).toBe(`<Password\tb="2" >${REDACTED}</Password>`);
  });
});
