import { existsSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { type MessageDto, SendApiClient } from '@mailup-kit/transactional';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

let emulator: RunningEmulator;
let username: string;
let secret: string;
const clients: SendApiClient[] = [];

function client(extra: Partial<ConstructorParameters<typeof SendApiClient>[0]> = {}): SendApiClient {
  const c = new SendApiClient({
    user: username,
    password: secret,
    baseUrl: emulator.urls.http,
    retryPolicy: { baseDelayMs: 1 },
    ...extra,
  });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<MailUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MailUpError.is(error)).toBe(true);
  return error as MailUpError;
}

const minimal: MessageDto = {
  Subject: 'Receipt',
  Text: 'Thanks',
  From: { Name: 'Shop', Email: 'shop@example.com' },
  To: [{ Name: 'Ann', Email: 'ann@example.com' }],
};

beforeAll(async () => {
  emulator = await startEmulator();
  const user = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
  username = user?.username ?? '';
  secret = user?.secret ?? '';
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  emulator.store.outbox.clear();
  emulator.control.reset();
  const user = emulator.store.smtpUser(username);
  if (user) user.enabled = true;
});
afterAll(async () => {
  await emulator.close();
});

describe('Send API against the emulator', () => {
  it('round-trips every MessageDTO field into the emulator store', async () => {
    const message: MessageDto = {
      Subject: 'Your order',
      Html: {
        DocType: '<!DOCTYPE html>',
        Head: '<title>o</title>',
        Body: '<p>Hi [firstname]</p>',
        BodyTag: '<body class="x">',
      },
      Text: 'Hi [firstname]',
      From: { Name: 'Shop', Email: 'shop@example.com' },
      To: [{ Name: 'Ann', Email: 'ann@example.com' }],
      Cc: [{ Name: 'Bob', Email: 'bob@example.com' }],
      Bcc: [{ Name: '', Email: 'carl@example.com' }],
      ReplyTo: 'care@example.com',
      CharSet: 'utf-8',
      ExtendedHeaders: [{ N: 'X-Order', V: '42' }],
      Attachments: [{ Filename: 'order.txt', Body: new TextEncoder().encode('order 42') }],
      EmbeddedImages: [{ Filename: 'logo.png', ContentId: 'logo', Body: 'iVBORw0KGgo=' }],
      XSmtpAPI: {
        CampaignName: 'Orders',
        CampaignCode: 'ord',
        Header: false,
        Footer: true,
        ClickTracking: true,
        ViewTracking: false,
        Priority: 1,
        Schedule: '2031-09-14T17:58+02:00',
        DynamicFields: [{ N: 'firstname', V: 'Ann' }],
        CampaignReport: false,
        SkipDynamicFields: false,
      },
    };
    const result = await client().sendMessage(message);
    expect(result.Code).toBe('0');
    const [stored] = emulator.store.outbox.mail;
    expect(stored?.channel).toBe('send-api');
    expect(stored?.smtpUser).toBe(username);
    expect(stored?.subject).toBe('Your order');
    expect(stored?.html).toBe(
      '<!DOCTYPE html><html><head><title>o</title></head><body class="x"><p>Hi [firstname]</p></body></html>',
    );
    expect(stored?.text).toBe('Hi [firstname]');
    expect(stored?.from).toEqual({ name: 'Shop', email: 'shop@example.com' });
    expect(stored?.to).toEqual([{ name: 'Ann', email: 'ann@example.com' }]);
    expect(stored?.cc).toEqual([{ name: 'Bob', email: 'bob@example.com' }]);
    expect(stored?.bcc).toEqual([{ name: '', email: 'carl@example.com' }]);
    expect(stored?.replyTo).toBe('care@example.com');
    expect(stored?.charSet).toBe('utf-8');
    expect(stored?.headers).toEqual([{ name: 'X-Order', value: '42' }]);
    expect(stored?.attachments.map((p) => [p.filename, p.content.toString()])).toEqual([['order.txt', 'order 42']]);
    expect(stored?.embeddedImages.map((p) => [p.filename, p.contentId, p.size])).toEqual([['logo.png', 'logo', 8]]);
    expect(stored?.xSmtpApi).toEqual(message.XSmtpAPI);
    expect(stored?.request?.User).toMatchObject({ Username: username });
  });

  it('the documented request payload (artifacts/txmail) is accepted by the emulator as sent by a plain HTTP client', async (ctx) => {
    const path = new URL(
      '../../../../shared/mailup/artifacts/txmail/sendmessage-request.sanitized.json',
      import.meta.url,
    );
    if (!existsSync(path)) {
      console.log('skipping: ../shared/mailup/artifacts is absent');
      ctx.skip();
    }
    const body = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    body.User = { Username: username, Secret: secret };
    const res = await fetch(`${emulator.urls.http}/API/v2.0/messages/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(answer).toMatchObject({ Status: 'done', Code: '0' });
    expect(emulator.store.outbox.mail[0]?.xSmtpApi?.CampaignCode).toBe('1001');
  });

  it('sendtemplate sends the content of a MailUp email to the given recipients', async () => {
    const data = emulator.store.account(emulator.store.seeded.id);
    const template = data.addMessage({
      listId: 1,
      channel: 'email',
      subject: 'Welcome',
      content: '<p>Welcome!</p>',
      createdAt: 0,
    });
    await client().sendTemplate({ Template: template.id, From: minimal.From, To: minimal.To });
    expect(emulator.store.outbox.mail[0]).toMatchObject({ subject: 'Welcome', html: '<p>Welcome!</p>' });
    const missing = await failure(client().sendTemplate({ Template: 9999, From: minimal.From, To: minimal.To }));
    expect(missing.kind).toBe('validation');
  });

  it('listuserinfo says whether the SMTP+ user is enabled', async () => {
    const info = await client().listUserInfo();
    expect(info).toMatchObject({ Code: '0', Username: username, IsEnabled: true, IdConsole: emulator.store.seeded.id });
  });

  it('HTTP 403 (bad input found by the server) is a validation error and is not retried', async () => {
    const c = client();
    const error = await failure(
      c.client.request(
        { name: 'raw', method: 'POST', path: '/API/v2.0/messages/sendmessage', retryClass: 'idempotent-write' },
        { Subject: 'x' },
      ),
    );
    expect(error.kind).toBe('validation');
    expect(error.httpStatus).toBe(403);
    expect(emulator.control.counters()['txmail sendmessage']).toBe(1);
  });

  it('a wrong secret is auth-invalid and no secret is printed', async () => {
    const error = await failure(client({ password: 'not-the-secret-987' }).sendMessage(minimal));
    expect(error.kind).toBe('auth-invalid');
    const printed = `${inspect(error, { depth: 8 })} ${JSON.stringify(error)}`;
    expect(printed).not.toContain('not-the-secret-987');
    expect(printed).not.toContain(secret);
  });

  it('HTTP 200 with Code other than "0" (blocked SMTP+ user) is an error through the catalogue', async () => {
    const user = emulator.store.smtpUser(username);
    if (user) user.enabled = false;
    const error = await failure(client().sendMessage(minimal));
    expect(error.httpStatus).toBe(200);
    expect(error.vendorCode).toBe('1');
    expect(error.kind).toBe('permanent');
    expect(emulator.store.outbox.mail).toHaveLength(0);
  });

  it('a 503 after the request left is not repeated: the send is reported, never sent twice', async () => {
    emulator.control.addFault({
      protocol: 'txmail',
      operation: 'sendmessage',
      phase: 'after-apply',
      action: { type: 'status', status: 503 },
    });
    const error = await failure(client().sendMessage(minimal));
    expect(error.kind).toBe('ambiguous');
    expect(emulator.control.counters()['txmail sendmessage']).toBe(1);
    expect(emulator.store.outbox.mail).toHaveLength(1);
  });

  it('a 429 is throttled', async () => {
    emulator.control.addFault({
      protocol: 'txmail',
      operation: 'sendmessage',
      action: { type: 'status', status: 429, body: '{"Status":"error","Code":"429","Message":"slow down"}' },
    });
    const error = await failure(client({ retryPolicy: { maxAttempts: 1 } }).sendMessage(minimal));
    expect(error.kind === 'throttled' || error.kind === 'ambiguous').toBe(true);
    expect(error.httpStatus).toBe(429);
  });

  it('accepts line-wrapped base64 (RFC 2045: 76-character lines, CRLF) and sends it unwrapped', async () => {
    const content = 'order 42 '.repeat(30);
    const encoded = Buffer.from(content).toString('base64');
    const wrapped = (encoded.match(/.{1,76}/g) ?? []).join('\r\n');
    expect(wrapped).toContain('\r\n');
    const result = await client().sendMessage({
      ...minimal,
      Attachments: [{ Filename: 'order.txt', Body: wrapped }],
      EmbeddedImages: [{ Filename: 'logo.png', ContentId: 'logo', Body: (encoded.match(/.{1,60}/g) ?? []).join('\n') }],
    });
    expect(result.Code).toBe('0');
    const [stored] = emulator.store.outbox.mail;
    expect(stored?.attachments.map((p) => p.content.toString())).toEqual([content]);
    expect(stored?.embeddedImages.map((p) => p.size)).toEqual([content.length]);
  });

  it.each([
    ['a subject with CR/LF', { Subject: 'a\r\nBcc: x@example.com' }],
    ['an invalid From', { From: { Email: 'not-an-address' } }],
    ['no recipient', { To: [] }],
    ['an extended header value with LF', { ExtendedHeaders: [{ N: 'X-A', V: '1\nBcc: x@example.com' }] }],
    ['a bad XSmtpAPI key', { XSmtpAPI: { Campaign: 'x' } as never }],
    ['a priority of 7', { XSmtpAPI: { Priority: 7 } }],
    ['an XSmtpAPI CampaignName with CR/LF', { XSmtpAPI: { CampaignName: 'a\r\nBcc: x@example.com' } }],
    ['an empty XSmtpAPI CampaignCode', { XSmtpAPI: { CampaignCode: '' } }],
    ['an XSmtpAPI merge tag without a name', { XSmtpAPI: { DynamicFields: [{ N: '', V: 'Ann' }] } }],
    ['an XSmtpAPI Schedule on 30 February', { XSmtpAPI: { Schedule: '2031-02-30T17:58+02:00' } }],
    ['an attachment body that is not base64', { Attachments: [{ Filename: 'a', Body: 'not base64!' }] }],
    // issue 16 item 18: what Json.NET's byte[] (Convert.FromBase64String) refuses is refused before sending
    ['an unpadded base64 body', { Attachments: [{ Filename: 'a', Body: 'b3JkZXIgNDI' }] }],
    ['a base64 body with one character too many', { Attachments: [{ Filename: 'a', Body: 'b3JkZXIgNDI=A' }] }],
    ['a base64 body padded with three =', { EmbeddedImages: [{ Filename: 'a', ContentId: 'i', Body: 'b3Jk===' }] }],
    ['neither Html nor Text', { Text: undefined }],
  ])('refuses %s locally: validation error, nothing sent', async (_name, change) => {
    const error = await failure(client().sendMessage({ ...minimal, ...change } as MessageDto));
    expect(error.kind).toBe('validation');
    expect(emulator.control.counters()['txmail sendmessage']).toBeUndefined();
  });
});
