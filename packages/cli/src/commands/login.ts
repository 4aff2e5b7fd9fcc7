import { randomBytes } from 'node:crypto';
import { buildLogOnUrl, RestClient, startLoopbackCallback } from '@mailup-kit/rest';
import type { CliIO } from '../cli-io.js';
import { usageError } from '../usage.js';
import {
  type AuthCommandOptions,
  type AuthContext,
  authContext,
  checkTokenFile,
  failWith,
  saveProfile,
  withAuthOptions,
} from './auth-context.js';
import type { CliCommand } from './cli-command.js';

export {
  type AuthCommandOptions,
  type AuthContext,
  authContext,
  failWith,
  withAuthOptions,
} from './auth-context.js';

/** Reads a password from the terminal without echoing it. */
async function promptPassword(io: CliIO, username: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    usageError(
      io,
      'login',
      'set MAILUP_PASSWORD or run in a terminal to be prompted (never pass it on the command line)',
    );
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
  const username = options.username ?? io.env.MAILUP_USERNAME ?? ctx.username;
  if (!username) {
    usageError(io, 'login', '--password needs --username (or MAILUP_USERNAME)');
  }
  // Used for this one grant; never written anywhere (API use policy).
  const password = io.env.MAILUP_PASSWORD || (await promptPassword(io, username));
  return ctx.oauth().passwordGrant({ username, password, signal: io.shutdown });
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
    return await ctx.oauth().exchangeCode({ code, redirectUri: callback.redirectUri, signal: io.shutdown });
  } finally {
    await callback.close();
  }
}

/**
 * `mailup login`: the authorization code flow through a loopback callback (prints the URL to open, waits,
 * exchanges the code) or, with `--password`, the password grant (password from MAILUP_PASSWORD or a no-echo
 * prompt, never from argv). Checks the token file before any grant; stores only the tokens, in the file token store
 * (mode 0600), and remembers the login (no secret) in `profile.json` beside it. Prints a sentence, or `--json`.
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
          usageError(io, 'login', '--timeout must be a positive number of seconds');
        }
        const ctx = await authContext(options, io, 'login');
        try {
          // A corrupt or unreadable token file stops here, before a grant is spent; so does a missing secret.
          await checkTokenFile(io, 'login', ctx);
          ctx.oauth();
          const set = options.password
            ? await loginWithPassword(ctx, options, io)
            : await loginWithCode(ctx, options, io);
          await ctx.tokens.save(set);
          const rest = new RestClient({ tokens: ctx.tokens, baseUrl: ctx.baseUrl });
          const me = await rest.authenticationInfo({ signal: io.shutdown }).finally(() => rest.close());
          // The Info call may have refreshed (a 401, a short expires_in): add the user name to the CURRENT record
          // by compare-and-set; saving `set` again would write its spent refresh token back.
          await ctx.tokens.setMeta({ username: me.Username });
          await saveProfile({
            baseUrl: ctx.baseUrl,
            clientId: ctx.clientId,
            tokenFile: ctx.tokenFile,
            username: me.Username,
          });
          io.stdout(
            options.json
              ? `${JSON.stringify({ loggedIn: true, username: me.Username, tokenFile: ctx.tokenFile })}\n`
              : `Logged in to ${ctx.baseUrl} as ${me.Username}; tokens saved in ${ctx.tokenFile}.\n`,
          );
        } catch (error) {
          failWith(io, 'login', error);
        } finally {
          await ctx.close();
        }
      });
  },
};
