import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { argv, memoryIO } from './support/memory-io.js';

// Issue 16 item 21. A HOME of its own: no login remembered on this machine can leak in.
const home = mkdtempSync(join(tmpdir(), 'mailup-cli-state-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const io = memoryIO({ HOME: home });
  const code = await runCli(argv(...args), io);
  return { code, out: io.out(), err: io.err() };
}

describe('mailup before any login', () => {
  it.each(['whoami', 'logout'])(
    '%s says "not logged in" and how to log in, exit 1, no client-id complaint',
    async (name) => {
      const r = await cli(name);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain(`mailup ${name}: not logged in`);
      expect(r.err).toContain('mailup login');
      expect(r.err).not.toContain('a client id is required');
    },
  );

  it('login without a client id is still a usage error naming --client-id (exit 2)', async () => {
    const r = await cli('login', '--password', '--username', 'm1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('a client id is required (--client-id or MAILUP_CLIENT_ID)');
  });
});

describe('mailup help', () => {
  it('prints the help on stdout and exits 0', async () => {
    const r = await cli('help');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Commands:');
    expect(r.out).toContain('whoami');
  });

  it('help <command> prints that command’s help and exits 0', async () => {
    const r = await cli('help', 'whoami');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Usage: mailup whoami');
  });

  it('`mailup` alone is still not a command (help on stderr, exit 2)', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.err).toContain('Commands:');
  });
});
