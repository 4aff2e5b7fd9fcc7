import { fileURLToPath } from 'node:url';
import { processAlive, startUnderParent, type UnderParent } from '@mailup-kit/testkit/parent-process';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function until(probe: () => Promise<boolean> | boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('mailup emulator under a parent that dies', () => {
  let started: UnderParent | undefined;
  afterEach(() => {
    if (started && processAlive(started.pid)) process.kill(started.pid, 'SIGKILL');
    if (started?.parent.exitCode === null) started.parent.kill('SIGKILL');
    started = undefined;
  });

  it('exits on its own when its parent is killed with SIGKILL (no signal forwarded), and stops listening', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) if (name.startsWith('MAILUP_')) delete env[name];
    started = await startUnderParent(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'emulator'], {
      cwd: repoRoot,
      env,
    });
    const { urls } = JSON.parse(started.firstLine) as { urls: { http: string } };
    expect((await fetch(`${urls.http}/__emulator/health`)).status).toBe(200);

    started.parent.kill('SIGKILL');
    const { pid } = started;
    await until(() => !processAlive(pid), 'the orphaned emulator to exit');
    await expect(fetch(`${urls.http}/__emulator/health`)).rejects.toThrow();
    expect(started.stderr()).toContain('parent process ended; stopping');
  });
});
