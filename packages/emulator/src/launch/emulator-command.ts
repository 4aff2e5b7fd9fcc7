import { parseArgs } from 'node:util';
import { MailUpError } from '@mailup-kit/core';
import { isLoopbackHost } from '../http/control-guard.js';
import { type RunningEmulator, startEmulator } from '../server.js';
import { describeEmulator } from './describe-emulator.js';
import { emulatorEnvLines } from './env-lines.js';
import { EMULATOR_ENV, resolveLaunchOptions } from './launch-options.js';
import { watchParent } from './parent-watch.js';
import { formatRequestLog } from './request-log.js';

/** What {@link runEmulatorCommand} touches outside itself (the real process in the `mailup-emulator` binary). */
export interface EmulatorCommandIO {
  /** The JSON line (or the `--env` lines) only. */
  stdout(text: string): void;
  /** Logs and errors. */
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the emulator must stop (SIGINT/SIGTERM in the binary). */
  shutdown: AbortSignal;
}

const NAME = 'mailup-emulator';

/** `mailup-emulator --help`. */
export const EMULATOR_COMMAND_HELP = `Usage: ${NAME} [options]

Runs a local MailUp emulator in the foreground. Prints one JSON line on stdout (every member's URL and the
seeded account's credentials), logs on stderr, stops on SIGINT/SIGTERM or when its parent process ends.

Options:
  --http-port <port>   HTTP port, 0 picks a free one (env ${EMULATOR_ENV.httpPort}; default 0)
  --smtp-port <port>   SMTP+ relay port, 0 picks a free one (env ${EMULATOR_ENV.smtpPort}; default 0)
  --host <host>        interface to listen on (env ${EMULATOR_ENV.host}; default 127.0.0.1)
  --allow-remote       allow a host beyond loopback (env ${EMULATOR_ENV.allowRemote}=1); exposes the
                       account and the control API
  --outbox-max-messages <n>  most transactional messages kept for the inbox, oldest evicted first
                       (env ${EMULATOR_ENV.outboxMaxMessages}; default 1000)
  --outbox-max-bytes <n>     most bytes of transactional messages kept, oldest evicted first
                       (env ${EMULATOR_ENV.outboxMaxBytes}; default 134217728, 128 MiB)
  --journal-max-entries <n>  most requests the journal keeps, oldest evicted first
                       (env ${EMULATOR_ENV.journalMaxEntries}; default 10000)
  --journal-max-bytes <n>    most bytes the journal keeps (env ${EMULATOR_ENV.journalMaxBytes}; default 67108864)
  --no-journal         keep no request journal (env ${EMULATOR_ENV.journal}=0)
  --log [json]         one line per request on stderr (method, path, protocol, operation, status, ms; never a
                       secret); --log json writes one JSON object per line (env ${EMULATOR_ENV.log}=1|json)
  --seed <empty|sample|FILE>  the seeded account's data: empty (lists, groups, templates, an SMTP+ user), sample
                       (plus recipients in every state, messages, tags, SMS sender and ListSecret), or a JSON
                       seed file (env ${EMULATOR_ENV.seed}; default sample)
  --env                print KEY=value lines (MAILUP_EMULATOR_URLS_HTTP=…) instead of the JSON line
  --no-parent-watch    keep running when the parent process ends
  -h, --help           show this help
`;

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function usage(io: EmulatorCommandIO, message: string): number {
  io.stderr(`${NAME}: ${message}\nrun \`${NAME} --help\` for its options\n`);
  return 2;
}

/** Which listener's port was taken, said with the flag that changes it. */
function busyPort(error: unknown, http: number, smtp: number, host: string): string {
  const port = (error as { port?: number }).port;
  const isSmtp = port !== undefined && port === smtp && port !== http;
  const flag = isSmtp ? '--smtp-port' : '--http-port';
  return `port ${port ?? (isSmtp ? smtp : http)} on ${host} is already in use (EADDRINUSE); choose another with ${flag} N, or ${flag} 0 for a free one`;
}

/**
 * The `mailup-emulator` command line (the standalone bundle's and the `@mailup-kit/emulator` package's bin): parses
 * `args` (without `node` and the script), starts the emulator, prints the JSON line of {@link describeEmulator}
 * (or its `KEY=value` form with `--env`), runs until `io.shutdown` aborts or the parent process ends (unless
 * `--no-parent-watch`), then closes it. Resolves to the exit code: 0 after a clean stop, 2 for a usage error
 * (unknown flag, bad port, remote host without allow-remote), 1 when the emulator cannot listen.
 */
export async function runEmulatorCommand(args: readonly string[], io: EmulatorCommandIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout(EMULATOR_COMMAND_HELP);
    return 0;
  }
  let options: ReturnType<typeof resolveLaunchOptions>;
  try {
    options = resolveLaunchOptions(
      {
        httpPort: values['http-port'],
        smtpPort: values['smtp-port'],
        host: values.host,
        allowRemote: values['allow-remote'],
        outboxMaxMessages: values['outbox-max-messages'],
        outboxMaxBytes: values['outbox-max-bytes'],
        journalMaxEntries: values['journal-max-entries'],
        journalMaxBytes: values['journal-max-bytes'],
        ...(values['no-journal'] ? { journal: false } : {}),
        ...(values.log === undefined ? {} : { log: values.log }),
        ...(values.seed === undefined ? {} : { seed: values.seed }),
      },
      io.env,
    );
  } catch (error) {
    if (error instanceof MailUpError) return usage(io, error.message);
    throw error;
  }
  if (!isLoopbackHost(options.host)) {
    io.stderr(
      `${NAME}: WARNING: listening on ${options.host}: anyone who can reach it gets the seeded account and the ` +
        'control API (clock, faults). Use it only on a network you trust.\n',
    );
  }
  let emulator: RunningEmulator;
  try {
    const format = options.log;
    emulator = await startEmulator(
      format ? { ...options, onRequest: (entry) => io.stderr(formatRequestLog(entry, format)) } : options,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EADDRINUSE') {
      io.stderr(`${NAME}: ${busyPort(error, options.httpPort, options.smtpPort, options.host)}\n`);
      return 1;
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      io.stderr(`${NAME}: cannot listen on ${options.host}:${options.httpPort} (${code})\n`);
      return 1;
    }
    throw error;
  }
  const parentGone = new AbortController();
  const stopWatching = values['no-parent-watch']
    ? () => {}
    : watchParent(() => parentGone.abort(new Error('parent process ended')));
  try {
    const description = describeEmulator(emulator);
    io.stdout(values.env ? emulatorEnvLines(description) : `${JSON.stringify(description)}\n`);
    io.stderr(`${NAME}: listening on ${emulator.urls.http} (Ctrl+C to stop)\n`);
    await Promise.race([untilAborted(io.shutdown), untilAborted(parentGone.signal)]);
    io.stderr(parentGone.signal.aborted ? `${NAME}: parent process ended; stopping\n` : `${NAME}: stopping\n`);
  } finally {
    stopWatching();
    await emulator.close();
  }
  return 0;
}

/** `--log` takes an optional format: `--log json` / `--log text` become `--log=…`, a bare `--log` is `--log=text`. */
function withLogValue(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--log') {
      out.push(args[i] as string);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      out.push(`--log=${next}`);
      i++;
    } else out.push('--log=text');
  }
  return out;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: withLogValue(args),
    strict: true,
    allowPositionals: false,
    options: {
      'http-port': { type: 'string' },
      'smtp-port': { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'outbox-max-messages': { type: 'string' },
      'outbox-max-bytes': { type: 'string' },
      'journal-max-entries': { type: 'string' },
      'journal-max-bytes': { type: 'string' },
      'no-journal': { type: 'boolean' },
      log: { type: 'string' },
      seed: { type: 'string' },
      env: { type: 'boolean' },
      'no-parent-watch': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
