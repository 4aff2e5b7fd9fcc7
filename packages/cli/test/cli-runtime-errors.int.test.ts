import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'mailup-cli-errors-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function run(args: string[], env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of Object.keys(base)) if (name.startsWith('MAILUP_')) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
  });
  const started = Date.now();
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out, err, ms: Date.now() - started };
}

describe('runtime failures of the mailup binary say what to do (exit 1)', () => {
  it('quota --store file with a missing directory names the directory, never a temp file', async () => {
    const file = join(home, 'no-such-dir', 'quota.json');
    const { code, out, err } = await run(['quota', '--store', 'file', '--file', file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`the directory ${join(home, 'no-such-dir')} of --file does not exist`);
    expect(err).not.toMatch(/\.tmp|\.lock/);
  });

  it('quota --store redis against a server that never answers names host:port within a bounded time', async () => {
    // A TCP server that accepts and never answers: the worst case for a Redis client.
    const silent: Server = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    try {
      const { code, err, ms } = await run(['quota', '--store', 'redis', '--redis', `redis://127.0.0.1:${port}`]);
      expect(code).toBe(1);
      expect(err).toContain(`Redis at 127.0.0.1:${port} cannot be read`);
      expect(ms).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  });

  it('a token path that is a directory is refused with the path and a file to use instead', async () => {
    const dir = join(home, 'tokens-dir');
    mkdirSync(dir, { recursive: true });
    const { code, err } = await run(['logout', '--client-id', 'cid', '--token-file', dir]);
    expect(code).toBe(1);
    expect(err).toContain(`the token file ${dir} is a directory`);
    expect(err).not.toContain('EISDIR');
  });

  it.each(['/proc/self/mailup-tokens.json', '/sys/mailup/tokens.json'])(
    'a token path under a pseudo file system (%s) is refused up front, before any lock is tried',
    async (path) => {
      const { code, err, ms } = await run(['logout', '--client-id', 'cid', '--token-file', path], {
        MAILUP_CLIENT_SECRET: 'unused-secret',
      });
      expect(code).toBe(1);
      expect(err).toMatch(/is under \/(proc|sys), which cannot hold files/);
      expect(ms).toBeLessThan(15_000);
    },
  );
});

describe('the first signal always ends the process', () => {
  it('SIGTERM during a login that waits for the browser ends it at once, with no stray output', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/cli/src/bin.ts', 'login', '--client-id', 'cid', '--base-url', 'http://127.0.0.1:9'],
      {
        cwd: repoRoot,
        env: { ...process.env, HOME: home, MAILUP_CLIENT_SECRET: 'throwaway-secret' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let err = '';
    child.stderr.setEncoding('utf8');
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (c: string) => {
        err += c;
        if (err.includes('Waiting for the login')) resolve();
      }),
    );
    const sent = Date.now();
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(Date.now() - sent).toBeLessThan(6_000);
  });
});
