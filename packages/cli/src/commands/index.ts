import type { CliCommand } from './cli-command.js';
import { demoCommand } from './demo.js';
import { emulatorCommand } from './emulator.js';

/** Every `mailup` command, in help order. Add one line per command module. */
export const commands: readonly CliCommand[] = [emulatorCommand, demoCommand];
