import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, runCli } from '@mailup-kit/cli';
import { HttpTransport } from '@mailup-kit/core/node';
import { type RunningEmulator, startEmulator } from '@mailup-kit/emulator';
import { CookieSession } from '@mailup-kit/rest/cookie-session';
import { SecretCapture } from '@mailup-kit/testkit/secret-capture';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

const capture = new SecretCapture();
const secrets = new Set<string>();
let emu: RunningEmulator;
let dir: string;

/** An in-memory CliIO whose output is captured for the secret scan; `waitFor` resolves when stderr matches. */
function io(env: Record<string, string>) {
  let out = '';
  let err = '';
  const watchers: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const check = () => {
    for (const w of [...watchers]) {
      const m = err.match(w.pattern);
      if (m) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const value: CliIO & { out(): string; err(): string; waitFor(p: RegExp): Promise<RegExpMatchArray> } = {
    stdout: (t) => {
      out += t;
      capture.lines.push(t);
    },
    stderr: (t) => {
      err += t;
      capture.lines.push(t);
      check();
    },
    env,
    shutdown: new AbortController().signal,
    out: () => out,
    err: () => err,
    waitFor: (pattern) =>
      new Promise((resolve) => {
        watchers.push({ pattern, resolve });
        check();
      }),
  };
  return value;
}

const cli = (args: string[], env: Record<string, string>) => {
  const handle = io(env);
  return { handle, done: runCli(['node', 'mailup', ...args], handle) };
};

beforeEach(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'mailup-cli-'));
});
afterEach(async () => {
  for (const s of SecretCapture.secretsOf(emu)) secrets.add(s);
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  expect(capture.lines.length).toBeGreaterThan(5);
  expect(capture.leaks(secrets)).toEqual([]);
});

function baseEnv(): Record<string, string> {
  const c = emu.store.seeded.oauthClient;
  return { MAILUP_CLIENT_ID: c.clientId, MAILUP_CLIENT_SECRET: c.clientSecret, MAILUP_BASE_URL: emu.urls.http };
}

describe('mailup login / whoami / logout', () => {
  it('login --password (password from the environment) stores only tokens, 0600; whoami and logout use them', async () => {
    const a = emu.store.seeded;
    const tokenFile = join(dir, 'tokens.json');
    const env = { ...baseEnv(), MAILUP_PASSWORD: a.consolePassword };
    const login = cli(['login', '--json', '--password', '--username', a.consoleUser, '--token-file', tokenFile], env);
    expect(await login.done).toBe(0);
    expect(JSON.parse(login.handle.out())).toMatchObject({ loggedIn: true, username: a.consoleUser });
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const content = readFileSync(tokenFile, 'utf8');
    expect(content).not.toContain(a.consolePassword);
    expect(content).not.toContain(a.oauthClient.clientSecret);

    const who = cli(['whoami', '--json', '--token-file', tokenFile], baseEnv());
    expect(await who.done).toBe(0);
    expect(JSON.parse(who.handle.out())).toMatchObject({ username: a.consoleUser, uid: String(a.id) });

    const out = cli(['logout', '--json', '--token-file', tokenFile], baseEnv());
    expect(await out.done).toBe(0);
    expect(JSON.parse(out.handle.out())).toMatchObject({ loggedOut: true, hadTokens: true });

    const after = cli(['whoami', '--token-file', tokenFile], baseEnv());
    expect(await after.done).toBe(1);
    expect(after.handle.err()).toMatch(/reauthorization-required/);
  });

  it('login (authorization code): prints the URL, waits for the loopback callback, exchanges and stores', async () => {
    const a = emu.store.seeded;
    const tokenFile = join(dir, 'tokens.json');
    const login = cli(['login', '--json', '--token-file', tokenFile, '--timeout', '20'], baseEnv());
    const [url] = await login.handle.waitFor(/http:\/\/\S+\/Authorization\/OAuth\/LogOn\S+/);
    expect(url).not.toContain('client_secret');
    const transport = new HttpTransport({ protocol: 'oauth' });
    try {
      const landed = await new CookieSession(transport).submitLogOnForm(url, a.consoleUser, a.consolePassword);
      expect(landed.status).toBe(200);
    } finally {
      transport.close();
    }
    expect(await login.done).toBe(0);
    expect(JSON.parse(login.handle.out())).toMatchObject({ loggedIn: true, username: a.consoleUser });
    expect(((await emu.control.action('oauth.stats')) as { codeGrants: number }).codeGrants).toBe(1);
  });

  it('never takes the password from argv, and says how to give it', async () => {
    const a = emu.store.seeded;
    const argvPassword = cli(['login', '--password', 'hunter2-from-argv', '--username', a.consoleUser], baseEnv());
    expect(await argvPassword.done).not.toBe(0);
    const noSource = cli(
      ['login', '--password', '--username', a.consoleUser, '--token-file', join(dir, 't.json')],
      baseEnv(),
    );
    expect(await noSource.done).toBe(2);
    expect(noSource.handle.err()).toMatch(/MAILUP_PASSWORD/);
    const badTimeout = cli(['login', '--timeout', 'soon'], baseEnv());
    expect(await badTimeout.done).toBe(2);
    const noClient = cli(['login', '--password', '--username', a.consoleUser], {});
    expect(await noClient.done).toBe(2);
    expect(noClient.handle.err()).toMatch(/client id/);
    const notLoggedIn = cli(['whoami'], {});
    expect(await notLoggedIn.done).toBe(1);
    expect(notLoggedIn.handle.err()).toMatch(/not logged in/);
    expect(((await emu.control.action('oauth.stats')) as { passwordGrants: number }).passwordGrants).toBe(0);
  });

  it('a wrong password is a clear typed failure, with nothing stored', async () => {
    const a = emu.store.seeded;
    const tokenFile = join(dir, 'tokens.json');
    const login = cli(['login', '--password', '--username', a.consoleUser, '--token-file', tokenFile], {
      ...baseEnv(),
      MAILUP_PASSWORD: 'wrong-password-xyz',
    });
    expect(await login.done).toBe(1);
    expect(login.handle.err()).toMatch(/invalid_grant/);
    expect(login.handle.err()).not.toContain('wrong-password-xyz');
    expect(() => statSync(tokenFile)).toThrow();
  });
});
