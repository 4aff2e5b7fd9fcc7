import { API_USE_POLICY, findPolicyRow, type Protocol } from '@mailup-kit/core';
import type { EmulatorModule, EmulatorRequest, EmulatorResponse } from '../types.js';
import { SlidingLog } from './sliding-log.js';
import { throttledAnswer } from './throttle-answers.js';

const THROTTLED: ReadonlySet<Protocol> = new Set<Protocol>(['rest', 'soap', 'import', 'txsms', 'jsonp']);
const DAY_MS = 86_400_000;

/** The throttle module's state (`state.module('throttle')`). */
export interface ThrottleState {
  enabled: boolean;
  log: SlidingLog;
  /** Calls refused with a throttling answer, per `protocol operation`. */
  refused: Map<string, number>;
}

/**
 * The client a Token call counts against: a registered `client_id` from the form body, the query or the Basic
 * header, else the caller's address (so made-up ids cannot grow the log without bound). Read leniently: a
 * malformed body is the handler's to refuse.
 */
function tokenCaller(req: EmulatorRequest, known: (clientId: string) => boolean): string {
  const form = String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
  const fromForm = form ? new URLSearchParams(req.body.toString('utf8')).get('client_id') : null;
  const fromQuery = req.query.get('client_id');
  const basic = /^basic\s+(\S+)/i.exec(String(req.headers.authorization ?? ''));
  const fromBasic = basic
    ? Buffer.from(basic[1] ?? '', 'base64')
        .toString('utf8')
        .split(':')[0]
    : undefined;
  const id = fromForm ?? fromQuery ?? fromBasic;
  return id !== undefined && id !== null && known(id) ? `client:${id}` : `address:${req.remoteAddress}`;
}

/** SOAP `type` argument (SendSingleNewsletter's limit depends on it), read without a full XML parse. */
function soapInput(req: EmulatorRequest): unknown {
  const match = /<(?:[\w-]+:)?type>\s*([^<\s]+)\s*</i.exec(req.body.toString('utf8'));
  return match ? { type: match[1] } : undefined;
}

/**
 * The SOAP method of a request: a module that serves a whole `.asmx` on one route may set `req.locals.operation`;
 * otherwise the `SOAPAction` header (`"http://ws.mailupnet.it/CreateNewsletter"`) names it; else the route's.
 */
function soapOperation(req: EmulatorRequest, fallback: string): string {
  if (typeof req.locals.operation === 'string' && req.locals.operation) return req.locals.operation;
  const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
  const method = action.slice(action.lastIndexOf('/') + 1);
  return method || fallback;
}

/**
 * Enforces the API use policy server-side, independently of any client: a sliding log per (account or remote
 * address, protocol, operation) over the emulator clock, for every REST, SOAP, Import, JSONP and transactional
 * SMS route, and the OAuth Token endpoint (as a REST method). Daily limits are a sliding 24 h. Gate order 200 (after the auth gate at 100, which sets
 * `req.locals.accountId`). Control actions: `throttle.enabled` `{enabled}`, `throttle.reset`, `throttle.stats`.
 */
export const throttleModule: EmulatorModule = {
  name: 'throttle',
  install(ctx) {
    const state = ctx.state.module<ThrottleState>('throttle', () => ({
      enabled: true,
      log: new SlidingLog(),
      refused: new Map(),
    }));
    ctx.action('throttle.enabled', (args) => {
      state.enabled = args.enabled !== false;
      return { enabled: state.enabled };
    });
    ctx.action('throttle.reset', () => {
      state.log.clear();
      state.refused.clear();
      return { ok: true };
    });
    ctx.action('throttle.stats', () => ({ refused: Object.fromEntries(state.refused) }));
    const knownClient = (clientId: string) =>
      [...ctx.state.accounts.values()].some((account) => account.oauthClient.clientId === clientId);
    ctx.gate({
      name: 'throttle',
      order: 200,
      run(req): EmulatorResponse | undefined {
        const route = req.route;
        if (!state.enabled || !route) return undefined;
        // MailUp's policy has no row for the authorization server; its Token endpoint is throttled like a REST
        // method (5 calls/second, the REST default row), per client, with the REST 429 body.
        const token = route.protocol === 'oauth' && route.operation === 'Token';
        if (!token && !THROTTLED.has(route.protocol)) return undefined;
        const policy: Protocol = token ? 'rest' : route.protocol;
        const soap = route.protocol === 'soap' || route.protocol === 'import';
        const operation = soap ? soapOperation(req, route.operation) : route.operation;
        const input = soap ? soapInput(req) : undefined;
        const row = findPolicyRow(API_USE_POLICY, policy, token ? `${req.method} Token` : operation, input);
        const windows = (row?.limits ?? []).flatMap((limit) =>
          limit.kind === 'rate'
            ? [{ limit: limit.calls, periodMs: limit.perMs }]
            : limit.kind === 'daily'
              ? [{ limit: limit.calls, periodMs: DAY_MS }]
              : [],
        );
        if (!row || windows.length === 0) return undefined;
        const who = token
          ? tokenCaller(req, knownClient)
          : String(req.locals.accountId ?? req.params.accountId ?? req.remoteAddress);
        const name = row.match === 'exact' ? row.operation : operation;
        const key = `${who}|${route.protocol}|${name}${row.variant ? `#${row.variant}` : ''}`;
        const now = ctx.clock.now();
        for (const w of windows) {
          const seen = state.log.peek(`${key}|${w.periodMs}`, w.limit, w.periodMs, now);
          if (!seen.allowed) {
            const counter = `${route.protocol} ${operation}`;
            state.refused.set(counter, (state.refused.get(counter) ?? 0) + 1);
            return throttledAnswer(policy, { ...w, actual: seen.count, expiresInMs: seen.expiresInMs });
          }
        }
        for (const w of windows) state.log.hit(`${key}|${w.periodMs}`, w.limit, w.periodMs, now);
        return undefined;
      },
    });
  },
};
