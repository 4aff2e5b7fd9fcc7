import type { EmulatorContext, EmulatorModule, EmulatorRequest } from '../types.js';
import { paginate } from './collection.js';
import { restErrorResponse } from './rest-error-body.js';

/** Base of the Console resources. */
export const CONSOLE_BASE = '/API/v1.1/Rest/ConsoleService.svc/Console';

function account(ctx: EmulatorContext, req: EmulatorRequest) {
  const found = ctx.state.accounts.get(req.locals.accountId as number);
  if (!found) throw new Error('bearer gate did not set req.locals.accountId');
  return found;
}

/**
 * The REST Console resources the authentication issue needs: `Authentication/Info` and `User/Lists` (bearer
 * auth through the oauth module's gate; both tagged `{ auth: 'bearer' }`).
 */
export const restAuthModule: EmulatorModule = {
  name: 'rest-auth',
  install(ctx) {
    const tags = { auth: 'bearer' };
    ctx.route(
      'GET',
      `${CONSOLE_BASE}/Authentication/Info`,
      { protocol: 'rest', operation: 'GET Console/Authentication/Info', tags },
      (req) => {
        const a = account(ctx, req);
        return {
          status: 200,
          json: {
            Company: a.company,
            ExpiryDate: '2099-12-31 00:00:00.000',
            IsTrial: false,
            UID: String(a.id),
            Url: `${ctx.baseUrl().replace(/^https?:\/\//, '')}`,
            Username: a.consoleUser,
            Version: '9.0.0',
          },
        };
      },
    );
    ctx.route(
      'GET',
      `${CONSOLE_BASE}/User/Lists`,
      { protocol: 'rest', operation: 'GET Console/User/Lists', tags },
      (req) => {
        const items = account(ctx, req).lists.map((l) => ({
          Company: '',
          Description: '',
          Name: l.name,
          idList: l.id,
          listGuid: l.guid,
        }));
        const page = paginate(items, req.query);
        if (page === 'bad-request') return restErrorResponse(400, 'Invalid paging parameters.', 'BadRequest');
        return { status: 200, json: page };
      },
    );
  },
};
