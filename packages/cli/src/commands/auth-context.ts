import { chmod, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import { isLoopbackHost } from '@mailup-kit/core/pipeline';
import { DEFAULT_MAILUP_BASE_URL, FileTokenStore, OAuthClient, TokenManager } from '@mailup-kit/rest';
import type { Command } from 'commander';
import { CliExit } from '../cli-exit.js';
import type { CliIO } from '../cli-io.js';
import { runtimeError, usageError } from '../usage.js';

/** Options shared by `login`, `logout` and `whoami`. */
export interface AuthCommandOptions {
  baseUrl?: string;
  clientId?: string;
  tokenFile?: string;
  json?: boolean;
}

/**
 * The last login, remembered in `profile.json` beside the token file (mode 0600) so that `whoami`, `logout` and a
 * repeated `login` need no flags. It never holds a secret: no token, password or client secret.
 */
export interface AuthProfile {
  baseUrl: string;
  clientId: string;
  tokenFile: string;
  username?: string;
}

/** Everything the auth commands need, resolved from options, environment and the remembered profile. */
export interface AuthContext {
  baseUrl: string;
  clientId: string;
  tokenFile: string;
  /** Store key of this login: host + client id (no secret); loopback hosts share one key. */
  key: string;
  /** Username of the remembered profile when it is the same login. */
  username: string | undefined;
  store: FileTokenStore;
  tokens: TokenManager;
  /** The OAuth client; asking for it without `MAILUP_CLIENT_SECRET` is a usage error naming the variable. */
  oauth(): OAuthClient;
  close(): Promise<void>;
}

/** Adds `--base-url`, `--client-id`, `--token-file`, `--json` to an auth command. */
export function withAuthOptions(command: Command): Command {
  return command
    .option(
      '--base-url <url>',
      `MailUp base URL (env MAILUP_BASE_URL; default: the last login, else ${DEFAULT_MAILUP_BASE_URL})`,
    )
    .option(
      '--client-id <id>',
      'OAuth client id (env MAILUP_CLIENT_ID; default: the last login); the secret comes only from MAILUP_CLIENT_SECRET',
    )
    .option('--token-file <path>', 'token file (env MAILUP_TOKEN_FILE; default ~/.mailup/tokens.json)')
    .option('--json', 'print one JSON line instead of a sentence');
}

/** The default token file: `~/.mailup/tokens.json` (HOME from the environment first). */
export function defaultTokenFile(env: CliIO['env']): string {
  return join(env.HOME || homedir(), '.mailup', 'tokens.json');
}

/** Where the last login is remembered: `profile.json` beside the token file. */
export function profilePath(tokenFile: string): string {
  return join(dirname(resolve(tokenFile)), 'profile.json');
}

/**
 * The token-store key of a login: `host[:port]:clientId`, with `localhost`, `127.0.0.1` and `[::1]` (any loopback
 * name) written as `localhost`, so they are the same login.
 */
export function loginKey(baseUrl: string, clientId: string): string {
  const url = new URL(baseUrl);
  const host = isLoopbackHost(url.hostname) ? 'localhost' : url.hostname.toLowerCase();
  return `${host}${url.port ? `:${url.port}` : ''}:${clientId}`;
}

async function readProfile(path: string): Promise<AuthProfile | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<AuthProfile>;
    if (typeof value.baseUrl !== 'string' || typeof value.clientId !== 'string') return undefined;
    return value as AuthProfile;
  } catch {
    return undefined; // no profile yet, or unreadable: fall back to flags and defaults
  }
}

/** Remembers the last login beside its token file (0600). Never called with a secret. */
export async function saveProfile(profile: AuthProfile): Promise<void> {
  const path = profilePath(profile.tokenFile);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const { baseUrl, clientId, tokenFile, username } = profile;
  await writeFile(path, `${JSON.stringify({ baseUrl, clientId, tokenFile, username }, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys', '/dev'];

/**
 * Refuses token paths that can never hold a token file, before any file I/O or grant: a directory, or a path on a
 * pseudo file system (`/proc`, `/sys`, `/dev`, also through a symlink), where writes fail in ways a lock retries.
 */
export async function checkTokenPath(io: CliIO, name: string, tokenFile: string): Promise<void> {
  const absolute = resolve(tokenFile);
  let real = absolute;
  for (let dir = absolute; ; dir = dirname(dir)) {
    const resolved = await realpath(dir).catch(() => undefined);
    if (resolved) {
      real = join(resolved, absolute.slice(dir.length));
      break;
    }
    if (dirname(dir) === dir) break;
  }
  for (const root of PSEUDO_FILE_SYSTEMS) {
    if ([absolute, real].some((p) => p === root || p.startsWith(`${root}${sep}`))) {
      runtimeError(
        io,
        name,
        `the token file ${tokenFile} is under ${root}, which cannot hold files; choose a path in your home (--token-file)`,
      );
    }
  }
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isDirectory()) {
    runtimeError(
      io,
      name,
      `the token file ${tokenFile} is a directory; give a file path, e.g. --token-file ${join(tokenFile, 'tokens.json')}`,
    );
  }
}

/**
 * Resolves the auth settings: flags, then environment, then the remembered profile, then defaults. A missing
 * client id is a usage error (exit 2) for `login` and "not logged in" (exit 1, with how to log in) for the other
 * commands; plain http to a host that is not loopback is a usage error (exit 2); an impossible token path a
 * runtime error (exit 1). Nothing is sent.
 */
export async function authContext(options: AuthCommandOptions, io: CliIO, name: string): Promise<AuthContext> {
  const tokenFile = options.tokenFile ?? io.env.MAILUP_TOKEN_FILE ?? defaultTokenFile(io.env);
  await checkTokenPath(io, name, tokenFile);
  const profile = await readProfile(profilePath(tokenFile));
  const baseUrl = options.baseUrl ?? io.env.MAILUP_BASE_URL ?? profile?.baseUrl ?? DEFAULT_MAILUP_BASE_URL;
  const clientId = options.clientId ?? io.env.MAILUP_CLIENT_ID ?? profile?.clientId;
  if (!clientId) {
    if (name === 'login') usageError(io, name, 'a client id is required (--client-id or MAILUP_CLIENT_ID)');
    // No flag, no environment and no remembered login: the user has simply not logged in yet.
    runtimeError(
      io,
      name,
      `not logged in (no login is remembered beside ${tokenFile}); log in first with ` +
        '`MAILUP_CLIENT_SECRET=… mailup login --client-id <id>` (add `--password --username <user>` for the ' +
        'password grant), or pass --client-id / MAILUP_CLIENT_ID',
    );
  }
  if (!URL.canParse(baseUrl)) usageError(io, name, `--base-url ${JSON.stringify(baseUrl)} is not a URL`);
  const url = new URL(baseUrl);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    usageError(
      io,
      name,
      `--base-url ${url.origin} is plain http to a host that is not loopback, which mailup does not allow ` +
        '(no flag turns it on); use https://, or http:// only to localhost / 127.0.0.1 / [::1] such as the emulator',
    );
  }
  const key = loginKey(baseUrl, clientId);
  const sameLogin = profile && loginKey(profile.baseUrl, profile.clientId) === key;
  const store = new FileTokenStore({ path: tokenFile });
  let oauth: OAuthClient | undefined;
  const getOAuth = () => {
    if (oauth) return oauth;
    const clientSecret = io.env.MAILUP_CLIENT_SECRET;
    if (!clientSecret) {
      usageError(
        io,
        name,
        'the client secret is missing: set MAILUP_CLIENT_SECRET (there is deliberately no --client-secret flag: ' +
          'other users can read command lines)',
      );
    }
    oauth = new OAuthClient({ clientId, clientSecret, baseUrl });
    return oauth;
  };
  const tokens = new TokenManager({ store, key, refresh: (rt, signal) => getOAuth().refresh(rt, signal) });
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    clientId,
    tokenFile,
    key,
    username: sameLogin ? profile?.username : undefined,
    store,
    tokens,
    oauth: getOAuth,
    async close() {
      tokens.close();
      oauth?.close();
      await store.close();
    },
  };
}

/**
 * Reads this login's record before anything is sent, so a corrupt or unreadable token file stops the command
 * before a grant is spent; says to move the file away, with its path.
 */
export async function checkTokenFile(io: CliIO, name: string, ctx: AuthContext): Promise<void> {
  try {
    await ctx.store.get(ctx.key);
  } catch (error) {
    const detail = MailUpError.is(error) ? 'it is not a mailup-kit token file' : describeFsError(error);
    runtimeError(
      io,
      name,
      `cannot use the token file ${ctx.tokenFile}: ${detail}; move it away (mv ${ctx.tokenFile} ${ctx.tokenFile}.broken) ` +
        'and run `mailup login` again',
    );
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${code} reading it` : 'it cannot be read';
}

/** Prints a MailUpError as `mailup <cmd>: <kind>: <message>` (messages never hold secrets) and exits 1. */
export function failWith(io: CliIO, name: string, error: unknown): never {
  if (error instanceof CliExit) throw error;
  if (MailUpError.is(error)) {
    io.stderr(`mailup ${name}: ${error.kind}: ${error.message}\n`);
    if (error.kind === 'reauthorization-required') io.stderr(`mailup ${name}: run \`mailup login\` again\n`);
    throw new CliExit(1);
  }
  throw error;
}
