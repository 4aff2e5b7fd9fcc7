import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MailUpError } from '@mailup-kit/core';
import {
  buildLogOnUrl,
  DEFAULT_MAILUP_BASE_URL,
  FileTokenStore,
  OAuthClient,
  RestClient,
  startLoopbackCallback,
  TokenManager,
} from '@mailup-kit/rest';
import type { Command } from 'commander';
import { CliExit } from '../cli-exit.js';
import type { CliIO } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

/** Options shared by `login`, `logout` and `whoami`. */
export interface AuthCommandOptions {
  baseUrl?: string;
  clientId?: string;
  tokenFile?: string;
}

/** Everything the auth commands need, resolved from options and environment (the secret only from env). */
export interface AuthContext {
  baseUrl: string;
  clientId: string;
  tokenFile: string;
  /** Store key of this login: host + client id (no secret). */
  key: string;
  oauth: OAuthClient;
  store: FileTokenStore;
  tokens: TokenManager;
  close(): Promise<void>;
}

/** Adds `--base-url`, `--client-id`, `--token-file` to an auth command. */
export function withAuthOptions(command: Command): Command {
  return command
    .option('--base-url <url>', `MailUp base URL (env MAILUP_BASE_URL; default ${DEFAULT_MAILUP_BASE_URL})`)
    .option(
      '--client-id <id>',
      'OAuth client id (env MAILUP_CLIENT_ID); the secret comes only from MAILUP_CLIENT_SECRET',
    )
    .option('--token-file <path>', 'token file (default ~/.mailup/tokens.json)');
}

/** Resolves the auth settings; a missing client id is a clear error (exit 2). */
export function authContext(options: AuthCommandOptions, io: CliIO, name: string): AuthContext {
  const baseUrl = options.baseUrl ?? io.env.MAILUP_BASE_URL ?? DEFAULT_MAILUP_BASE_URL;
  const clientId = options.clientId ?? io.env.MAILUP_CLIENT_ID;
  if (!clientId) {
    io.stderr(`mailup ${name}: a client id is required (--client-id or MAILUP_CLIENT_ID)\n`);
    throw new CliExit(2);
  }
  const tokenFile = options.tokenFile ?? join(io.env.HOME ?? homedir(), '.mailup', 'tokens.json');
  const clientSecret = io.env.MAILUP_CLIENT_SECRET || undefined;
  const oauth = new OAuthClient({ clientId, clientSecret, baseUrl });
  const store = new FileTokenStore({ path: tokenFile });
  const key = `${new URL(oauth.baseUrl).host}:${clientId}`;
  const tokens = new TokenManager({ store, key, refresh: (rt, signal) => oauth.refresh(rt, signal) });
  return {
    baseUrl: oauth.baseUrl,
    clientId,
    tokenFile,
    key,
    oauth,
    store,
    tokens,
    async close() {
      tokens.close();
      oauth.close();
      await store.close();
    },
  };
}

/** Prints a MailUpError as `mailup <cmd>: <kind>: <message>` (messages never hold secrets) and exits 1. */
export function failWith(io: CliIO, name: string, error: unknown): never {
  if (MailUpError.is(error)) {
    io.stderr(`mailup ${name}: ${error.kind}: ${error.message}\n`);
    if (error.kind === 'reauthorization-required') io.stderr(`mailup ${name}: run \`mailup login\` again\n`);
    throw new CliExit(1);
  }
  throw error;
}

/** Reads a password from the terminal without echoing it. */
async function promptPassword(io: CliIO, username: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    io.stderr(
      'mailup login: set MAILUP_PASSWORD or run in a terminal to be prompted (never pass it on the command line)\n',
    );
    throw new CliExit(2);
  }
  io.stderr(`Password for ${username}: `);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stderr('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

interface LoginOptions extends AuthCommandOptions {
  password?: boolean;
  username?: string;
  timeout: string;
}

async function loginWithPassword(ctx: AuthContext, options: LoginOptions, io: CliIO) {
  const username = options.username ?? io.env.MAILUP_USERNAME;
  if (!username) {
    io.stderr('mailup login: --password needs --username (or MAILUP_USERNAME)\n');
    throw new CliExit(2);
  }
  // Used for this one grant; never written anywhere (API use policy).
  const password = io.env.MAILUP_PASSWORD || (await promptPassword(io, username));
  return ctx.oauth.passwordGrant({ username, password, signal: io.shutdown });
}

async function loginWithCode(ctx: AuthContext, options: LoginOptions, io: CliIO) {
  const state = randomBytes(16).toString('base64url');
  const callback = await startLoopbackCallback({ expectedState: state });
  try {
    const url = buildLogOnUrl({
      clientId: ctx.clientId,
      redirectUri: callback.redirectUri,
      state,
      baseUrl: ctx.baseUrl,
    });
    io.stderr(`Open this URL in your browser to log in to MailUp:\n\n  ${url}\n\nWaiting for the login…\n`);
    const { code } = await callback.waitForCode({ timeoutMs: Number(options.timeout) * 1000, signal: io.shutdown });
    return await ctx.oauth.exchangeCode({ code, redirectUri: callback.redirectUri, signal: io.shutdown });
  } finally {
    await callback.close();
  }
}

/**
 * `mailup login`: the authorization code flow through a loopback callback (prints the URL to open, waits,
 * exchanges the code) or, with `--password`, the password grant (password from MAILUP_PASSWORD or a no-echo
 * prompt, never from argv). Stores only the tokens, in the file token store (mode 0600). Prints one JSON line.
 */
export const loginCommand: CliCommand = {
  register(program, io) {
    withAuthOptions(program.command('login'))
      .description('Log in to MailUp (OAuth 2.0) and store the tokens in ~/.mailup/tokens.json.')
      .option('--password', 'use the password grant (password from MAILUP_PASSWORD or a prompt, never argv)')
      .option('--username <user>', 'console user for --password (env MAILUP_USERNAME), e.g. m1234')
      .option('--timeout <seconds>', 'how long to wait for the browser', '300')
      .action(async (options: LoginOptions) => {
        const timeout = Number(options.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0) {
          io.stderr('mailup login: --timeout must be a positive number of seconds\n');
          throw new CliExit(2);
        }
        const ctx = authContext(options, io, 'login');
        try {
          const set = options.password
            ? await loginWithPassword(ctx, options, io)
            : await loginWithCode(ctx, options, io);
          await ctx.tokens.save(set);
          const rest = new RestClient({ tokens: ctx.tokens, baseUrl: ctx.baseUrl });
          const me = await rest.authenticationInfo({ signal: io.shutdown }).finally(() => rest.close());
          // The Info call may have refreshed (a 401, a short expires_in): add the user name to the CURRENT record
          // by compare-and-set; saving `set` again would write its spent refresh token back.
          await ctx.tokens.setMeta({ username: me.Username });
          io.stdout(`${JSON.stringify({ loggedIn: true, username: me.Username, tokenFile: ctx.tokenFile })}\n`);
        } catch (error) {
          failWith(io, 'login', error);
        } finally {
          await ctx.close();
        }
      });
  },
};
