import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI_VERSION } from '../src/version.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bin = 'packages/cli/src/bin.ts';

/** A HOME of its own, so no login remembered on this machine (~/.mailup) leaks into a test. */
const home = mkdtempSync(join(tmpdir(), 'mailup-cli-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function spawnCli(...args: string[]): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of Object.keys(env)) if (name.startsWith('MAILUP_')) delete env[name];
  return spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: repoRoot,
    env,
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

  async function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawnCli(...args);
    children.push(child);
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    const [code] = await once(child, 'exit');
    return { code: code as number | null, out: out(), err: err() };
  }

  it('an unknown command is a usage error: exit 2, one line and a --help hint, not the whole help', async () => {
    const { code, out, err } = await run('no-such-command');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/unknown command 'no-such-command'/);
    expect(err).toContain('run `mailup --help`');
    expect(err).not.toContain('Commands:');
  });

  it.each([
    ['an unknown option', ['quota', '--no-such-option'], 'quota'],
    ['a bad option value', ['emulator', '--http-port', 'x'], 'emulator'],
    ['a missing option value', ['quota', '--store'], 'quota'],
    ['an unknown store', ['quota', '--store', 'nope'], 'quota'],
    ['a missing client id', ['login', '--password', '--username', 'm1'], 'login'],
  ])('%s exits 2 with the hint of its command', async (_what, args, command) => {
    const { code, out, err } = await run(...args);
    expect(code, err).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`run \`mailup ${command} --help\``);
    expect(err).not.toContain('Options:');
    expect(err.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('--version prints the cli package version and exits 0', async () => {
    const { code, out } = await run('--version');
    expect(code).toBe(0);
    expect(out).toBe(`${CLI_VERSION}\n`);
  });
});
