import { CliExit } from '../cli-exit.js';
import { formatDemoTable } from '../demo/format-demo-table.js';
import { runDemo } from '../demo/run-demo.js';
import { demoSteps } from '../demo/steps/index.js';
import type { CliCommand } from './cli-command.js';

/**
 * `mailup demo [--json]`: starts an embedded emulator on a free port, runs every demo step, prints a table (or
 * `{"ok", "steps"}` as JSON) and exits 1 if any step failed (130 when interrupted by SIGINT/SIGTERM).
 */
export const demoCommand: CliCommand = {
  register(program, io) {
    program
      .command('demo')
      .description('Run every member of the family against an embedded emulator and print what happened.')
      .option('--json', 'print the results as one JSON object')
      .action(async (options: { json?: boolean }) => {
        const results = await runDemo(demoSteps, { signal: io.shutdown });
        const interrupted = io.shutdown.aborted;
        const ok = !interrupted && results.every((r) => r.ok);
        io.stdout(options.json ? `${JSON.stringify({ ok, steps: results })}\n` : formatDemoTable(results));
        if (interrupted) {
          io.stderr(`mailup demo: interrupted after ${results.length} of ${demoSteps.length} steps\n`);
          throw new CliExit(130);
        }
        if (!ok) throw new CliExit(1);
      });
  },
};
