import { Command, CommanderError } from 'commander';
import { CliExit } from './cli-exit.js';
import type { CliIO } from './cli-io.js';
import { commands } from './commands/index.js';

/** Builds the `mailup` commander program with every registered command writing through `io`. */
export function createProgram(io: CliIO): Command {
  const program = new Command('mailup')
    .description('The MailUp API family from the command line: a local emulator, a demo, quotas and logins.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  for (const command of commands) command.register(program, io);
  return program;
}

/**
 * Runs the CLI in-process and resolves to its exit code (never calls `process.exit`).
 *
 * @param argv - full argv as in `process.argv` (`[node, script, ...args]`).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr(`mailup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
