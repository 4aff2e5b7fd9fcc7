import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('./fixtures/readme-quota-plugin.ts', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('README example: quotaPlugin', () => {
  it('is the file the test runs, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(example, 'utf8'));
  });

  it('runs: the plugin is applied and the sixth call of a 5/s row waits for the window', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], { cwd: root });
    expect(stdout).toContain("[ 'limits:quota' ] 6 calls took ≥ 1 s");
    expect(stdout).toContain('reserved under GET Console/User/Lists');
  });
});
