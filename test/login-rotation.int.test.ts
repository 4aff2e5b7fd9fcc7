import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, runCli } from '@mailup-kit/cli';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let emu: RunningEmulator;
let dir: string;

function io(env: Record<string, string>) {
  let out = '';
  let err = '';
  const value: CliIO & { out(): string; err(): string } = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    shutdown: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
  return value;
}

async function cli(args: string[], env: Record<string, string>) {
  const handle = io(env);
  const code = await runCli(['node', 'mailup', ...args], handle);
  return { code, out: handle.out(), err: handle.err() };
}

interface OAuthStats {
  refreshes: number;
  invalidGrants: number;
}

beforeEach(async () => {
  emu = await startEmulator();
  await emu.control.action('throttle.enabled', { enabled: false });
  dir = mkdtempSync(join(tmpdir(), 'mailup-login-race-'));
});
afterEach(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mailup login when the Authentication/Info call refreshes the tokens', () => {
  it('keeps the rotated refresh token: the spent one is never written back, the next refresh works', async () => {
    const a = emu.store.seeded;
    const c = a.oauthClient;
    const env = { MAILUP_CLIENT_ID: c.clientId, MAILUP_CLIENT_SECRET: c.clientSecret, MAILUP_BASE_URL: emu.urls.http };
    const tokenFile = join(dir, 'tokens.json');
    // The first Info call answers 401: the token manager refreshes (rotating the refresh token) and repeats it.
    await emu.control.addFault({
      method: 'GET',
      path: '/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info',
      action: { type: 'status', status: 401, body: '{"ErrorCode":"401","ErrorDescription":"expired"}' },
      times: 1,
    });
    const login = await cli(['login', '--password', '--username', a.consoleUser, '--token-file', tokenFile], {
      ...env,
      MAILUP_PASSWORD: a.consolePassword,
    });
    expect(login.err).toBe('');
    expect(login.code).toBe(0);
    expect(((await emu.control.action('oauth.stats')) as OAuthStats).refreshes).toBe(1);

    // Expire every access token: whoami must refresh with the refresh token login left in the file.
    await emu.control.action('oauth.expireTokens');
    const who = await cli(['whoami', '--token-file', tokenFile], env);
    expect(who.err).toBe('');
    expect(who.code).toBe(0);
    const stats = (await emu.control.action('oauth.stats')) as OAuthStats;
    expect(stats.invalidGrants).toBe(0);
    expect(stats.refreshes).toBe(2);
  });
});
