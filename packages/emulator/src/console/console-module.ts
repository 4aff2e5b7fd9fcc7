import libmime from 'libmime';
import { describeEmulator } from '../launch/describe-emulator.js';
import { installRouteTable, type RouteRow } from '../route-table.js';
import type { StoredAddress, StoredMail } from '../store/transactional-outbox.js';
import type { Answer, EmulatorContext, EmulatorModule, EmulatorRequest, EmulatorResponse } from '../types.js';
import { emlOf } from './compose-eml.js';
import { CONSOLE_CSS, CONSOLE_HTML, CONSOLE_SCRIPT } from './console-assets.js';

/** Where the console and its JSON live (the console is also served on `/`). */
export const CONSOLE_BASE = '/__emulator/ui';

/**
 * The console page's Content-Security-Policy: its script and style from the emulator only (no inline script), no
 * plugin, no form, never framed; a message's HTML only in a frame from the emulator (itself sandboxed).
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * A message's own HTML: sandboxed by the header as well as by the frame's `sandbox=""` (no script, no form, an
 * opaque origin even when opened on its own), nothing loaded from anywhere but inline styles and `data:` images.
 */
export const MESSAGE_HTML_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** Most messages the console's list answers at once (newest first). */
const LIST_LIMIT = 500;
/** Most recipients listed per list and status. */
const RECIPIENT_LIMIT = 200;

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function asset(contentType: string, body: string): EmulatorResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'cache-control': 'no-cache', ...COMMON_HEADERS },
    body,
  };
}

function page(): EmulatorResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CSP,
      'cache-control': 'no-store',
      ...COMMON_HEADERS,
    },
    body: CONSOLE_HTML,
  };
}

function notFound(what: string): EmulatorResponse {
  return { status: 404, json: { error: `no ${what} (never stored, deleted or evicted)` } };
}

function who(list: readonly StoredAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join(', ');
}

function summary(mail: StoredMail) {
  return {
    id: mail.id,
    channel: mail.channel,
    messageId: mail.messageId,
    count: mail.count,
    smtpUser: mail.smtpUser,
    receivedAt: new Date(mail.receivedAt).toISOString(),
    subject: mail.subject,
    from: mail.from ? who([mail.from]) : '',
    to: who(mail.to),
    attachments: mail.attachments.length,
  };
}

/** Case-insensitive substring search (no pattern: nothing to backtrack) over what a person searches a mailbox by. */
function matches(mail: StoredMail, needle: string): boolean {
  if (needle === '') return true;
  const fields = [mail.subject, mail.messageId, mail.smtpUser, who(mail.from ? [mail.from] : []), who(mail.to)];
  fields.push(who(mail.cc), who(mail.bcc), mail.text ?? '', mail.html ?? '');
  return fields.some((field) => field.toLowerCase().includes(needle));
}

/** Most bytes of a raw message's header block the headers view reads. */
const HEADER_BLOCK_LIMIT = 256 * 1024;

/**
 * Every header line of a raw message as sent (the store keeps only the non-standard ones apart): the block before
 * the first empty line, continuation lines unfolded, encoded words decoded.
 */
function rawHeaders(raw: Buffer): Array<{ name: string; value: string }> {
  const end = raw.indexOf('\r\n\r\n');
  const block = raw.subarray(0, Math.min(end < 0 ? raw.length : end, HEADER_BLOCK_LIMIT)).toString('utf8');
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of block.split('\r\n')) {
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  for (const header of headers) header.value = libmime.decodeWords(header.value);
  return headers;
}

function messageId(req: EmulatorRequest): number {
  const raw = req.params.id ?? '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** `message-12.eml` / an attachment's own name, safe inside a quoted `filename=`. */
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The seeded account as the JSON line describes it, with its lists and their recipients (bounded). */
function account(ctx: EmulatorContext) {
  const description = describeEmulator({ store: ctx.store, urls: ctx.urls() });
  const data = ctx.store.account(ctx.store.seeded.id);
  const lists = [...data.lists.values()].map((list) => {
    const statuses = (['subscribed', 'pending', 'unsubscribed'] as const).map((status) => {
      const ids = data.recipientIdsOf(list.id, status);
      const shown = data.recipientsOf(list.id, status).slice(0, RECIPIENT_LIMIT);
      return {
        status,
        count: ids.length,
        recipients: shown.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email ?? '',
          mobile: r.mobileNumber ? `${r.mobilePrefix ?? ''}${r.mobileNumber}` : '',
        })),
      };
    });
    return { id: list.id, guid: list.guid, name: list.name, statuses };
  });
  return { ...description, lists };
}

/** A handler for one stored email `{id}`: 404 when there is none. */
function withMail(handler: (mail: StoredMail, req: EmulatorRequest) => Answer): RouteRow['handler'] {
  return (ctx, req) => {
    const mail = ctx.store.outbox.mailById(messageId(req));
    if (!mail) return notFound(`message ${req.params.id ?? ''}`);
    return handler(mail, req);
  };
}

const UI = { protocol: 'client', operation: 'console.ui' } as const;
const INBOX_MESSAGE = { protocol: 'client', operation: 'inbox.message' } as const;

/** The console's routes (see {@link consoleModule}): plain data, each handler given the context at request time. */
export const CONSOLE_ROUTES: readonly RouteRow[] = [
  { method: 'GET', pattern: '/', ...UI, handler: () => page() },
  { method: 'GET', pattern: CONSOLE_BASE, ...UI, handler: () => page() },
  {
    method: 'GET',
    pattern: `${CONSOLE_BASE}/console.js`,
    ...UI,
    handler: () => asset('text/javascript; charset=utf-8', CONSOLE_SCRIPT),
  },
  {
    method: 'GET',
    pattern: `${CONSOLE_BASE}/console.css`,
    ...UI,
    handler: () => asset('text/css; charset=utf-8', CONSOLE_CSS),
  },
  { method: 'GET', pattern: `${CONSOLE_BASE}/account`, ...UI, handler: (ctx) => ({ status: 200, json: account(ctx) }) },
  {
    method: 'GET',
    pattern: `${CONSOLE_BASE}/limits`,
    ...UI,
    handler: async (ctx) => ({
      status: 200,
      json: await ctx.control.action('throttle.usage', {}).catch(() => ({ windows: [], enabled: false })),
    }),
  },
  {
    method: 'GET',
    pattern: `${CONSOLE_BASE}/messages`,
    ...UI,
    handler: (ctx, req) => {
      const needle = (req.query.get('q') ?? '').trim().toLowerCase().slice(0, 200);
      const outbox = ctx.store.outbox;
      const mail: ReturnType<typeof summary>[] = [];
      for (let i = outbox.mail.length - 1; i >= 0 && mail.length < LIST_LIMIT; i--) {
        const row = outbox.mail[i] as StoredMail;
        if (matches(row, needle)) mail.push(summary(row));
      }
      const sms = [...outbox.sms]
        .reverse()
        .slice(0, LIST_LIMIT)
        .map(({ request: _request, ...row }) => ({ ...row, receivedAt: new Date(row.receivedAt).toISOString() }));
      return {
        status: 200,
        json: { total: outbox.mail.length, mail, sms, evicted: { ...outbox.evicted }, retention: outbox.retention },
      };
    },
  },
  {
    method: 'GET',
    pattern: `${CONSOLE_BASE}/messages/{id}`,
    ...UI,
    handler: withMail((mail) => {
      const part = (p: StoredMail['attachments'][number], index: number) => ({
        index,
        filename: p.filename,
        contentType: p.contentType,
        contentId: p.contentId,
        size: p.size,
      });
      return {
        status: 200,
        json: {
          ...summary(mail),
          cc: who(mail.cc),
          bcc: who(mail.bcc),
          replyTo: mail.replyTo ?? '',
          text: mail.text,
          hasHtml: mail.html !== undefined,
          headers: mail.raw ? rawHeaders(mail.raw) : mail.headers,
          xSmtpApi: mail.xSmtpApi,
          envelope: mail.envelope,
          hasRaw: mail.raw !== undefined,
          attachments: mail.attachments.map(part),
          embeddedImages: mail.embeddedImages.map((p, i) => part(p, mail.attachments.length + i)),
        },
      };
    }),
  },
  {
    method: 'GET',
    pattern: '/__emulator/inbox/{id}/html',
    ...INBOX_MESSAGE,
    handler: withMail((mail) => {
      return {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': MESSAGE_HTML_CSP,
          ...COMMON_HEADERS,
        },
        body: mail.html ?? '',
      };
    }),
  },
  {
    method: 'GET',
    pattern: '/__emulator/inbox/{id}/raw',
    ...INBOX_MESSAGE,
    handler: withMail((mail, req) => {
      const download = req.query.get('download') === '1';
      return {
        status: 200,
        headers: {
          'content-type': download ? 'message/rfc822' : 'text/plain; charset=utf-8',
          ...(download ? { 'content-disposition': dispositionName(`message-${mail.id}.eml`) } : {}),
          'content-security-policy': "sandbox; default-src 'none'",
          ...COMMON_HEADERS,
        },
        body: emlOf(mail),
      };
    }),
  },
  {
    method: 'GET',
    pattern: '/__emulator/inbox/{id}/attachments/{index}',
    ...INBOX_MESSAGE,
    handler: (ctx, req) => {
      const mail = ctx.store.outbox.mailById(messageId(req));
      const index = /^\d{1,4}$/.test(req.params.index ?? '') ? Number(req.params.index) : -1;
      const part = mail && [...mail.attachments, ...mail.embeddedImages][index];
      if (!mail || !part) return notFound(`attachment ${req.params.index ?? ''} of message ${req.params.id ?? ''}`);
      return {
        status: 200,
        headers: {
          // Always a download: the attachment's own type could be HTML or script served from the emulator's origin.
          'content-type': 'application/octet-stream',
          'content-disposition': dispositionName(part.filename || part.contentId || `part-${index}`),
          'content-security-policy': "sandbox; default-src 'none'",
          ...COMMON_HEADERS,
        },
        body: part.content,
      };
    },
  },
  {
    method: 'DELETE',
    pattern: '/__emulator/inbox/{id}',
    ...INBOX_MESSAGE,
    handler: (ctx, req) =>
      ctx.store.outbox.removeMail(messageId(req))
        ? { status: 200, json: { deleted: 1 } }
        : notFound(`message ${req.params.id ?? ''}`),
  },
  {
    method: 'DELETE',
    pattern: '/__emulator/inbox',
    protocol: 'client',
    operation: 'inbox.list',
    handler: (ctx) => {
      const deleted = ctx.store.outbox.mail.length;
      const sms = ctx.store.outbox.sms.length;
      ctx.store.outbox.clear();
      return { status: 200, json: { deleted, sms } };
    },
  },
];

/**
 * The emulator's web console, on `/` and `/__emulator/ui`: the seeded account's URLs and credentials (what the
 * JSON line says), the inbox (search, HTML in a sandboxed frame, text, headers, raw source and `.eml` download,
 * attachments, X-SMTPAPI, delete one and all, live by polling), the SMS outbox, the request journal, the limits in
 * use and the account's lists and recipients. A static page and script (no build step, nothing from a CDN) over
 * JSON routes; guarded like every control route (the root is a control path).
 *
 * Routes it adds: `GET {ui}/console.js`, `GET {ui}/console.css`, `GET {ui}/account`, `GET {ui}/messages?q=`,
 * `GET {ui}/messages/{id}`, `GET {ui}/limits`, and on the inbox `GET /__emulator/inbox/{id}/html`,
 * `GET /__emulator/inbox/{id}/raw` (`?download=1` for the `.eml`), `GET /__emulator/inbox/{id}/attachments/{n}`,
 * `DELETE /__emulator/inbox/{id}`, `DELETE /__emulator/inbox` (every email and SMS).
 */
export function consoleModule(): EmulatorModule {
  return {
    name: 'console',
    install(ctx) {
      installRouteTable(ctx, CONSOLE_ROUTES);
    },
  };
}
