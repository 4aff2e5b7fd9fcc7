import { CliExit } from './cli-exit.js';
import type { CliIO } from './cli-io.js';

/** Exit code of every usage error (bad or missing option, unknown command); runtime failures exit 1. */
export const USAGE_EXIT_CODE = 2;

/** The one-line hint printed after a usage error of `mailup <command>` (or of `mailup` itself). */
export function usageHint(command?: string): string {
  return command ? `run \`mailup ${command} --help\` for its options` : 'run `mailup --help` for the commands';
}

/**
 * Ends a command with a usage error: one line naming what is wrong, the `--help` hint, exit code 2. Never prints
 * the whole help.
 */
export function usageError(io: CliIO, command: string, message: string): never {
  io.stderr(`mailup ${command}: ${message}\n${usageHint(command)}\n`);
  throw new CliExit(USAGE_EXIT_CODE);
}

/** Ends a command with a runtime failure: `mailup <command>: <message>` and exit code 1. */
export function runtimeError(io: CliIO, command: string, message: string): never {
  io.stderr(`mailup ${command}: ${message}\n`);
  throw new CliExit(1);
}
