import type { JournalEntry } from '../journal/request-journal.js';
import type { RequestLogFormat } from './launch-options.js';

/**
 * One line of the command lines' request log (`--log`, `MAILUP_EMULATOR_LOG`) for a journal entry, newline
 * included. `text`: `<ISO time> <METHOD> <path> <protocol> <operation> <status> <ms>ms`; `json`: one object with
 * `time`, `method`, `path`, `protocol`, `operation`, `accountId`, `status`, `ms`. The path's secret query
 * parameters are already redacted by the journal, and no header or body is written, so no secret reaches the log.
 */
export function formatRequestLog(entry: JournalEntry, format: RequestLogFormat): string {
  const time = new Date(entry.wallTime).toISOString();
  const ms = Math.round(entry.durationMs * 10) / 10;
  if (format === 'json') {
    return `${JSON.stringify({
      time,
      method: entry.method,
      path: entry.path,
      protocol: entry.protocol,
      operation: entry.operation,
      accountId: entry.accountId ?? null,
      status: entry.status,
      ms,
    })}\n`;
  }
  return `${time} ${entry.method} ${plain(entry.path)} ${entry.protocol} ${plain(entry.operation)} ${entry.status} ${ms}ms\n`;
}

/** Control characters escaped (`%0A`), so that a request cannot forge a log line. */
function plain(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is escaped
    /[\u0000-\u001f\u007f]/g,
    (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
}
