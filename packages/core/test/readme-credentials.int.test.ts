import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('./fixtures/readme-credentials.ts', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('README example: CredentialCache, ClientConfig, plugins and the client template', () => {
  it('is the file the test runs, verbatim', () => {
    expect(readFileSync(readme, 'utf8')).toContain(readFileSync(example, 'utf8'));
  });

  it('runs: one login per expiry for every caller, one on an expired-key answer, plugins applied once', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], { cwd: root });
    expect(stdout).toContain("keys: [ 'key-1' ] logins: 1");
    expect(stdout).toContain('after an expired-key answer: key-2');
    expect(stdout).toContain("{ url: 'https://services.mailup.com/Console/User/Lists' }");
    expect(stdout).toContain(
      "plugins: [ 'audit' ] audited: [ 'rest:GET Console/User/Lists', 'rest:GET Console/Newer' ]",
    );
  });
});
