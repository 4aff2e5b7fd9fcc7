import { Command, CommanderError } from 'commander';
import { CliExit } from './cli-exit.js';
import type { CliIO } from './cli-io.js';
import { commands } from './commands/index.js';
import { USAGE_EXIT_CODE, usageHint } from './usage.js';
import { CLI_VERSION } from './version.js';

/** Commander outcomes that are not errors: `--help`, `help [command]` and `--version` were asked for. */
const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/**
 * Builds the `mailup` commander program with every registered command writing through `io`. A usage error
 * prints one line and a `--help` hint (never the whole help); {@link runCli} turns it into exit code 2.
 */
export function createProgram(io: CliIO): Command {
  const program = new Command('mailup')
    .description('The MailUp API family from the command line: a local emulator, a demo, quotas and logins.')
    .version(CLI_VERSION, '-V, --version', 'print the version of @mailup-kit/cli')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(usageHint());
  for (const command of commands) command.register(program, io);
  for (const sub of program.commands) sub.showHelpAfterError(usageHint(sub.name()));
  return program;
}

/**
 * Runs the CLI in-process and resolves to its exit code (never calls `process.exit`): 0 on success (and for
 * `--help` / `--version`), 2 for every usage error, 1 for runtime failures, 130/143 when interrupted.
 *
 * @param argv - full argv as in `process.argv` (`[node, script, ...args]`).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = createProgram(io);
  if (argv.length <= 2) {
    // `mailup` alone: the help is what the user asked for in effect, but it is still not a command.
    program.outputHelp({ error: true });
    return USAGE_EXIT_CODE;
  }
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // `commander.help` is also the code of help printed *for* an error: only its exit code 0 is success.
      return SUCCESS_CODES.has(error.code) && error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    io.stderr(`mailup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
