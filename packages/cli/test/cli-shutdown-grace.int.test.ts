import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/hanging-command.ts', import.meta.url));

async function runUntilReady(signal: NodeJS.Signals) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, GRACE_MS: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${stderr}`)));
  });
  const sentAt = Date.now();
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, tookMs: Date.now() - sentAt };
}

describe('the first signal always ends the process within the grace period', () => {
  it('a command that ignores SIGTERM and holds the event loop open exits 143 once the grace period passes', async () => {
    const { code, stderr, tookMs } = await runUntilReady('SIGTERM');
    expect(code).toBe(143);
    expect(stderr).toContain('still running 300 ms after SIGTERM; exiting now');
    // Correctness bound, not a timing benchmark: without the grace timer the process never ends at all.
    expect(tookMs).toBeLessThan(10_000);
  });

  it('the same for SIGINT, with exit code 130', async () => {
    const { code, stderr } = await runUntilReady('SIGINT');
    expect(code).toBe(130);
    expect(stderr).toContain('after SIGINT');
  });
});
