import { connect, type Socket } from 'node:net';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What SMTP clients we did not write send. REFERENCE §12 "SMTP+ and Message-ID": RFC 5322 §3.6.4 makes Message-ID a
// SHOULD, RFC 6409 §8.3 lets a submission server add one; Python's `email` package (smtplib.send_message) sends none.
let emulator: RunningEmulator;
let user: { username: string; secret: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const u = [...emulator.store.account(emulator.store.seeded.id).smtpUsers.values()][0];
  user = { username: u?.username ?? '', secret: u?.secret ?? '' };
});
afterAll(async () => {
  await emulator.close();
});

/** Speaks one SMTP dialog line by line on a raw socket; answers are the full (last-line-terminated) replies. */
async function dialog(lines: string[]): Promise<string[]> {
  emulator.store.outbox.clear();
  const url = new URL(emulator.urls.smtp ?? '');
  const socket: Socket = connect(Number(url.port), url.hostname);
  let buffer = '';
  const replies: string[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      const match = /(?:^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      replies.push(buffer.slice(0, end).trim());
      buffer = buffer.slice(end);
      wake?.();
    }
  });
  const next = async (count: number) => {
    while (replies.length < count) await new Promise<void>((resolve) => (wake = resolve));
  };
  await next(1);
  for (const line of lines) {
    const count = replies.length + 1;
    socket.write(`${line}\r\n`);
    await next(count);
  }
  socket.destroy();
  return replies;
}

// What Python's email.message.EmailMessage + smtplib.send_message put on the wire: no Message-ID, no Date.
const PYTHON_MESSAGE = [
  'Subject: =?utf-8?q?Caf=C3=A9?=',
  'From: shop@example.com',
  'To: ann@example.com',
  'Content-Type: text/plain; charset="utf-8"',
  'Content-Transfer-Encoding: 7bit',
  'MIME-Version: 1.0',
  '',
  'Hello from Python',
  '.',
].join('\r\n');

describe('SMTP+ submission without a Message-ID', () => {
  it('accepts the message, adds a Message-ID, records it and answers it in the 250', async () => {
    const auth = Buffer.from(`\0${user.username}\0${user.secret}`).toString('base64');
    const replies = await dialog([
      'EHLO python.example.com',
      `AUTH PLAIN ${auth}`,
      'MAIL FROM:<shop@example.com>',
      'RCPT TO:<ann@example.com>',
      'DATA',
      PYTHON_MESSAGE,
      'QUIT',
    ]);
    const queued = replies[6] ?? '';
    expect(queued).toMatch(/^250 /);
    const stored = emulator.store.outbox.mail.at(-1);
    expect(stored?.messageId).toMatch(/^[0-9a-f]{32}@/);
    expect(queued).toContain(stored?.messageId);
    expect(stored).toMatchObject({ channel: 'smtp', subject: 'Café', text: 'Hello from Python', count: 1 });
    // The added header travels with the stored message (RFC 6409 §8.3: the MSA adds it).
    expect(stored?.raw?.toString('utf8')).toMatch(new RegExp(`^Message-ID: <${stored?.messageId}>\\r\\n`));
    expect(emulator.store.outbox.countOf(stored?.messageId ?? '')).toBe(1);
  });
});

describe('X-SMTPAPI in RFC 2047 encoded words', () => {
  it('decodes each word in its own charset (ISO-8859-1 Q and B, UTF-8 B), split words joined', async () => {
    const auth = Buffer.from(`\0${user.username}\0${user.secret}`).toString('base64');
    // what a Perl or PHP mailer folding a Latin-1 value writes: three words, two charsets, both encodings
    const header = [
      `X-SMTPAPI: =?ISO-8859-1?B?${Buffer.from('{"CampaignName":"café",', 'latin1').toString('base64')}?=`,
      ' =?ISO-8859-1?Q?"CampaignCode":"=DCn=EFcode_?=',
      ` =?UTF-8?B?${Buffer.from('€"}').toString('base64')}?=`,
    ].join('\r\n');
    const message = ['From: shop@example.com', 'To: ann@example.com', 'Subject: words', 'Message-ID: <w@example.com>']
      .concat([header, '', 'Hello', '.'])
      .join('\r\n');
    const replies = await dialog([
      'EHLO perl.example.com',
      `AUTH PLAIN ${auth}`,
      'MAIL FROM:<shop@example.com>',
      'RCPT TO:<ann@example.com>',
      'DATA',
      message,
    ]);
    expect(replies.at(-1)).toMatch(/^250 /);
    expect(emulator.store.outbox.mail.at(-1)?.xSmtpApi).toEqual({ CampaignName: 'café', CampaignCode: 'Ünïcode €' });
  });
});
