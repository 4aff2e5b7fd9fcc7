import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../.ci/check-browser-bundle.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = '.ci/check-browser-bundle.mjs';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('the root and neutral subpath entries of @mailup-kit/core bundle for the browser with no Node import', () => {
  it('the CI script passes on the root and each neutral subpath entry (esbuild, platform browser, no externals)', () => {
    const { status, out } = run();
    for (const entry of [
      'index',
      'pipeline/index',
      'errors/index',
      'catalogue/index',
      'credentials/index',
      'quota/index',
    ])
      expect(out).toContain(`packages/core/src/${entry}.ts bundles for the browser with no Node import`);
    expect(status).toBe(0);
  });

  it('the CI script fails, naming the unresolvable import, on an entry that needs Node', () => {
    const { status, out } = run('packages/core/test/fixtures/node-only-entry.ts');
    expect(status).toBe(1);
    expect(out).toMatch(/Could not resolve "node:fs"/);
  });

  it('catches a Node-only global even when every import resolves', async () => {
    const { problems } = await bundleForBrowser('packages/core/src/node/fs/process-alive.ts');
    expect(problems).toContain('uses the Node-only global "process"');
    expect((await bundleForBrowser('packages/core/src/index.ts')).problems).toEqual([]);
  });
});
