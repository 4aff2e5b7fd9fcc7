import type { CliCommand } from './cli-command.js';
import { type AuthCommandOptions, authContext, failWith, withAuthOptions } from './login.js';

/**
 * `mailup logout`: removes the stored tokens of this base URL + client id (by default the last login) from the
 * token file. Needs no client secret. Prints a sentence, or `--json`.
 */
export const logoutCommand: CliCommand = {
  register(program, io) {
    withAuthOptions(program.command('logout'))
      .description('Forget the stored MailUp tokens (of the last login unless flags say otherwise).')
      .action(async (options: AuthCommandOptions) => {
        const ctx = await authContext(options, io, 'logout');
        try {
          const had = (await ctx.store.get(ctx.key)) !== undefined;
          await ctx.tokens.clear();
          io.stdout(
            options.json
              ? `${JSON.stringify({ loggedOut: true, hadTokens: had, tokenFile: ctx.tokenFile })}\n`
              : had
                ? `Logged out of ${ctx.baseUrl}; its tokens were removed from ${ctx.tokenFile}.\n`
                : `Not logged in to ${ctx.baseUrl} (no tokens in ${ctx.tokenFile}); nothing to remove.\n`,
          );
        } catch (error) {
          failWith(io, 'logout', error);
        } finally {
          await ctx.close();
        }
      });
  },
};
