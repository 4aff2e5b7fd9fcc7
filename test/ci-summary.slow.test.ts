import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(repoRoot, 'test/fixtures/vitest-summary');

function runSummary(args: string[]): { status: number | null; lines: string[]; file: string; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mailup-summary-'));
  const file = join(dir, 'summary.txt');
  try {
    const run = spawnSync(process.execPath, ['.ci/vitest-summary.mjs', 'run', '--root', fixture, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, MAILUP_TEST_SUMMARY_FILE: file, CI: 'true' },
    });
    let saved = '';
    try {
      saved = readFileSync(file, 'utf8');
    } catch {
      saved = '';
    }
    return {
      status: run.status,
      lines: run.stdout.trimEnd().split('\n'),
      file: saved,
      output: run.stdout + run.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('.ci/vitest-summary.mjs (the closing line CI reads)', () => {
  it('ends the output with "N passed, N failed, N skipped" alone on a line and keeps vitest’s failing exit code', () => {
    const { status, lines, file } = runSummary([]);
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 2 skipped');
    expect(file).toBe('2 passed, 1 failed, 2 skipped\n');
  });

  it('exits 0 with all passing when the failing test is filtered out', () => {
    const { status, lines } = runSummary(['-t', 'passes']);
    expect(status).toBe(0);
    expect(lines.at(-1)).toMatch(/^2 passed, 0 failed, \d+ skipped$/);
  });

  it('adds no line of its own to vitest\'s output besides the closing line (no "JSON report written to")', () => {
    const { output } = runSummary(['-t', 'passes']);
    expect(output).not.toMatch(/JSON report written/);
    expect(output).not.toMatch(/mailup-vitest-/);
  });
});
