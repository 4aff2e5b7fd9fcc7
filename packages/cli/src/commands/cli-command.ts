import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';

/**
 * One `mailup` sub-command (or a group of them). `register` adds it to the program; its action writes through
 * `io` only, and throws `CliExit` to end with a non-zero code.
 */
export interface CliCommand {
  register(program: Command, io: CliIO): void;
}
