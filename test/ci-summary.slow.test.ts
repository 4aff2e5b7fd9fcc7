import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(repoRoot, 'test/fixtures/vitest-summary');

function runSummary(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; lines: string[]; file: string; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mailup-summary-'));
  const file = join(dir, 'summary.txt');
  try {
    const run = spawnSync(process.execPath, ['.ci/vitest-summary.mjs', 'run', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...env, MAILUP_TEST_SUMMARY_FILE: file, CI: 'true' },
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
    const { status, lines, file } = runSummary(['--root', fixture]);
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 2 skipped');
    expect(file).toBe('2 passed, 1 failed, 2 skipped\n');
  });

  it('exits 0 with all passing when the failing test is filtered out', () => {
    const { status, lines } = runSummary(['--root', fixture, '-t', 'passes']);
    expect(status).toBe(0);
    expect(lines.at(-1)).toMatch(/^2 passed, 0 failed, \d+ skipped$/);
  });

  it('adds no line of its own to vitest\'s output besides the closing line (no "JSON report written to")', () => {
    const { output } = runSummary(['--root', fixture, '-t', 'passes']);
    expect(output).not.toMatch(/JSON report written/);
    expect(output).not.toMatch(/mailup-vitest-/);
  });
});

describe('.ci/vitest-summary.mjs on suites that fail before their tests run', () => {
  it('counts a suite that fails to load and a suite whose beforeAll throws as failed (vitest marks the latter’s tests skipped)', () => {
    const { status, lines } = runSummary(['--root', join(repoRoot, 'test/fixtures/vitest-summary-setup')]);
    expect(status).toBe(1);
    // 1 passing test; each of the two broken files counts once; the two tests behind the failed beforeAll skipped.
    expect(lines.at(-1)).toBe('1 passed, 2 failed, 2 skipped');
  });
});

describe('the README’s test command on a machine with only Node (no chromium, no redis-server)', () => {
  // The suites that need a program: both browser suites and a Redis suite of each kind.
  const suites = [
    'packages/core/test/core-in-chromium.browser.test.ts',
    'test/jsonp-frontend-in-chromium.browser.test.ts',
    'packages/redis/test/token-redis-store.int.test.ts',
    'test/redis-token-lifecycle.int.test.ts',
  ];

  it('exits 0, skips each suite with one line naming the program and how to install it, and says so in the closing line', () => {
    // PATH holds only node: chromium (/usr/bin/chromium here) and redis-server are not found, nor is any other tool.
    const bin = mkdtempSync(join(tmpdir(), 'mailup-only-node-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
      delete env.MAILUP_CHROMIUM;
      delete env.MAILUP_REDIS_SERVER;
      const { status, lines, output } = runSummary(suites, env);
      expect(output).not.toMatch(/is missing/);
      expect(status).toBe(0);
      expect(lines.at(-1)).toMatch(/^0 passed, 0 failed, [1-9]\d* skipped$/);
      expect(output).toContain(
        'skipping the core suite in Chromium: needs chromium (no chromium or chromium-browser on the PATH); install: apt-get install chromium',
      );
      expect(output).toContain('skipping the JSONP and subscription-form suites in Chromium: needs chromium');
      expect(output).toContain(
        'skipping the Redis token store tests: needs redis-server (no redis-server on the PATH); install: apt-get install redis-server',
      );
      expect(output).toContain('skipping the Redis token lifecycle tests: needs redis-server');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('an empty MAILUP_CHROMIUM / MAILUP_REDIS_SERVER hides an installed program with the full PATH', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, MAILUP_CHROMIUM: '', MAILUP_REDIS_SERVER: '' };
    const { status, lines, output } = runSummary([suites[0] as string, suites[2] as string], env);
    expect(status).toBe(0);
    expect(lines.at(-1)).toMatch(/^0 passed, 0 failed, [1-9]\d* skipped$/);
    expect(output).toContain('skipping the core suite in Chromium: needs chromium (MAILUP_CHROMIUM is empty)');
    expect(output).toContain('skipping the Redis token store tests: needs redis-server (MAILUP_REDIS_SERVER is empty)');
  });
});
