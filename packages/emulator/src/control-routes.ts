import { MailUpError } from '@mailup-kit/core';
import { parseJournalFilter } from './journal/request-journal.js';
import type { Answer, EmulatorContext, EmulatorRequest } from './types.js';

/** Runs a journal read, answering a bad filter with 400 and its message. */
function journalAnswer(read: () => unknown): Answer {
  try {
    return { status: 200, json: read() };
  } catch (error) {
    if (error instanceof MailUpError) return { status: 400, json: { error: error.message } };
    throw error;
  }
}

function queryArgs(req: EmulatorRequest): Record<string, string> {
  return Object.fromEntries(req.query);
}

/**
 * The control API's own routes: `GET {prefix}/health` and `POST {prefix}/control/{action}` (JSON body in, JSON
 * out: 400 for a body that is not JSON or bad arguments, 404 for an unknown action). The server guards them and
 * runs them without faults, gates, counters or latency.
 *
 * The request journal: `GET {prefix}/journal?protocol=&operation=&status=&accountId=&since=&until=&afterId=&limit=`
 * (`{ entries }`), `GET {prefix}/journal/count?…` (`{ count }`), `GET {prefix}/journal/stats`,
 * `GET {prefix}/journal/{id}` (the entry, or 404), `DELETE {prefix}/journal` (clears it).
 */
export function installControlRoutes(ctx: EmulatorContext, prefix: string): void {
  ctx.route('GET', `${prefix}/health`, { protocol: 'client', operation: 'emulator.health' }, () => ({
    status: 200,
    json: { ok: true, now: ctx.clock.now(), accountId: ctx.store.seeded.id },
  }));
  const journal = { protocol: 'client', operation: 'emulator.journal' } as const;
  ctx.route('GET', `${prefix}/journal`, journal, (req) =>
    journalAnswer(() => ({ entries: ctx.control.journal.list(parseJournalFilter(queryArgs(req))) })),
  );
  ctx.route('GET', `${prefix}/journal/count`, journal, (req) =>
    journalAnswer(() => ({ count: ctx.control.journal.count(parseJournalFilter(queryArgs(req))) })),
  );
  ctx.route('GET', `${prefix}/journal/stats`, journal, () => ({ status: 200, json: ctx.control.journal.stats() }));
  ctx.route('GET', `${prefix}/journal/{id}`, journal, (req) => {
    const id = /^\d{1,15}$/.test(req.params.id ?? '') ? Number(req.params.id) : Number.NaN;
    const entry = Number.isSafeInteger(id) ? ctx.control.journal.find(id) : undefined;
    return entry
      ? { status: 200, json: entry }
      : {
          status: 404,
          json: { error: `no journal entry ${req.params.id ?? ''} (never recorded, cleared or evicted)` },
        };
  });
  ctx.route('DELETE', `${prefix}/journal`, journal, () => {
    ctx.control.journal.clear();
    return { status: 200, json: { entries: 0 } };
  });
  ctx.route(
    'POST',
    `${prefix}/control/{action}`,
    { protocol: 'client', operation: 'emulator.control' },
    async (req) => {
      let args: Record<string, unknown> = {};
      if (req.body.length > 0) {
        try {
          args = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
        } catch {
          return { status: 400, json: { error: 'control body must be JSON' } };
        }
      }
      try {
        const result = await ctx.control.action(req.params.action ?? '', args);
        return { status: 200, json: result ?? {} };
      } catch (error) {
        const unknown = error instanceof Error && error.message.startsWith('unknown control action');
        return { status: unknown ? 404 : 400, json: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
  );
}
