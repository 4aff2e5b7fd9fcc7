import { RestClient } from '@mailup-kit/rest';
import type { CliCommand } from './cli-command.js';
import { type AuthCommandOptions, authContext, failWith, withAuthOptions } from './login.js';

/**
 * `mailup whoami`: `GET Console/Authentication/Info` with the stored tokens of the last login (refreshed if
 * needed). Prints a sentence, or `--json`.
 */
export const whoamiCommand: CliCommand = {
  register(program, io) {
    withAuthOptions(program.command('whoami'))
      .description('Show who the stored MailUp tokens log in as (Authentication/Info).')
      .action(async (options: AuthCommandOptions) => {
        const ctx = await authContext(options, io, 'whoami');
        const rest = new RestClient({ tokens: ctx.tokens, baseUrl: ctx.baseUrl });
        try {
          const me = await rest.authenticationInfo({ signal: io.shutdown });
          io.stdout(
            options.json
              ? `${JSON.stringify({ username: me.Username, company: me.Company, uid: me.UID, isTrial: me.IsTrial })}\n`
              : `${me.Username} (${me.Company}, account ${me.UID}${me.IsTrial ? ', trial' : ''}) at ${ctx.baseUrl}\n`,
          );
        } catch (error) {
          failWith(io, 'whoami', error);
        } finally {
          rest.close();
          await ctx.close();
        }
      });
  },
};
