import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('./fixtures/readme-example.ts', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('README example', () => {
  it('is the file the test runs, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(example, 'utf8'));
  });

  it('runs: the 429 is waited out and the read retried', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], { cwd: root });
    expect(stdout).toContain("after 2 calls: [ 'Newsletter' ]");
    expect(stdout).toContain('retry:core:retry');
  });
});
