#!/usr/bin/env node
// Runs vitest with the given arguments plus a silent counting reporter (.ci/summary-reporter.mjs), then prints the plain closing line CI reads:
// `N passed, N failed, N skipped` alone on a line. Exits with vitest's exit code (1 if no report was written).
// When MAILUP_TEST_SUMMARY_FILE is set, the same line is also written there (so .ci/run can repeat it last).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'mailup-vitest-'));
const report = join(dir, 'counts.json');
// vitest's own entry under this node, not the node_modules/.bin shell shim (which needs sh, dirname, sed and a
// `node` on the PATH): the command then runs on a machine, or a PATH, that has only Node.
const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
const reporter = join(process.cwd(), '.ci', 'summary-reporter.mjs');
const args = [vitest, ...process.argv.slice(2), '--reporter=default', `--reporter=${reporter}`];
const run = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, MAILUP_VITEST_COUNTS_FILE: report },
});

let line;
try {
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
} catch (error) {
  process.stderr.write(
    `vitest-summary: no counts from the reporter (${error instanceof Error ? error.message : error})\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
if (line) {
  process.stdout.write(`\n${line}\n`);
  if (process.env.MAILUP_TEST_SUMMARY_FILE) writeFileSync(process.env.MAILUP_TEST_SUMMARY_FILE, `${line}\n`);
}
process.exit(run.status ?? 1);
