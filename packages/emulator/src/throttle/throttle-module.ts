import type { Protocol } from '@mailup-kit/core';
import { API_USE_POLICY, findPolicyRow } from '@mailup-kit/core/catalogue';
import type { EmulatorModule, EmulatorRequest } from '../types.js';
import { SlidingLog } from './sliding-log.js';

const THROTTLED: ReadonlySet<Protocol> = new Set<Protocol>(['rest', 'soap', 'import', 'txsms', 'jsonp']);
const DAY_MS = 86_400_000;

/** One window of the API use policy in use (control action `throttle.usage`). */
export interface ThrottleUsageRow {
  /** Whom the window counts: an account id, `client:{clientId}` or `address:{ip}`. */
  caller: string;
  protocol: Protocol;
  /** The policy row's operation (the row's name when it matches exactly, else the called operation). */
  operation: string;
  /** The policy row's variant (e.g. SOAP's HTML/text), if any. */
  variant: string | undefined;
  /** Calls allowed per window. */
  limit: number;
  periodMs: number;
  /** Calls accepted in the window now. */
  calls: number;
  /** `limit - calls`, at least 0. */
  remaining: number;
  /** ISO time (emulator clock) the next call will be accepted, when the window is full; else undefined. */
  pausedUntil: string | undefined;
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

/**
 * Enforces the API use policy server-side, independently of any client: a sliding log per (account or remote
 * address, protocol, operation) over the emulator clock, for every REST, SOAP, Import, JSONP and transactional
 * SMS route, and the OAuth Token endpoint (as a REST method). It reads the resolved `{protocol, operation,
 * accountId, input}` (a SOAP endpoint's method comes from its envelope) and the caller's `req.auth`, and answers
 * `{ problem: { kind: 'throttled', … } }`: the protocol's formatter words it. Daily limits are a sliding 24 h.
 * Gate phase `throttle`. Control actions: `throttle.enabled` `{enabled}`, `throttle.reset`, `throttle.stats`,
 * `throttle.usage` (`{ now, enabled, windows }`: per policy window in use, calls, remaining, paused until);
 * `emulator.reset` forgets the logs too.
 */
export function throttleModule(): EmulatorModule {
  let enabled = true;
  const log = new SlidingLog();
  /** Every call received per key and window, refused ones included: the 429's `actual` (seed 001). */
  const received = new SlidingLog();
  /** Calls refused with a throttling answer, per `protocol operation`. */
  const refused = new Map<string, number>();
  /** What each window key of `log` stands for, for `throttle.usage` (the web console's "limits in use"). */
  const windowsInUse = new Map<string, Omit<ThrottleUsageRow, 'calls' | 'remaining' | 'pausedUntil'>>();
  const reset = () => {
    log.clear();
    received.clear();
    refused.clear();
    windowsInUse.clear();
  };
  return {
    name: 'throttle',
    reset,
    install(ctx) {
      ctx.action('throttle.enabled', (args) => {
        enabled = args.enabled !== false;
        return { enabled };
      });
      ctx.action('throttle.reset', () => {
        reset();
        return { ok: true };
      });
      ctx.action('throttle.stats', () => ({ refused: Object.fromEntries(refused) }));
      ctx.action('throttle.usage', () => {
        const now = ctx.clock.now();
        const rows: ThrottleUsageRow[] = [];
        for (const [key, row] of windowsInUse) {
          const seen = log.peek(key, row.limit, row.periodMs, now);
          const calls = seen.count - 1;
          if (calls === 0) {
            windowsInUse.delete(key);
            continue;
          }
          const pausedUntil = seen.allowed ? undefined : new Date(now + seen.expiresInMs).toISOString();
          rows.push({ ...row, calls, remaining: Math.max(0, row.limit - calls), pausedUntil });
        }
        return { now: new Date(now).toISOString(), enabled, windows: rows };
      });
      const knownClient = (clientId: string) => ctx.store.accountByClientId(clientId) !== undefined;
      ctx.gate({
        name: 'throttle',
        phase: 'throttle',
        run(req) {
          const resolved = req.resolved;
          if (!enabled || !resolved) return undefined;
          const { protocol, operation } = resolved;
          // MailUp's policy has no row for the authorization server; its Token endpoint is throttled like a REST
          // method (5 calls/second, the REST default row), per client.
          const token = protocol === 'oauth' && operation === 'Token';
          if (!token && !THROTTLED.has(protocol)) return undefined;
          const policy: Protocol = token ? 'rest' : protocol;
          const row = findPolicyRow(API_USE_POLICY, policy, token ? `${req.method} Token` : operation, resolved.input);
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
            : String(req.auth?.accountId ?? resolved.accountId ?? req.remoteAddress);
          const name = row.match === 'exact' ? row.operation : operation;
          const key = `${who}|${protocol}|${name}${row.variant ? `#${row.variant}` : ''}`;
          const now = ctx.clock.now();
          const counts = windows.map(
            (w) => received.hit(`${key}|${w.periodMs}`, Number.POSITIVE_INFINITY, w.periodMs, now).count,
          );
          for (const [i, w] of windows.entries()) {
            const seen = log.peek(`${key}|${w.periodMs}`, w.limit, w.periodMs, now);
            if (!seen.allowed) {
              const counter = `${protocol} ${operation}`;
              refused.set(counter, (refused.get(counter) ?? 0) + 1);
              const actual = counts[i] ?? seen.count;
              return { problem: { kind: 'throttled', ...w, actual, expiresInMs: seen.expiresInMs } };
            }
          }
          for (const w of windows) {
            log.hit(`${key}|${w.periodMs}`, w.limit, w.periodMs, now);
            windowsInUse.set(`${key}|${w.periodMs}`, {
              caller: who,
              protocol,
              operation: name,
              variant: row.variant,
              limit: w.limit,
              periodMs: w.periodMs,
            });
          }
          return undefined;
        },
      });
    },
  };
}
