import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bin = 'packages/cli/src/bin.ts';

function spawnCli(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text += chunk;
  });
  return () => text;
}

describe('the mailup binary (spawned)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('emulator: prints one JSON line, serves health, exits 0 on SIGTERM', async () => {
    const child = spawnCli('emulator');
    children.push(child);
    const stderr = collect(child.stderr);
    const lines = createInterface({ input: child.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const description = JSON.parse(first);
    expect(description.account.apiUser).toBe('a51234');

    const health = await fetch(`${description.urls.http}/__emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });

    const rest: string[] = [];
    lines.on('line', (line) => rest.push(line));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, stderr()).toBe(0);
    expect(rest).toEqual([]);
    expect(stderr()).toContain('stopping');
  });

  it('emulator: exits 0 on SIGINT too', async () => {
    const child = spawnCli('emulator');
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    await once(lines, 'line');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('demo --json: exits 0 and prints a report where every step is ok', async () => {
    const child = spawnCli('demo', '--json');
    children.push(child);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code, `stdout: ${stdout()}\nstderr: ${stderr()}`).toBe(0);
    const report = JSON.parse(stdout());
    expect(report.ok).toBe(true);
    expect(report.steps.length).toBeGreaterThanOrEqual(3);
    expect(report.steps.every((s: { ok: boolean }) => s.ok)).toBe(true);
  });

  it('exits non-zero on an unknown command', async () => {
    const child = spawnCli('no-such-command');
    children.push(child);
    const stderr = collect(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(stderr()).toMatch(/unknown command/);
  });
});
