import { MailUpError } from '@mailup-kit/core';
import {
  describeEmulator,
  EMULATOR_ENV,
  emulatorEnvLines,
  formatRequestLog,
  isLoopbackHost,
  type JournalEntry,
  type LaunchOptions,
  resolveLaunchOptions,
  startEmulator,
  watchParent,
} from '@mailup-kit/emulator';
import { untilAborted } from '../cli-io.js';
import { runtimeError, usageError } from '../usage.js';
import type { CliCommand } from './cli-command.js';
import { parsePort, parsePositiveInteger } from './parse-port.js';

interface EmulatorCommandOptions {
  httpPort?: number;
  smtpPort?: number;
  host?: string;
  allowRemote?: boolean;
  outboxMaxMessages?: number;
  outboxMaxBytes?: number;
  journalMaxEntries?: number;
  journalMaxBytes?: number;
  /** Commander's `--no-journal`: false when given. */
  journal: boolean;
  log?: boolean | string;
  /** `empty`, `sample` or a JSON seed file. */
  seed?: string;
  env?: boolean;
  parentWatch: boolean;
}

/**
 * `mailup emulator [--http-port N] [--smtp-port N] [--host H [--allow-remote]] [--outbox-max-messages N]
 * [--outbox-max-bytes N] [--journal-max-entries N] [--journal-max-bytes N] [--no-journal] [--log [json]]
 * [--seed empty|sample|FILE] [--env] [--no-parent-watch]`: runs
 * the emulator in the foreground. Prints exactly one JSON line on stdout (every member's URL and the seeded
 * account's credentials; with `--env` the same as `KEY=value` lines), logs on stderr, and on SIGINT/SIGTERM — or
 * when the process that started it ends — closes the emulator and exits 0. Each listening flag falls back to its
 * `MAILUP_EMULATOR_*` variable. A host beyond loopback needs `--allow-remote` (else a usage error, exit 2) and
 * prints a warning on stderr. `--log` writes one line per request on stderr (`--log json`: one JSON object per line),
 * never a secret.
 */
export const emulatorCommand: CliCommand = {
  register(program, io) {
    program
      .command('emulator')
      .description('Run a local MailUp emulator in the foreground; prints its URLs and credentials as one JSON line.')
      .option(
        '--http-port <port>',
        `HTTP port, 0 picks a free one (env ${EMULATOR_ENV.httpPort}; default 0)`,
        parsePort,
      )
      .option(
        '--smtp-port <port>',
        `SMTP+ relay port, 0 picks a free one (env ${EMULATOR_ENV.smtpPort}; default 0)`,
        parsePort,
      )
      .option('--host <host>', `interface to listen on (env ${EMULATOR_ENV.host}; default 127.0.0.1)`)
      .option(
        '--allow-remote',
        `allow a --host beyond loopback (env ${EMULATOR_ENV.allowRemote}=1; exposes the account and the control API)`,
      )
      .option(
        '--outbox-max-messages <n>',
        `most transactional messages kept in the inbox, oldest evicted first (env ${EMULATOR_ENV.outboxMaxMessages}; default 1000)`,
        parsePositiveInteger,
      )
      .option(
        '--outbox-max-bytes <n>',
        `most bytes of transactional messages kept, oldest evicted first (env ${EMULATOR_ENV.outboxMaxBytes}; default 134217728)`,
        parsePositiveInteger,
      )
      .option(
        '--journal-max-entries <n>',
        `most requests the journal keeps, oldest evicted first (env ${EMULATOR_ENV.journalMaxEntries}; default 10000)`,
        parsePositiveInteger,
      )
      .option(
        '--journal-max-bytes <n>',
        `most bytes the request journal keeps (env ${EMULATOR_ENV.journalMaxBytes}; default 67108864)`,
        parsePositiveInteger,
      )
      .option('--no-journal', `keep no request journal (env ${EMULATOR_ENV.journal}=0)`)
      .option(
        '--log [format]',
        `one line per request on stderr, never a secret; "json" for one JSON object per line (env ${EMULATOR_ENV.log}=1|json)`,
      )
      .option(
        '--seed <seed>',
        `the seeded account's data: empty, sample (recipients in every state, messages, tags, SMS) or a JSON seed file (env ${EMULATOR_ENV.seed}; default sample)`,
      )
      .option('--env', 'print KEY=value lines (MAILUP_EMULATOR_URLS_HTTP=…) instead of the JSON line')
      .option('--no-parent-watch', 'keep running when the process that started it ends')
      .action(async (flags: EmulatorCommandOptions) => {
        let options: LaunchOptions;
        try {
          const { journal, ...rest } = flags;
          options = resolveLaunchOptions(journal === false ? { ...rest, journal } : rest, io.env);
        } catch (error) {
          if (error instanceof MailUpError) usageError(io, 'emulator', error.message);
          throw error;
        }
        if (!isLoopbackHost(options.host)) {
          io.stderr(
            `mailup emulator: WARNING: listening on ${options.host}: anyone who can reach it gets the seeded ` +
              'account and the control API (clock, faults). Use it only on a network you trust.\n',
          );
        }
        const format = options.log;
        const started = format
          ? { ...options, onRequest: (entry: JournalEntry) => io.stderr(formatRequestLog(entry, format)) }
          : options;
        const emulator = await startEmulator(started).catch((error: unknown) => {
          const code = (error as NodeJS.ErrnoException | undefined)?.code;
          if (code === 'EADDRINUSE') {
            runtimeError(io, 'emulator', busyPortMessage(options, (error as { port?: number }).port));
          }
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
            runtimeError(io, 'emulator', `cannot listen on ${options.host}:${options.httpPort} (${code})`);
          }
          throw error;
        });
        // `npx mailup emulator` killed without forwarding its signal must not leave the emulator running.
        const parentGone = new AbortController();
        const stopWatching = flags.parentWatch
          ? watchParent(() => parentGone.abort(new Error('parent process ended')))
          : () => {};
        try {
          const description = describeEmulator(emulator);
          io.stdout(flags.env ? emulatorEnvLines(description) : `${JSON.stringify(description)}\n`);
          io.stderr(`mailup emulator: listening on ${emulator.urls.http} (Ctrl+C to stop)\n`);
          await Promise.race([untilAborted(io.shutdown), untilAborted(parentGone.signal)]);
          io.stderr(
            parentGone.signal.aborted
              ? 'mailup emulator: parent process ended; stopping\n'
              : 'mailup emulator: stopping\n',
          );
        } finally {
          stopWatching();
          await emulator.close();
        }
      });
  },
};

/** Which listener's port was taken (the error names it), said with the flag that changes it. */
function busyPortMessage(options: LaunchOptions, port: number | undefined): string {
  const smtp = port !== undefined && port === options.smtpPort && port !== options.httpPort;
  const flag = smtp ? '--smtp-port' : '--http-port';
  const shown = port ?? (smtp ? options.smtpPort : options.httpPort);
  return `port ${shown} on ${options.host} is already in use (EADDRINUSE); choose another with ${flag} N, or ${flag} 0 for a free one`;
}
