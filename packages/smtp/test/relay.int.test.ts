import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { Limiter } from '@mailup-kit/limits';
import { SmtpPlusRelay } from '@mailup-kit/smtp';
import { type SmtpPlusTarget, smtpPlusTarget } from '@mailup-kit/testkit/smtp-plus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

let emulator: RunningEmulator;
let target: SmtpPlusTarget;
const relays: SmtpPlusRelay[] = [];

function relay(extra: Partial<ConstructorParameters<typeof SmtpPlusRelay>[0]> = {}): SmtpPlusRelay {
  const r = new SmtpPlusRelay({ ...target, ...extra });
  relays.push(r);
  return r;
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MailUpError.is(error)).toBe(true);
  return error as MailUpError;
}

const message = { from: 'shop@example.com', to: 'ann@example.com', subject: 'Receipt', text: 'Thanks' };

beforeAll(async () => {
  emulator = await startEmulator();
  target = await smtpPlusTarget(emulator);
});
afterEach(() => {
  for (const r of relays.splice(0)) r.close();
  emulator.store.outbox.clear();
  emulator.control.reset();
});
afterAll(async () => {
  await emulator.close();
});

describe('SMTP+ relay against the emulator', () => {
  it('delivers 1,000 messages through the pooled relay, each stored exactly once', async () => {
    const r = relay({ pool: { maxConnections: 5, maxMessages: 100 } });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => r.send({ ...message, subject: `Receipt ${i}` })),
    );
    const ids = new Set(results.map((x) => x.messageId.replace(/^<|>$/g, '')));
    expect(ids.size).toBe(1000);
    expect(emulator.store.outbox.mail).toHaveLength(1000);
    expect(emulator.store.outbox.duplicates()).toEqual([]);
    for (const id of ids) expect(emulator.store.outbox.countOf(id)).toBe(1);
    const stats = (await emulator.control.action('smtp.stats', {})) as { connections: number };
    expect(stats.connections).toBeLessThanOrEqual(10 + 5); // 1,000 / 100 per connection, plus the first 5
  });

  it('a drop after the DATA terminator is ambiguous with the Message-ID, never resent; the emulator holds it once', async () => {
    emulator.control.addFault({ protocol: 'smtp', operation: 'DATA', phase: 'after-data', action: { type: 'reset' } });
    const r = relay({ maxRequeues: 5 });
    const error = await failure(r.send({ ...message, messageId: '<order-42@shop.example.com>' }));
    expect(error.kind).toBe('ambiguous');
    expect(error.sent).toBe('maybe');
    expect(error.details?.messageId).toBe('<order-42@shop.example.com>');
    expect(emulator.store.outbox.countOf('order-42@shop.example.com')).toBe(1);
    expect(emulator.store.outbox.mail).toHaveLength(1);
    // The next message goes out normally on a fresh connection.
    await r.send(message);
    expect(emulator.store.outbox.mail).toHaveLength(2);
  });

  it('the X-SMTPAPI settings, cc, bcc and attachments arrive in the store as sent', async () => {
    await relay().send({
      ...message,
      cc: '"Bob" <bob@example.com>',
      bcc: ['carl@example.com'],
      html: '<p>Thanks</p>',
      attachments: [{ filename: 'receipt.txt', content: 'total 10 EUR' }],
      headers: { 'X-Order': '42' },
      xSmtpApi: {
        campaignName: 'Receipts',
        campaignCode: 'rcpt',
        header: false,
        footer: true,
        clickTracking: true,
        viewTracking: false,
        priority: 2,
        schedule: '2031-09-14T17:58+02:00',
        dynamicFields: { firstname: 'Ann' },
        campaignReport: true,
        skipDynamicFields: false,
      },
    });
    const [stored] = emulator.store.outbox.mail;
    expect(stored?.channel).toBe('smtp');
    expect(stored?.cc).toEqual([{ name: 'Bob', email: 'bob@example.com' }]);
    expect(stored?.bcc).toEqual([{ name: '', email: 'carl@example.com' }]);
    expect(stored?.headers).toContainEqual({ name: 'X-Order', value: '42' });
    expect(stored?.attachments[0]?.content.toString()).toBe('total 10 EUR');
    expect(stored?.xSmtpApi).toEqual({
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
    });
  });

  it.each([
    ['a subject with CR/LF', { subject: 'Hi\r\nBcc: victim@example.com' }],
    ['a header value with LF', { headers: { 'X-Order': '1\nBcc: victim@example.com' } }],
    ['an address with CR/LF', { to: 'ann@example.com\r\nBcc: victim@example.com' }],
    ['an X-SMTPAPI value with CR/LF', { xSmtpApi: { campaignName: 'a\r\nb' } }],
    ['an unknown X-SMTPAPI key', { xSmtpApi: { campaign: 'x' } as never }],
    ['a priority outside 1–5', { xSmtpApi: { priority: 9 as never } }],
    ['a schedule without an offset', { xSmtpApi: { schedule: '2031-09-14T17:58' } }],
    ['a schedule on 30 February', { xSmtpApi: { schedule: '2031-02-30T17:58+02:00' } }],
    [
      'a hand-written X-SMTPAPI with a 25:00 schedule',
      { headers: { 'X-SMTPAPI': '{"Schedule":"2031-09-14T25:00Z"}' } },
    ],
    ['an X-SMTPAPI value too long for one header line in UTF-8', { xSmtpApi: { campaignName: 'é'.repeat(500) } }],
    ['no recipient', { to: undefined }],
    ['a hand-written X-SMTPAPI that is not JSON', { headers: { 'X-SMTPAPI': 'campaign=1' } }],
  ])('refuses %s with a validation error and sends nothing', async (_name, change) => {
    const error = await failure(relay().send({ ...message, ...change }));
    expect(error.kind).toBe('validation');
    expect(error.sent).toBe('no');
    const stats = (await emulator.control.action('smtp.stats', {})) as { connections: number };
    expect(stats.connections).toBe(0);
    expect(emulator.store.outbox.mail).toHaveLength(0);
  });

  it('a wrong password is auth-invalid, and neither it nor the right one is in the error', async () => {
    const error = await failure(relay({ password: 'wrong-password-123' }).send(message));
    expect(error.kind).toBe('auth-invalid');
    const printed = `${inspect(error, { depth: 8 })} ${JSON.stringify(error)} ${error.stack}`;
    expect(printed).not.toContain('wrong-password-123');
    expect(printed).not.toContain(target.password);
  });

  it('verifies the server certificate: without the emulator CA nothing is sent', async () => {
    const error = await failure(relay({ tls: undefined }).send(message));
    expect(error.kind).toBe('permanent');
    expect(emulator.store.outbox.mail).toHaveLength(0);
    expect(() => new SmtpPlusRelay({ ...target, tls: { rejectUnauthorized: false } as never })).toThrow(
      /cannot be switched off/,
    );
  });

  it.each([
    [554, 'permanent'],
    [451, 'transient'],
  ] as const)(
    "a %s answer to the end of DATA is sent: 'yes' (the relay received the message and refused it)",
    async (status, kind) => {
      emulator.control.addFault({
        protocol: 'smtp',
        operation: 'DATA',
        phase: 'after-data',
        action: { type: 'status', status, body: `${status === 554 ? '5.7.1' : '4.3.0'} injected refusal` },
      });
      const error = await failure(relay({ maxRequeues: 0 }).send(message));
      expect(error.kind).toBe(status === 554 ? kind : 'ambiguous');
      expect(error.sent).toBe('yes');
      expect(error.operation).toBe('smtp:send');
    },
  );

  it('a refused connection is retried a bounded number of times, then transient (nothing delivered)', async () => {
    const error = await failure(relay({ port: 1, maxRequeues: 1 }).send(message));
    expect(error.kind).toBe('transient');
    expect(error.sent).toBe('no');
  });

  it('pacing: a backlog past the bound is refused before anything is sent', async () => {
    const limiter = new Limiter({ account: 51234, policy: { levelOfService: { smtp: 3600 }, maxBacklog: 1 } });
    const r = relay({ limiter });
    const outcomes = await Promise.allSettled([r.send(message), r.send(message), r.send(message)]);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(1);
    expect((refused[0] as MailUpError).kind).toBe('quota-exhausted');
    expect(emulator.store.outbox.mail).toHaveLength(2);
    await limiter.close();
  });
});
