import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import type { PolicyRow } from '@mailup-kit/core/catalogue';
import type { QuotaStore } from '@mailup-kit/core/quota';
import { FileQuotaStore, Limiter, type QuotaReport } from '@mailup-kit/limits';
import type { CliIO } from '../cli-io.js';
import { runtimeError, usageError } from '../usage.js';
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

/** Longest `mailup quota` waits for a Redis server that does not answer, ms. */
const REDIS_ANSWER_MS = 3000;

async function openFileStore(path: string, io: CliIO): Promise<QuotaStore> {
  const folder = dirname(resolve(path));
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    runtimeError(io, 'quota', `the directory ${folder} of --file does not exist; create it first (mkdir -p ${folder})`);
  }
  return new FileQuotaStore({ path });
}

async function openRedisStore(url: string, io: CliIO): Promise<QuotaStore> {
  let redis: typeof import('@mailup-kit/redis');
  try {
    redis = await import('@mailup-kit/redis');
  } catch {
    runtimeError(
      io,
      'quota',
      '--store redis needs the optional package @mailup-kit/redis (npm install @mailup-kit/redis ioredis)',
    );
  }
  return new redis.RedisQuotaStore({ redis: url });
}

async function openStore(options: QuotaCommandOptions, io: CliIO): Promise<QuotaStore | undefined> {
  if (options.store === 'memory') return undefined;
  if (options.store === 'file') {
    const path = options.file ?? io.env.MAILUP_QUOTA_FILE;
    if (!path) usageError(io, 'quota', '--store file needs --file PATH (or MAILUP_QUOTA_FILE)');
    return openFileStore(path, io);
  }
  if (options.store === 'redis') {
    const url = options.redis ?? io.env.MAILUP_REDIS_URL;
    if (!url) usageError(io, 'quota', '--store redis needs --redis URL (or MAILUP_REDIS_URL)');
    if (!URL.canParse(url)) usageError(io, 'quota', `--redis ${JSON.stringify(url)} is not a URL (redis://host:6379)`);
    return openRedisStore(url, io);
  }
  return usageError(io, 'quota', `unknown store "${options.store}" (memory, file or redis)`);
}

/** `host:port` of a Redis URL, for messages (never the password it may hold). */
function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}`;
}

/** Runs `read`, failing with a message naming the store when it fails or (Redis) does not answer in time. */
async function readReports(
  options: QuotaCommandOptions,
  io: CliIO,
  read: () => Promise<QuotaReport[]>,
): Promise<QuotaReport[]> {
  const url = options.redis ?? io.env.MAILUP_REDIS_URL ?? '';
  const where =
    options.store === 'redis'
      ? `Redis at ${redisAddress(url)}`
      : `the quota file ${options.file ?? io.env.MAILUP_QUOTA_FILE}`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (options.store !== 'redis') return;
    timer = setTimeout(() => reject(new Error(`no answer in ${REDIS_ANSWER_MS} ms`)), REDIS_ANSWER_MS);
  });
  try {
    return await Promise.race([read(), deadline]);
  } catch (error) {
    if (options.store === 'memory') throw error;
    const reason = MailUpError.is(error)
      ? error.kind
      : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    const hint =
      options.store === 'redis'
        ? 'is the server running and the --redis URL right?'
        : 'check that the file is readable and writable by you';
    return runtimeError(io, 'quota', `${where} cannot be read (${reason}); ${hint}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A policy row's limits in words, e.g. `5 per 1000ms`, `100 per day`. */
function limitsText(row: PolicyRow): string {
  if (row.limits.length === 0) return 'no numeric limit';
  return row.limits
    .map((l) =>
      l.kind === 'rate'
        ? `${l.calls} per ${l.perMs}ms`
        : l.kind === 'daily'
          ? `${l.calls} per day`
          : 'level of service',
    )
    .join(', ');
}

/**
 * Rows for the policy rows that no report covers: protocol defaults and patterns (counted per operation, so they
 * have no single budget) and rows without a numeric limit. Together with the reports this lists every policy row.
 */
export function policyOnlyRows(rows: readonly PolicyRow[], reports: readonly QuotaReport[]): string[][] {
  const covered = new Set(reports.map((r) => r.source));
  return rows
    .filter((row) => !covered.has(row.source))
    .map((row) => [
      row.protocol,
      row.match === 'default' ? '* (each other operation)' : row.operation,
      row.match === 'exact' ? 'unlimited' : 'per operation',
      'now',
      limitsText(row),
    ]);
}

function windowsText(report: QuotaReport): string {
  return report.windows.map((w) => `${w.used}/${w.limit} per ${w.id}`).join(', ');
}

function when(epochMs: number, now: number): string {
  if (!Number.isFinite(epochMs)) return 'never';
  return epochMs <= now ? 'now' : new Date(epochMs).toISOString();
}

/** Renders reports as an aligned text table. */
export function formatQuotaTable(reports: readonly QuotaReport[], extraRows: readonly string[][] = []): string {
  const rows = [
    ['PROTOCOL', 'OPERATION', 'REMAINING', 'NEXT ALLOWED', 'USED / LIMIT'],
    ...reports.map((r) => [
      r.protocol,
      r.operation,
      String(r.remaining),
      r.pausedUntil ? `${when(r.nextAllowedAt, r.now)} (paused)` : when(r.nextAllowedAt, r.now),
      windowsText(r),
    ]),
    ...extraRows,
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
          const active = limiter;
          const reports = await readReports(options, io, () => active.inspect(options.account));
          if (options.store === 'memory') {
            io.stderr(
              'mailup quota: the memory store shows only this process, which has made no call: every budget is full. ' +
                'Use --store file or --store redis to see what your workers used.\n',
            );
          }
          const extra = policyOnlyRows(active.policy.rows, reports);
          io.stdout(options.json ? `${JSON.stringify(toJson(reports), null, 2)}\n` : formatQuotaTable(reports, extra));
        } catch (error) {
          if (!MailUpError.is(error)) throw error;
          runtimeError(io, 'quota', `${error.kind}: ${error.message}`);
        } finally {
          await limiter?.close();
          await store?.close();
        }
      });
  },
};
