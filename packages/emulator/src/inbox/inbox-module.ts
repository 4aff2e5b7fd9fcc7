import { installRouteTable, type RouteRow } from '../route-table.js';
import type { OutboxEvicted, StoredAddress, StoredMail } from '../store/transactional-outbox.js';
import type { EmulatorModule, EmulatorRequest, EmulatorResponse } from '../types.js';

const HTML_TYPE = 'text/html; charset=utf-8';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function wantsJson(req: EmulatorRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

function who(list: readonly StoredAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join(', ');
}

/** ` (older ones evicted to stay within the retention bounds: 3 email(s), 1 SMS)` when they dropped any, else empty. */
function evictedNote(evicted: OutboxEvicted): string {
  if (evicted.mail + evicted.sms === 0) return '';
  return ` (older ones evicted to stay within the retention bounds: ${evicted.mail} email(s), ${evicted.sms} SMS)`;
}

/** One message as the inbox's JSON lists it (no bodies, no raw bytes). */
function summary(mail: StoredMail) {
  return {
    id: mail.id,
    channel: mail.channel,
    messageId: mail.messageId,
    count: mail.count,
    smtpUser: mail.smtpUser,
    receivedAt: new Date(mail.receivedAt).toISOString(),
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    bcc: mail.bcc,
    attachments: mail.attachments.length,
  };
}

/** One message in full as JSON (parts without their bytes, with base64 content). */
function detail(mail: StoredMail) {
  const part = ({ content, ...rest }: StoredMail['attachments'][number]) => ({
    ...rest,
    content: content.toString('base64'),
  });
  return {
    ...summary(mail),
    replyTo: mail.replyTo,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    xSmtpApi: mail.xSmtpApi,
    envelope: mail.envelope,
    attachments: mail.attachments.map(part),
    embeddedImages: mail.embeddedImages.map(part),
  };
}

function page(title: string, body: string): EmulatorResponse {
  return {
    status: 200,
    headers: {
      'content-type': HTML_TYPE,
      // The message's own HTML is shown in a sandboxed frame: no script, no request leaves the page.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'",
    },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}
iframe{width:100%;height:60vh;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}.dup{color:#b00;font-weight:bold}
</style></head><body>${body}</body></html>`,
  };
}

/** The inbox's routes (see {@link inboxModule}): plain data, each handler given the context at request time. */
export const INBOX_ROUTES: readonly RouteRow[] = [
  {
    method: 'GET',
    pattern: '/__emulator/inbox',
    protocol: 'client',
    operation: 'inbox.list',
    handler: (ctx, req) => {
      const mail = [...ctx.store.outbox.mail].reverse();
      if (wantsJson(req)) {
        const sms = [...ctx.store.outbox.sms].reverse().map(({ request: _r, ...row }) => ({
          ...row,
          receivedAt: new Date(row.receivedAt).toISOString(),
        }));
        const { evicted, retention } = ctx.store.outbox;
        return { status: 200, json: { mail: mail.map(summary), sms, evicted: { ...evicted }, retention } };
      }
      const rows = mail
        .map(
          (m) =>
            `<tr><td><a href="inbox/${m.id}">${m.id}</a></td><td>${m.channel}</td><td>${escapeHtml(new Date(m.receivedAt).toISOString())}</td>` +
            `<td>${escapeHtml(m.from ? who([m.from]) : '')}</td><td>${escapeHtml(who(m.to))}</td><td><a href="inbox/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>` +
            `<td${m.count > 1 ? ' class="dup"' : ''}>${m.count}</td></tr>`,
        )
        .join('');
      return page(
        'Emulator inbox',
        `<h1>Inbox</h1><p>${mail.length} email(s), ${ctx.store.outbox.sms.length} SMS${evictedNote(ctx.store.outbox.evicted)}. Column "seen" counts deliveries of the same Message-ID (over 1 is a duplicate).</p>` +
          `<table><tr><th>#</th><th>via</th><th>received</th><th>from</th><th>to</th><th>subject</th><th>seen</th></tr>${rows}</table>`,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/__emulator/inbox/{id}',
    protocol: 'client',
    operation: 'inbox.message',
    handler: (ctx, req) => {
      const mail = ctx.store.outbox.mailById(Number(req.params.id));
      if (!mail) return { problem: { kind: 'not-found', description: `no message ${req.params.id}` } };
      if (wantsJson(req)) return { status: 200, json: detail(mail) };
      const parts = [...mail.attachments, ...mail.embeddedImages]
        .map((p) => `<li>${escapeHtml(p.filename || p.contentId)} (${escapeHtml(p.contentType)}, ${p.size} bytes)</li>`)
        .join('');
      const headerRows = [
        ['Message-ID', mail.messageId],
        ['via', `${mail.channel} as ${mail.smtpUser}`],
        ['From', mail.from ? who([mail.from]) : ''],
        ['To', who(mail.to)],
        ['Cc', who(mail.cc)],
        ['Bcc', who(mail.bcc)],
        ['Reply-To', mail.replyTo ?? ''],
        ['Subject', mail.subject],
        ...mail.headers.map((h) => [h.name, h.value]),
        ['X-SMTPAPI', mail.xSmtpApi ? JSON.stringify(mail.xSmtpApi) : ''],
      ]
        .filter(([, v]) => v)
        .map(([k, v]) => `<tr><th>${escapeHtml(k as string)}</th><td>${escapeHtml(v as string)}</td></tr>`)
        .join('');
      return page(
        mail.subject || 'message',
        `<p><a href="../inbox">← inbox</a></p><h1>${escapeHtml(mail.subject || '(no subject)')}</h1><table>${headerRows}</table>` +
          (mail.html !== undefined
            ? `<h2>HTML</h2><iframe sandbox="" srcdoc="${escapeHtml(mail.html)}"></iframe>`
            : '') +
          (mail.text !== undefined ? `<h2>Text</h2><pre>${escapeHtml(mail.text)}</pre>` : '') +
          (parts ? `<h2>Attachments</h2><ul>${parts}</ul>` : ''),
      );
    },
  },
];

/**
 * The inbox view for people testing a pipeline: `GET /__emulator/inbox` lists every transactional email the
 * emulator accepted (SMTP+ relay and Send API, newest first) and `GET /__emulator/inbox/{id}` shows one rendered
 * (headers, the HTML in a sandboxed frame, the text, attachments). HTML by default; JSON with
 * `Accept: application/json` (the list also carries the SMS). Guarded like every `/__emulator/` path.
 */
export function inboxModule(): EmulatorModule {
  return {
    name: 'inbox',
    install(ctx) {
      installRouteTable(ctx, INBOX_ROUTES);
      ctx.action('outbox.clear', () => {
        ctx.store.outbox.clear();
        return {};
      });
    },
  };
}
