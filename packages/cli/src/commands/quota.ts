import { MailUpError, type QuotaStore } from '@mailup-kit/core';
import { FileQuotaStore, Limiter, type QuotaReport } from '@mailup-kit/limits';
import { CliExit } from '../cli-exit.js';
import type { CliIO } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

/** Options of `mailup quota`. */
interface QuotaCommandOptions {
  json?: boolean;
  store: string;
  file?: string;
  redis?: string;
  account: string;
  calendar?: boolean;
  timeZone?: string;
}

function fail(io: CliIO, message: string, code = 2): never {
  io.stderr(`mailup quota: ${message}\n`);
  throw new CliExit(code);
}

async function openStore(options: QuotaCommandOptions, io: CliIO): Promise<QuotaStore | undefined> {
  if (options.store === 'memory') return undefined;
  if (options.store === 'file') {
    const path = options.file ?? io.env.MAILUP_QUOTA_FILE;
    if (!path) fail(io, '--store file needs --file PATH (or MAILUP_QUOTA_FILE)');
    return new FileQuotaStore({ path });
  }
  if (options.store === 'redis') {
    const url = options.redis ?? io.env.MAILUP_REDIS_URL;
    if (!url) fail(io, '--store redis needs --redis URL (or MAILUP_REDIS_URL)');
    const { RedisQuotaStore } = await import('@mailup-kit/redis');
    return new RedisQuotaStore({ redis: url });
  }
  return fail(io, `unknown store "${options.store}" (memory, file or redis)`);
}

function windowsText(report: QuotaReport): string {
  return report.windows.map((w) => `${w.used}/${w.limit} per ${w.id}`).join(', ');
}

function when(epochMs: number, now: number): string {
  if (!Number.isFinite(epochMs)) return 'never';
  return epochMs <= now ? 'now' : new Date(epochMs).toISOString();
}

/** Renders reports as an aligned text table. */
export function formatQuotaTable(reports: readonly QuotaReport[]): string {
  const rows = [
    ['PROTOCOL', 'OPERATION', 'REMAINING', 'NEXT ALLOWED', 'USED / LIMIT'],
    ...reports.map((r) => [
      r.protocol,
      r.operation,
      String(r.remaining),
      r.pausedUntil ? `${when(r.nextAllowedAt, r.now)} (paused)` : when(r.nextAllowedAt, r.now),
      windowsText(r),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return `${rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}

function toJson(reports: readonly QuotaReport[]): unknown {
  return reports.map((r) => ({
    account: r.account,
    protocol: r.protocol,
    operation: r.operation,
    remaining: r.remaining,
    nextAllowedAt: Number.isFinite(r.nextAllowedAt) ? new Date(r.nextAllowedAt).toISOString() : null,
    pausedUntil: r.pausedUntil ? new Date(r.pausedUntil).toISOString() : null,
    windows: r.windows.map((w) => ({
      id: w.id,
      limit: w.limit,
      used: w.used,
      remaining: w.remaining,
      nextAllowedAt: Number.isFinite(w.nextAllowedAt) ? new Date(w.nextAllowedAt).toISOString() : null,
    })),
    source: r.source,
  }));
}

/**
 * `mailup quota`: remaining budget and next allowed time per operation of an account, read from the quota store
 * the workers share (memory shows the empty budget; file and Redis show what other processes consumed).
 */
export const quotaCommand: CliCommand = {
  register(program, io) {
    program
      .command('quota')
      .description('Show the remaining API budget and the next allowed time per operation (API use policy).')
      .option('--json', 'print JSON instead of a table')
      .option('--store <kind>', 'quota store: memory, file or redis', 'memory')
      .option('--file <path>', 'file store path (default $MAILUP_QUOTA_FILE)')
      .option('--redis <url>', 'Redis URL (default $MAILUP_REDIS_URL)')
      .option('--account <id>', 'account id the quotas belong to', 'default')
      .option('--calendar', 'count daily limits per calendar day instead of a sliding 24 h')
      .option('--time-zone <tz>', 'time zone of the calendar day', 'Europe/Rome')
      .action(async (options: QuotaCommandOptions) => {
        const store = await openStore(options, io);
        let limiter: Limiter | undefined;
        try {
          limiter = new Limiter({
            ...(store ? { store } : {}),
            account: options.account,
            policy: options.calendar ? { daily: { calendar: { timeZone: options.timeZone } } } : {},
          });
          const reports = await limiter.inspect(options.account);
          io.stdout(options.json ? `${JSON.stringify(toJson(reports), null, 2)}\n` : formatQuotaTable(reports));
        } catch (error) {
          if (!MailUpError.is(error)) throw error;
          io.stderr(`mailup quota: ${error.kind}: ${error.message}\n`);
          throw new CliExit(1);
        } finally {
          await limiter?.close();
          await store?.close();
        }
      });
  },
};
