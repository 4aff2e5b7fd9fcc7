import { randomUUID } from 'node:crypto';
import type { SmtpPlusUser } from '../store/services.js';
import type { StoredMail } from '../store/transactional-outbox.js';
import type { Answer, EmulatorContext, EmulatorModule, EmulatorRequest } from '../types.js';
import { BadMessage, type MessageFields, readMessage } from './message-dto.js';

/** Where the Send API lives under the emulator's HTTP base (`send.mailup.com/API/v2.0`, REFERENCE §7.1). */
export const SEND_API_BASE = '/API/v2.0';

/** The Send API's `Code` for an SMTP+ user that is blocked (MailUp's table is NOT FOUND; the emulator's choice). */
export const SEND_API_USER_BLOCKED = '1';

function done(extra: Record<string, unknown> = {}): Answer {
  return { status: 200, json: { Status: 'done', Code: '0', Message: 'Ok', ...extra } };
}

function bad(description: string): Answer {
  return { problem: { kind: 'bad-request', description } };
}

/** The request body with the secret replaced, as the store keeps it for round-trip checks. */
function withoutSecret(body: Record<string, unknown>): Record<string, unknown> {
  const user = body.User as Record<string, unknown> | undefined;
  return user ? { ...body, User: { ...user, Secret: '[redacted]' } } : body;
}

/**
 * The transactional email Send API (REFERENCE §7): `messages/sendmessage`, `messages/sendtemplate` and
 * `users/listuserinfo`, authenticated by the SMTP+ user and secret in the body (`User: {Username, Secret}`) against
 * the store's SMTP+ users. Accepted messages land in `store.outbox` (channel `send-api`) in the same shape as the
 * relay's. Bad input is HTTP 403 `{Status: "error", Code: "403", Message}`; wrong credentials 401; a disabled
 * SMTP+ user HTTP 200 with `Code` {@link SEND_API_USER_BLOCKED}.
 */
export function txmailModule(): EmulatorModule {
  let ctx: EmulatorContext;
  const bodies = new WeakMap<EmulatorRequest, Record<string, unknown>>();
  const users = new WeakMap<EmulatorRequest, SmtpPlusUser>();

  function store(req: EmulatorRequest, fields: MessageFields): StoredMail {
    const user = users.get(req) as SmtpPlusUser;
    return ctx.store.outbox.addMail({
      ...fields,
      messageId: fields.messageId || `${randomUUID()}@send.emulator.mailup-kit`,
      channel: 'send-api',
      accountId: user.accountId,
      smtpUser: user.username,
      receivedAt: ctx.clock.now(),
      request: withoutSecret(bodies.get(req) ?? {}),
      envelope: undefined,
      raw: undefined,
    });
  }

  function send(req: EmulatorRequest, content: 'full' | 'template'): Answer {
    const body = bodies.get(req) ?? {};
    const user = users.get(req) as SmtpPlusUser;
    if (!user.enabled) {
      return {
        status: 200,
        json: { Status: 'error', Code: SEND_API_USER_BLOCKED, Message: 'SMTP+ user is blocked: see ListUserInfo' },
      };
    }
    try {
      let fields = readMessage(body, content);
      if (content === 'template') {
        const id = Number(body.Template ?? body.TemplateId ?? body.IdTemplate);
        if (!Number.isInteger(id) || id <= 0) return bad('Template (or TemplateId) must be a message id');
        const message = ctx.store.account(user.accountId).messages.get(id);
        if (message?.channel !== 'email') return bad(`template ${id} not found`);
        fields = { ...fields, subject: fields.subject || message.subject, html: fields.html ?? message.content };
      }
      // The answer is {Status, Code, Message} only (REFERENCE §7.4; no source shows a MessageId key): the
      // Message-ID the message got is in the store (`store.outbox`, the inbox), not in the answer.
      store(req, fields);
      return done();
    } catch (error) {
      if (error instanceof BadMessage) return bad(error.message);
      throw error;
    }
  }

  return {
    name: 'txmail',
    install(c) {
      ctx = c;
      c.gate({
        name: 'txmail.smtp-plus-user',
        phase: 'authenticate',
        run(req) {
          if (req.resolved?.protocol !== 'txmail') return undefined;
          let body: unknown;
          try {
            body = JSON.parse(req.body.toString('utf8'));
          } catch {
            return bad('the body must be a JSON MessageDTO');
          }
          if (typeof body !== 'object' || body === null || Array.isArray(body)) {
            return bad('the body must be a JSON object');
          }
          const record = body as Record<string, unknown>;
          bodies.set(req, record);
          const given = (record.User ?? {}) as Record<string, unknown>;
          const username = typeof given.Username === 'string' ? given.Username : '';
          const user = username ? ctx.store.smtpUser(username) : undefined;
          if (!user || given.Secret !== user.secret) {
            return { problem: { kind: 'unauthorized', description: 'SMTP+ user or secret not valid' } };
          }
          users.set(req, user);
          req.auth = { accountId: user.accountId, scheme: 'smtp-plus', principal: user.username };
          return undefined;
        },
      });
      const route = (path: string, operation: string, handler: (req: EmulatorRequest) => Answer) =>
        c.route('POST', `${SEND_API_BASE}/${path}`, { protocol: 'txmail', operation }, handler);
      route('messages/sendmessage', 'sendmessage', (req) => send(req, 'full'));
      route('messages/sendtemplate', 'sendtemplate', (req) => send(req, 'template'));
      route('users/listuserinfo', 'listuserinfo', (req) => {
        const user = users.get(req) as SmtpPlusUser;
        return done({
          Username: user.username,
          IdConsole: user.accountId,
          IdList: user.listId,
          IsEnabled: user.enabled,
          Priority: user.priority,
          Note: user.enabled ? '' : 'blocked',
          CreationDate: null,
          UpdateDate: null,
          DomainList: [...user.trustedDomains],
          SenderList: [...user.trustedSenders],
          BlockUntil: null,
          AdminBlock: !user.enabled,
        });
      });
    },
  };
}
