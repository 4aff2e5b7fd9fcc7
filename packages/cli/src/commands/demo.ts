import { CliExit } from '../cli-exit.js';
import { formatDemoTable } from '../demo/format-demo-table.js';
import { demoMembers, membersLine } from '../demo/members.js';
import { runDemo } from '../demo/run-demo.js';
import { demoSteps } from '../demo/steps/index.js';
import type { CliCommand } from './cli-command.js';

/**
 * `mailup demo [--json]`: starts an embedded emulator on a free port, runs every demo step, prints a table (or
 * `{"ok", "steps", "skipped", "members"}` as JSON) with the members it covers and those not built yet, and
 * exits 1 if any step failed (130 when interrupted by SIGINT/SIGTERM, listing the steps it skipped).
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
        const skipped = demoSteps.slice(results.length).map((s) => s.name);
        io.stdout(
          options.json
            ? `${JSON.stringify({ ok, steps: results, skipped, members: demoMembers })}\n`
            : `${formatDemoTable(results)}${membersLine()}\n`,
        );
        if (interrupted) {
          io.stderr(`mailup demo: interrupted after ${results.length} of ${demoSteps.length} steps\n`);
          if (skipped.length > 0) io.stderr(`mailup demo: skipped: ${skipped.join('; ')}\n`);
          throw new CliExit(130);
        }
        if (!ok) throw new CliExit(1);
      });
  },
};
