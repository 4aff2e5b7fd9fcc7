import { isLoopbackHost, startEmulator } from '@mailup-kit/emulator';
import { untilAborted } from '../cli-io.js';
import { describeEmulator } from '../emulator/describe-emulator.js';
import { runtimeError, usageError } from '../usage.js';
import type { CliCommand } from './cli-command.js';
import { parsePort, parsePositiveInteger } from './parse-port.js';

interface EmulatorCommandOptions {
  httpPort: number;
  smtpPort?: number;
  host: string;
  allowRemote?: boolean;
  outboxMaxMessages?: number;
  outboxMaxBytes?: number;
}

/**
 * `mailup emulator [--http-port N] [--smtp-port N] [--host H [--allow-remote]] [--outbox-max-messages N]
 * [--outbox-max-bytes N]`: runs the emulator in the
 * foreground. Prints exactly one JSON line on stdout (URLs and the seeded account), logs on stderr, and on
 * SIGINT/SIGTERM closes the emulator and exits 0. A `--host` beyond loopback needs `--allow-remote` (else a usage
 * error, exit 2) and prints a warning on stderr.
 */
export const emulatorCommand: CliCommand = {
  register(program, io) {
    program
      .command('emulator')
      .description('Run a local MailUp emulator in the foreground; prints its URLs and account as one JSON line.')
      .option('--http-port <port>', 'HTTP port (0 picks a free one)', parsePort, 0)
      .option('--smtp-port <port>', 'SMTP+ relay port (0 picks a free one)', parsePort, 0)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--allow-remote', 'allow a --host beyond loopback (exposes the account and the control API)')
      .option(
        '--outbox-max-messages <n>',
        'most transactional messages kept in the inbox, oldest evicted first (default 1000)',
        parsePositiveInteger,
      )
      .option(
        '--outbox-max-bytes <n>',
        'most bytes of transactional messages kept, oldest evicted first (default 134217728)',
        parsePositiveInteger,
      )
      .action(async (options: EmulatorCommandOptions) => {
        const allowRemote = options.allowRemote === true;
        if (!isLoopbackHost(options.host)) {
          if (!allowRemote) {
            usageError(
              io,
              'emulator',
              `--host ${options.host} is not a loopback address; add --allow-remote to expose it`,
            );
          }
          io.stderr(
            `mailup emulator: WARNING: listening on ${options.host}: anyone who can reach it gets the seeded ` +
              'account and the control API (clock, faults). Use it only on a network you trust.\n',
          );
        }
        const emulator = await startEmulator({
          httpPort: options.httpPort,
          smtpPort: options.smtpPort,
          host: options.host,
          allowRemote,
          ...(options.outboxMaxMessages === undefined ? {} : { outboxMaxMessages: options.outboxMaxMessages }),
          ...(options.outboxMaxBytes === undefined ? {} : { outboxMaxBytes: options.outboxMaxBytes }),
        }).catch((error: unknown) => {
          const code = (error as NodeJS.ErrnoException | undefined)?.code;
          if (code === 'EADDRINUSE') {
            runtimeError(io, 'emulator', busyPortMessage(options, (error as { port?: number }).port));
          }
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
            runtimeError(io, 'emulator', `cannot listen on ${options.host}:${options.httpPort} (${code})`);
          }
          throw error;
        });
        try {
          io.stdout(`${JSON.stringify(describeEmulator(emulator))}\n`);
          io.stderr(`mailup emulator: listening on ${emulator.urls.http} (Ctrl+C to stop)\n`);
          await untilAborted(io.shutdown);
          io.stderr('mailup emulator: stopping\n');
        } finally {
          await emulator.close();
        }
      });
  },
};

/** Which listener's port was taken (the error names it), said with the flag that changes it. */
function busyPortMessage(options: EmulatorCommandOptions, port: number | undefined): string {
  const smtp = port !== undefined && port === options.smtpPort && port !== options.httpPort;
  const flag = smtp ? '--smtp-port' : '--http-port';
  const shown = port ?? (smtp ? options.smtpPort : options.httpPort);
  return `port ${shown} on ${options.host} is already in use (EADDRINUSE); choose another with ${flag} N, or ${flag} 0 for a free one`;
}
