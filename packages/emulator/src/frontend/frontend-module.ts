import { randomBytes } from 'node:crypto';
import { html } from '../oauth/form.js';
import type { EmulatorContext, EmulatorModule, EmulatorRequest, EmulatorResponse } from '../types.js';
import {
  checkSubscriber,
  type PageCode,
  type PendingConfirmation,
  subscribe,
  unsubscribe,
  updateSubscriber,
} from './frontend-pages.js';
import { PageParams } from './frontend-params.js';

/** The IP-restricted pages (REFERENCE §4), as MailUp's documentation spells them. */
export const FRONTEND_XML_PAGES = [
  'xmlSubscribe.aspx',
  'Xmlchksubscriber.aspx',
  'Xmlunsubscribe.aspx',
  'xmlUpdSubscriber.aspx',
] as const;

/** Where subscribe.aspx sends the browser, and where a confirmation link points. */
export const SUBSCRIBE_RESULT_PATH = '/frontend/SubscribeResult.aspx';
export const CONFIRM_PATH = '/frontend/ConfirmSubscription.aspx';

/** The text answer of xmlSubscribe.aspx without `retCode=1` (INFERRED wording: MailUp's is not documented). */
export const SUBSCRIBE_TEXT: Readonly<Record<number, string>> = Object.freeze({
  0: 'Subscription completed.',
  1: 'Error: the subscription could not be completed.',
  2: 'Error: invalid email address or mobile number.',
  3: 'Error: recipient already subscribed.',
});
/** The text answer of a successful xmlSubscribe.aspx that waits for the confirmation link. */
export const SUBSCRIBE_PENDING_TEXT = 'Subscription received: confirm it through the link in the email just sent.';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const HTML = { 'content-type': 'text/html; charset=utf-8' };

function digits(code: PageCode): EmulatorResponse {
  return { status: 200, headers: TEXT, body: String(code) };
}

function page(title: string, paragraph: string): EmulatorResponse {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${html(title)}</title></head><body><p id="result">${html(paragraph)}</p></body></html>`;
  return { status: 200, headers: HTML, body };
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one caller. */
export function callerIp(address: string): string {
  return address.replace(/^::ffff:/i, '');
}

/** A registered confirmation request, as the control API shows it. */
interface Confirmation extends PendingConfirmation {
  token: string;
}

/**
 * MailUp's HTTP GET/POST "frontend" pages (REFERENCE §4) on the shared domain store: `xmlSubscribe.aspx`,
 * `Xmlchksubscriber.aspx`, `Xmlunsubscribe.aspx`, `xmlUpdSubscriber.aspx` by GET or POST with case-insensitive
 * parameters and bare numeric answers, behind the FrontEnd switch and IP allow-list (`-1011`); the form handler
 * `subscribe.aspx` (never disabled, never IP-checked) redirecting to a result page; double opt-in with a
 * confirmation link per request. The account is the one owning `ListGuid` when given, else the seeded one (the
 * emulator's one console host). Control actions: `frontend.confirmations` `{ email? }`, `frontend.confirm`
 * `{ token }`, `frontend.service` `{ enabled?, checkIp?, allowIps?, removeIps? }`.
 */
export function frontendModule(): EmulatorModule {
  const confirmations = new Map<string, Confirmation>();
  return {
    name: 'frontend',
    install(ctx: EmulatorContext) {
      const accountOf = (req: EmulatorRequest) => ctx.store.account(req.resolved?.accountId ?? ctx.store.seeded.id);
      const resolve = (req: EmulatorRequest) => {
        try {
          const guid = new PageParams(req).get('ListGuid');
          const list = guid === undefined ? undefined : ctx.store.listByGuid(guid);
          return list ? { accountId: list.accountId } : { accountId: ctx.store.seeded.id };
        } catch {
          return { accountId: ctx.store.seeded.id };
        }
      };
      const link = (token: string) => `${ctx.baseUrl()}${CONFIRM_PATH}?token=${token}`;
      const remember = (pending: Omit<PendingConfirmation, 'confirmedAt'> | undefined) => {
        if (!pending) return undefined;
        const token = randomBytes(16).toString('hex');
        confirmations.set(token, { ...pending, token, confirmedAt: undefined });
        return token;
      };

      ctx.gate({
        name: 'frontend.ip',
        phase: 'authorize',
        run(req) {
          if (req.route?.tags?.frontend !== 'ip') return undefined;
          const data = accountOf(req);
          // WSActivation may have registered either form of an IPv4 caller (`::ffff:127.0.0.1` or `127.0.0.1`).
          const ip = callerIp(req.remoteAddress);
          if (data.serviceAllows('FrontEnd', ip) || data.serviceAllows('FrontEnd', `::ffff:${ip}`)) return undefined;
          return { problem: { kind: 'forbidden', description: 'IP not registered' } };
        },
      });

      const handlers: Record<(typeof FRONTEND_XML_PAGES)[number], (req: EmulatorRequest) => EmulatorResponse> = {
        'xmlSubscribe.aspx': (req) => {
          const params = new PageParams(req);
          const outcome = subscribe(accountOf(req), params, ctx.clock.now());
          remember(outcome.pending);
          if (params.get('retCode') === '1') return digits(outcome.code);
          const text = outcome.pending ? SUBSCRIBE_PENDING_TEXT : (SUBSCRIBE_TEXT[outcome.code] ?? '');
          return page('Subscription', text);
        },
        'Xmlchksubscriber.aspx': (req) => digits(checkSubscriber(accountOf(req), new PageParams(req))),
        'Xmlunsubscribe.aspx': (req) => digits(unsubscribe(accountOf(req), new PageParams(req), ctx.clock.now())),
        'xmlUpdSubscriber.aspx': (req) =>
          digits(updateSubscriber(accountOf(req), new PageParams(req), ctx.clock.now())),
      };
      for (const name of FRONTEND_XML_PAGES) {
        for (const method of ['GET', 'POST']) {
          ctx.route(
            method,
            `/frontend/${name}`,
            { protocol: 'frontend', operation: name, tags: { frontend: 'ip' }, resolve },
            handlers[name],
          );
        }
      }

      const form = (req: EmulatorRequest): EmulatorResponse => {
        const params = new PageParams(req);
        const outcome = subscribe(accountOf(req), params, ctx.clock.now(), params.names());
        const token = remember(outcome.pending);
        const state = outcome.code === 0 ? (token ? 'pending' : 'subscribed') : `error-${outcome.code}`;
        return { status: 302, headers: { location: `${SUBSCRIBE_RESULT_PATH}?result=${state}`, ...TEXT }, body: '' };
      };
      for (const method of ['GET', 'POST']) {
        ctx.route(
          method,
          '/frontend/subscribe.aspx',
          { protocol: 'frontend', operation: 'subscribe.aspx', resolve },
          form,
        );
      }
      ctx.route('GET', SUBSCRIBE_RESULT_PATH, { protocol: 'frontend', operation: 'SubscribeResult.aspx' }, (req) => {
        const result = req.query.get('result') ?? '';
        const text =
          result === 'pending'
            ? 'Thank you: please confirm your subscription through the link in the email we sent you.'
            : result === 'subscribed'
              ? 'Thank you: you are subscribed.'
              : result === 'error-3'
                ? 'You are already subscribed.'
                : result === 'error-2'
                  ? 'The email address or mobile number is not valid.'
                  : 'The subscription could not be completed.';
        return page('Subscription', text);
      });
      const confirm = (token: string): Confirmation | undefined => {
        const row = confirmations.get(token);
        if (!row) return undefined;
        const data = ctx.store.account(row.accountId);
        const now = ctx.clock.now();
        for (const listId of row.listIds) {
          for (const channel of row.channels)
            if (data.lists.has(listId)) data.confirm(listId, row.recipientId, channel, now);
        }
        row.confirmedAt ??= now;
        return row;
      };
      ctx.route('GET', CONFIRM_PATH, { protocol: 'frontend', operation: 'ConfirmSubscription.aspx' }, (req) => {
        const row = confirm(req.query.get('token') ?? '');
        return row
          ? page('Subscription confirmed', 'Your subscription is confirmed.')
          : { ...page('Subscription', 'This confirmation link is not valid.'), status: 404 };
      });

      const view = (row: Confirmation) => ({
        email: row.email ?? null,
        mobile: row.mobile ?? null,
        accountId: row.accountId,
        listIds: row.listIds,
        senderEmail: row.senderEmail,
        senderName: row.senderName,
        requestedAt: row.requestedAt,
        confirmedAt: row.confirmedAt ?? null,
        url: link(row.token),
      });
      ctx.action('frontend.confirmations', (args) => {
        const email = typeof args.email === 'string' ? args.email.toLowerCase() : undefined;
        const rows = [...confirmations.values()].filter((r) => email === undefined || r.email === email);
        return { confirmations: rows.map(view) };
      });
      ctx.action('frontend.confirm', (args) => {
        if (typeof args.token !== 'string') throw new RangeError('frontend.confirm: "token" must be a string');
        const row = confirm(args.token);
        if (!row) throw new RangeError('frontend.confirm: no such confirmation token');
        return view(row);
      });
      ctx.action('frontend.service', (args) => {
        const id = typeof args.accountId === 'number' ? args.accountId : ctx.store.seeded.id;
        const settings = ctx.store.account(id).service('FrontEnd');
        for (const key of ['enabled', 'checkIp'] as const) {
          if (args[key] === undefined) continue;
          if (typeof args[key] !== 'boolean') throw new RangeError(`frontend.service: "${key}" must be a boolean`);
          settings[key] = args[key];
        }
        for (const key of ['allowIps', 'removeIps'] as const) {
          const ips = args[key];
          if (ips === undefined) continue;
          if (!Array.isArray(ips) || ips.some((ip) => typeof ip !== 'string')) {
            throw new RangeError(`frontend.service: "${key}" must be a list of addresses`);
          }
          for (const ip of ips as string[]) {
            if (key === 'allowIps') settings.allowedIps.add(callerIp(ip));
            else settings.allowedIps.delete(callerIp(ip));
          }
        }
        return {
          accountId: id,
          enabled: settings.enabled,
          checkIp: settings.checkIp,
          allowedIps: [...settings.allowedIps],
        };
      });
    },
  };
}
