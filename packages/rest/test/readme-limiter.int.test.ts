import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('./fixtures/readme-limiter.ts', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('README example: RestClient with a limiter', () => {
  it('is the file the test runs, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(example, 'utf8'));
  });

  it('runs: the quota step is in the pipeline and 12 quick calls are all served', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], { cwd: root });
    expect(stdout).toContain("[ 'quota:limits:quota' ]");
    expect(stdout).toContain('12 of 12 served, none refused');
  });
});
