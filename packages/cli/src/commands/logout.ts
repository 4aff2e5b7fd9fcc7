import type { CliCommand } from './cli-command.js';
import { type AuthCommandOptions, authContext, failWith, withAuthOptions } from './login.js';

/** `mailup logout`: removes the stored tokens of this base URL + client id from the token file. */
export const logoutCommand: CliCommand = {
  register(program, io) {
    withAuthOptions(program.command('logout'))
      .description('Forget the stored MailUp tokens.')
      .action(async (options: AuthCommandOptions) => {
        const ctx = authContext(options, io, 'logout');
        try {
          const had = (await ctx.store.get(ctx.key)) !== undefined;
          await ctx.tokens.clear();
          io.stdout(`${JSON.stringify({ loggedOut: true, hadTokens: had, tokenFile: ctx.tokenFile })}\n`);
        } catch (error) {
          failWith(io, 'logout', error);
        } finally {
          await ctx.close();
        }
      });
  },
};
