import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginKey } from '../src/commands/auth-context.js';
import { runCli } from '../src/program.js';
import { argv, memoryIO } from './support/memory-io.js';

let emu: RunningEmulator;
let home: string;

beforeEach(async () => {
  emu = await startEmulator();
  home = mkdtempSync(join(tmpdir(), 'mailup-cli-auth-'));
});
afterEach(async () => {
  await emu.close();
  rmSync(home, { recursive: true, force: true });
});

const grants = async () => (await emu.control.action('oauth.stats')) as { passwordGrants: number };

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, MAILUP_CLIENT_SECRET: emu.store.seeded.oauthClient.clientSecret, ...extra };
}

async function cli(args: string[], environment: Record<string, string>) {
  const io = memoryIO(environment);
  const code = await runCli(argv(...args), io);
  return { code, out: io.out(), err: io.err() };
}

describe('mailup login / whoami / logout remember the last login', () => {
  it('after one login, whoami and logout need no flags; the profile holds no secret and is 0600', async () => {
    const a = emu.store.seeded;
    const login = await cli(
      [
        'login',
        '--password',
        '--username',
        a.consoleUser,
        '--base-url',
        emu.urls.http,
        '--client-id',
        a.oauthClient.clientId,
      ],
      env({ MAILUP_PASSWORD: a.consolePassword }),
    );
    expect(login.code, login.err).toBe(0);
    expect(login.out).toBe(
      `Logged in to ${emu.urls.http} as ${a.consoleUser}; tokens saved in ${join(home, '.mailup', 'tokens.json')}.\n`,
    );
    const profile = join(home, '.mailup', 'profile.json');
    expect(statSync(profile).mode & 0o777).toBe(0o600);
    const text = readFileSync(profile, 'utf8');
    for (const secret of [a.consolePassword, a.oauthClient.clientSecret]) expect(text).not.toContain(secret);

    const who = await cli(['whoami'], env());
    expect(who.code, who.err).toBe(0);
    expect(who.out).toMatch(new RegExp(`^${a.consoleUser} \\(.*account ${a.id}.*\\) at `));
    const whoJson = await cli(['whoami', '--json'], env());
    expect(JSON.parse(whoJson.out)).toMatchObject({ username: a.consoleUser });

    const out = await cli(['logout'], { HOME: home });
    expect(out.code, out.err).toBe(0);
    expect(out.out).toMatch(/^Logged out of /);
  });

  it('localhost, 127.0.0.1 and [::1] are the same login', async () => {
    expect(loginKey('http://localhost:8080', 'c')).toBe(loginKey('http://127.0.0.1:8080', 'c'));
    expect(loginKey('http://[::1]:8080/', 'c')).toBe(loginKey('http://LOCALHOST:8080', 'c'));
    expect(loginKey('https://services.mailup.com', 'c')).not.toBe(loginKey('http://127.0.0.1', 'c'));
    const a = emu.store.seeded;
    const port = new URL(emu.urls.http).port;
    const login = await cli(
      [
        'login',
        '--password',
        '--username',
        a.consoleUser,
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--client-id',
        a.oauthClient.clientId,
      ],
      env({ MAILUP_PASSWORD: a.consolePassword }),
    );
    expect(login.code, login.err).toBe(0);
    const who = await cli(['whoami', '--base-url', `http://localhost:${port}`], env());
    expect(who.code, who.err).toBe(0);
    expect(who.out).toContain(a.consoleUser);
  });
});

describe('auth messages name what the user has', () => {
  it('a missing client secret names MAILUP_CLIENT_SECRET and --client-secret, exit 2, nothing sent', async () => {
    const a = emu.store.seeded;
    const r = await cli(
      [
        'login',
        '--password',
        '--username',
        a.consoleUser,
        '--base-url',
        emu.urls.http,
        '--client-id',
        a.oauthClient.clientId,
      ],
      { HOME: home, MAILUP_PASSWORD: a.consolePassword },
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('MAILUP_CLIENT_SECRET');
    expect(r.err).toContain('--client-secret');
    expect((await grants()).passwordGrants).toBe(0);
  });

  it('plain http off loopback says mailup does not allow it (no flag), exit 2', async () => {
    const r = await cli(['whoami', '--base-url', 'http://mailup.example.com', '--client-id', 'c'], env());
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'plain http to a host that is not loopback, which mailup does not allow (no flag turns it on)',
    );
  });

  it('a corrupt token file says to move it away, with its path, before any grant is spent', async () => {
    const a = emu.store.seeded;
    const tokenFile = join(home, 'tokens.json');
    writeFileSync(tokenFile, 'not json at all');
    const r = await cli(
      [
        'login',
        '--password',
        '--username',
        a.consoleUser,
        '--base-url',
        emu.urls.http,
        '--client-id',
        a.oauthClient.clientId,
        '--token-file',
        tokenFile,
      ],
      env({ MAILUP_PASSWORD: a.consolePassword }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot use the token file ${tokenFile}`);
    expect(r.err).toContain(`move it away (mv ${tokenFile} ${tokenFile}.broken)`);
    expect((await grants()).passwordGrants).toBe(0);
  });
});

describe('mailup quota on the memory store', () => {
  it('says it shows only this process and lists every policy row, defaults and patterns included', async () => {
    const { API_USE_POLICY } = await import('@mailup-kit/core/catalogue');
    const r = await cli(['quota'], {});
    expect(r.code).toBe(0);
    expect(r.err).toContain('the memory store shows only this process');
    for (const row of API_USE_POLICY) {
      const operation = row.match === 'default' ? '* (each other operation)' : row.operation;
      const line = r.out
        .split('\n')
        .find((l) => l.startsWith(`${row.protocol} `) && l.includes(operation.split('#')[0] ?? ''));
      expect(line, `${row.protocol} ${row.operation}`).toBeDefined();
    }
  });
});
