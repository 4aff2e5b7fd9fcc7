import type { CliCommand } from './cli-command.js';
import { demoCommand } from './demo.js';
import { emulatorCommand } from './emulator.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { quotaCommand } from './quota.js';
import { whoamiCommand } from './whoami.js';

/** Every `mailup` command, in help order. Add one line per command module. */
export const commands: readonly CliCommand[] = [
  emulatorCommand,
  demoCommand,
  loginCommand,
  logoutCommand,
  whoamiCommand,
  quotaCommand,
];
