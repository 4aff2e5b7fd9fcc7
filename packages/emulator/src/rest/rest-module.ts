import type { EmulatorContext, EmulatorModule, EmulatorRequest } from '../types.js';
import { paginate } from './collection.js';
import { INVALID_TOKEN_DESCRIPTION, restErrorResponse } from './rest-error-body.js';

/** Base of the Console resources. */
export const CONSOLE_BASE = '/API/v1.1/Rest/ConsoleService.svc/Console';

/** The caller's account, as the bearer gate authenticated it. */
function callerId(req: EmulatorRequest): number {
  if (!req.auth) throw new Error('a bearer route ran without req.auth (is the oauth module installed?)');
  return req.auth.accountId;
}

/**
 * The REST Console resources the authentication issue needs: `Authentication/Info` and `User/Lists`, read from
 * the domain store for the caller's account (`req.auth`, set by the oauth module's bearer gate; both routes are
 * tagged `{ auth: 'bearer' }`).
 */
export function restAuthModule(): EmulatorModule {
  return {
    name: 'rest-auth',
    install(ctx: EmulatorContext) {
      const tags = { auth: 'bearer' };
      ctx.route(
        'GET',
        `${CONSOLE_BASE}/Authentication/Info`,
        { protocol: 'rest', operation: 'GET Console/Authentication/Info', tags },
        (req) => {
          const a = ctx.store.accounts.get(callerId(req));
          if (!a) return { problem: { kind: 'unauthorized', description: INVALID_TOKEN_DESCRIPTION } };
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
          const lists = [...ctx.store.account(callerId(req)).lists.values()];
          const items = lists.map((l) => ({
            Company: l.companyName,
            Description: l.description,
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
}
