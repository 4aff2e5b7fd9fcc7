import { randomUUID } from 'node:crypto';
import type { EmulatorAccount } from '../store/account.js';
import type { EmulatorList } from '../store/list.js';
import type { Answer, EmulatorContext, EmulatorModule, EmulatorRequest } from '../types.js';
import { smsSize } from './sms-segments.js';

/** Where the SMS API lives under the emulator's HTTP base (`sendsms.mailup.com/api/v2.0`, REFERENCE §8). */
export const SMS_API_BASE = '/api/v2.0';
/** Longest `Content`, characters (REFERENCE §8.2: 670 in the newer documents). */
export const SMS_MAX_CONTENT = 670;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SENDER = /^[A-Za-z0-9]{1,11}$/;

/** The SMS API's HTTP × app code table (REFERENCE §8.2), as the emulator answers it. */
const CODES: Readonly<Record<number, { status: number; description: string }>> = {
  100: { status: 400, description: 'no request found' },
  101: { status: 400, description: 'missing or empty parameters' },
  102: { status: 400, description: 'ListGUID not valid for account/list' },
  103: { status: 400, description: 'ListSecret not valid for account/list' },
  104: { status: 400, description: 'SMS sender name empty for list' },
  105: { status: 400, description: 'number or prefix missing' },
  106: { status: 400, description: 'recipient invalid' },
  107: { status: 400, description: 'content too long' },
  201: { status: 403, description: 'listID not valid for account/list' },
  202: { status: 403, description: 'ListGUID bad format' },
  203: { status: 403, description: 'ListSecret bad format' },
  204: { status: 403, description: 'cannot send SMS to USA recipient' },
  205: { status: 403, description: 'sending denied: NO CREDITS' },
  206: { status: 403, description: 'number is opted-out for list' },
  207: { status: 403, description: 'sender not certified' },
  250: { status: 403, description: 'access denied' },
  300: { status: 500, description: 'generic failure' },
  302: { status: 500, description: 'error delivering to recipient' },
};

function fail(code: number, detail = ''): Answer {
  const row = CODES[code] ?? { status: 500, description: 'generic failure' };
  const description = detail ? `${row.description}: ${detail}` : row.description;
  return { status: row.status, json: { Data: null, Code: String(code), Description: description, State: 'ERROR' } };
}

function ok(data: unknown, code = '0', description = ''): Answer {
  return { status: 200, json: { Data: data, Code: code, Description: description, State: 'DONE' } };
}

function field(body: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return body[key];
  }
  return undefined;
}

/** A number as MailUp takes it: `+` or `00` ⇒ international, else the list's default prefix. */
function normalizeRecipient(value: string, list: EmulatorList): { number: string } | { code: number } {
  const compact = value.replace(/[\s().-]/g, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else {
    const prefix = list.defaultPrefix.replace(/^\+|^00/, '');
    if (!prefix) return { code: 105 };
    digits = prefix + compact.replace(/^0+/, '');
  }
  if (!/^\d{6,15}$/.test(digits)) return { code: 106 };
  return { number: `+${digits}` };
}

/**
 * The transactional SMS API (REFERENCE §8): `POST sms/{accountId}/{listId}` with the whole code table, and
 * `lists/{listId}/listsecret` GET / POST / DELETE with the console user's HTTP Basic credentials. Accepted SMS
 * land in `store.outbox.sms`. Control actions: `txsms.credits` (`{ credits: n }`, `null` = unlimited ⇒ 205 when
 * spent), `txsms.senders` (`{ uncertified: [...] }` ⇒ 207), `txsms.failNext` (`{ code: 300 | 301 | 302 }`).
 */
export function txsmsModule(): EmulatorModule {
  let ctx: EmulatorContext;
  let credits: number | null = null;
  let uncertified = new Set<string>();
  let failNext: number | undefined;

  function basicAccount(req: EmulatorRequest): EmulatorAccount | undefined {
    const header = String(req.headers.authorization ?? '');
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const account = ctx.store.accountByUser(user);
    if (!account) return undefined;
    const console = account.consoleUser.toLowerCase() === user.toLowerCase() && account.consolePassword === password;
    const api = account.apiUser.toLowerCase() === user.toLowerCase() && account.apiPassword === password;
    return console || api ? account : undefined;
  }

  function jsonBody(req: EmulatorRequest): Record<string, unknown> | undefined {
    if (req.body.length === 0) return undefined;
    try {
      const parsed = JSON.parse(req.body.toString('utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** The list a ListSecret call means: by `ListGUID` in the body when given (clients call `lists/1/…`), else the id. */
  function secretList(req: EmulatorRequest, accountId: number): EmulatorList | undefined {
    const data = ctx.store.account(accountId);
    const guid = field(jsonBody(req) ?? {}, 'ListGUID');
    if (typeof guid === 'string' && guid !== '') {
      const list = ctx.store.listByGuid(guid);
      return list?.accountId === accountId ? list : undefined;
    }
    return data.lists.get(Number(req.params.listId));
  }

  function send(req: EmulatorRequest): Answer {
    const body = jsonBody(req);
    if (!body) return fail(100);
    const content = field(body, 'Content');
    const guid = field(body, 'ListGuid', 'ListGUID');
    const secret = field(body, 'ListSecret');
    const recipient = field(body, 'Recipient');
    for (const value of [content, guid, secret, recipient]) {
      if (typeof value !== 'string' || value.trim() === '') return fail(101);
    }
    const accountId = Number(req.params.accountId);
    if (!ctx.store.accounts.has(accountId)) return fail(250);
    const data = ctx.store.account(accountId);
    const list = data.lists.get(Number(req.params.listId));
    if (!list) return fail(201, `list ${req.params.listId}`);
    if (!GUID.test(guid as string)) return fail(202);
    if (!GUID.test(secret as string)) return fail(203);
    if (list.guid.toLowerCase() !== (guid as string).toLowerCase()) return fail(102);
    const listSecret = data.smsListSecrets.get(list.id);
    if (!listSecret || listSecret !== secret) return fail(103);
    req.auth = { accountId, scheme: 'list-secret', principal: `list ${list.id}` };
    const given = field(body, 'Sender');
    const sender = typeof given === 'string' && given !== '' ? given : list.smsSenderName;
    if (!sender) return fail(104, `list ${list.id}`);
    if (!SENDER.test(sender) || uncertified.has(sender.toLowerCase())) return fail(207, sender);
    const normalized = normalizeRecipient(recipient as string, list);
    if ('code' in normalized) return fail(normalized.code);
    if (normalized.number.startsWith('+1')) return fail(204);
    const text = content as string;
    if ([...text].length > SMS_MAX_CONTENT) return fail(107, `${[...text].length} > ${SMS_MAX_CONTENT} characters`);
    const optedOut = [...data.recipients.values()].some((r) => {
      if (!r.mobileNumber) return false;
      const full = `+${`${r.mobilePrefix ?? ''}${r.mobileNumber}`.replace(/^\+|^00/, '')}`;
      return full === normalized.number && data.subscription(list.id, r.id, 'sms')?.status === 'unsubscribed';
    });
    if (optedOut) return fail(206);
    const unicodeFlag = field(body, 'isUnicode', 'IsUnicode');
    const size = smsSize(text, unicodeFlag === 1 || unicodeFlag === '1' || unicodeFlag === true);
    const cost = size.segments;
    if (credits !== null && credits < cost) return fail(205);
    const forced = failNext;
    failNext = undefined;
    if (forced === 300 || forced === 302) return fail(forced);
    if (credits !== null) credits -= cost;
    const dynamic = field(body, 'DynamicFields');
    const row = ctx.store.outbox.addSms({
      accountId,
      listId: list.id,
      recipient: normalized.number,
      content: text,
      campaignCode: String(field(body, 'CampaignCode') ?? ''),
      dynamicFields: Array.isArray(dynamic) ? (dynamic as Array<{ N: string; V: string }>) : [],
      isUnicode: size.encoding === 'ucs2',
      sender,
      segments: size.segments,
      cost,
      receivedAt: ctx.clock.now(),
      request: { ...body, ListSecret: '[redacted]' },
    });
    if (forced === 301) {
      return ok({ DeliveryId: 0, Cost: cost }, '301', 'message sent and charged, statistics not updated');
    }
    return ok({ DeliveryId: row.deliveryId, Cost: cost });
  }

  return {
    name: 'txsms',
    install(c) {
      ctx = c;
      c.gate({
        name: 'txsms.console-basic',
        phase: 'authenticate',
        run(req) {
          if (req.resolved?.protocol !== 'txsms' || !req.resolved.operation.endsWith('listsecret')) return undefined;
          const account = basicAccount(req);
          if (!account) return { problem: { kind: 'unauthorized', description: 'console credentials not valid' } };
          req.auth = { accountId: account.id, scheme: 'basic', principal: account.consoleUser };
          return undefined;
        },
      });
      const secretPath = `${SMS_API_BASE}/lists/{listId}/listsecret`;
      c.route('GET', secretPath, { protocol: 'txsms', operation: 'GET listsecret' }, (req) => {
        const list = secretList(req, req.auth?.accountId as number);
        if (!list) return fail(201, `list ${req.params.listId}`);
        const secret = ctx.store.account(list.accountId).smsListSecrets.get(list.id);
        return ok({ ListSecret: secret ?? null });
      });
      c.route('POST', secretPath, { protocol: 'txsms', operation: 'POST listsecret' }, (req) => {
        const list = secretList(req, req.auth?.accountId as number);
        if (!list) return fail(201, `list ${req.params.listId}`);
        const secret = ctx.store.account(list.accountId).setSmsListSecret(list.id, randomUUID());
        return ok({ ListSecret: secret });
      });
      c.route('DELETE', secretPath, { protocol: 'txsms', operation: 'DELETE listsecret' }, (req) => {
        const list = secretList(req, req.auth?.accountId as number);
        if (!list) return fail(201, `list ${req.params.listId}`);
        ctx.store.account(list.accountId).deleteSmsListSecret(list.id);
        return ok(null);
      });
      c.route('POST', `${SMS_API_BASE}/sms/{accountId}/{listId}`, { protocol: 'txsms', operation: 'sms' }, send);
      c.action('txsms.credits', (args) => {
        const value = args.credits;
        if (value !== null && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
          throw new RangeError('txsms.credits: credits must be a non-negative number or null (unlimited)');
        }
        credits = value as number | null;
        return { credits };
      });
      c.action('txsms.senders', (args) => {
        const list = args.uncertified;
        if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
          throw new RangeError('txsms.senders: uncertified must be a list of sender names');
        }
        uncertified = new Set(list.map((s) => s.toLowerCase()));
        return { uncertified: [...uncertified] };
      });
      c.action('txsms.failNext', (args) => {
        if (![300, 301, 302].includes(args.code as number)) {
          throw new RangeError('txsms.failNext: code must be 300, 301 or 302');
        }
        failNext = args.code as number;
        return { failNext };
      });
    },
    reset() {
      credits = null;
      uncertified = new Set();
      failNext = undefined;
    },
  };
}
