import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Pids of live processes whose environment holds `marker` (Linux /proc). */
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone or not ours
    }
  }
  return pids;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The README's exact command: `corepack pnpm mailup …`, run from the repository root. */
function corepackPnpm(marker: string, ...args: string[]): ChildProcess {
  return spawn('corepack', ['pnpm', ...args], {
    cwd: repoRoot,
    env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0', MAILUP_TEST_MARKER: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('corepack pnpm mailup (the README form)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('emulator: the first stdout line is the JSON line, and SIGTERM to pnpm stops the emulator and leaves no process', async () => {
    const marker = `mailup-root-script-${randomUUID()}`;
    const pnpm = corepackPnpm(marker, 'mailup', 'emulator');
    children.push(pnpm);
    let stderr = '';
    pnpm.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: pnpm.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const description = JSON.parse(first) as { urls: { http: string } };
    expect((await fetch(`${description.urls.http}/__emulator/health`)).status).toBe(200);
    const rest: string[] = [];
    lines.on('line', (line) => rest.push(line));

    pnpm.kill('SIGTERM');
    await once(pnpm, 'exit');
    await until(
      () =>
        fetch(`${description.urls.http}/__emulator/health`).then(
          () => undefined,
          () => true,
        ),
      'the emulator port to stop answering',
    );
    await until(() => (processesWithMarker(marker).length === 0 ? true : undefined), 'every process to end');
    expect(rest, stderr).toEqual([]);
  });

  it('--version prints only the cli version through the README form', async () => {
    const pnpm = corepackPnpm(`mailup-root-script-${randomUUID()}`, 'mailup', '--version');
    children.push(pnpm);
    let stdout = '';
    pnpm.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const [code] = await once(pnpm, 'exit');
    const { version } = JSON.parse(readFileSync(`${repoRoot}/packages/cli/package.json`, 'utf8')) as {
      version: string;
    };
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});
