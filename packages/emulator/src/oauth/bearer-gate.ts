import {
  CONTRACT_NOT_SIGNED_DESCRIPTION,
  EXPIRED_TOKEN_DESCRIPTION,
  INVALID_TOKEN_DESCRIPTION,
  restErrorResponse,
} from '../rest/rest-error-body.js';
import type { EmulatorContext, Gate } from '../types.js';
import { oauthTables } from './oauth-state.js';

/**
 * Order of the bearer gate: before the throttle gate (200), which reads `req.locals.accountId`.
 */
export const BEARER_GATE_ORDER = 100;

/**
 * Checks `Authorization: Bearer <token>` on every route tagged `{ auth: 'bearer' }`: unknown or revoked ⇒ 401,
 * expired (emulator clock) ⇒ MailUp's exact 401, contract not signed ⇒ MailUp's exact 403. On success it sets
 * `req.locals.accountId` (and `clientId`).
 */
export function bearerGate(ctx: EmulatorContext): Gate {
  return {
    name: 'oauth.bearer',
    order: BEARER_GATE_ORDER,
    run(req) {
      if (req.route?.tags?.auth !== 'bearer') return undefined;
      const header = String(req.headers.authorization ?? '');
      const match = /^bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return restErrorResponse(401, INVALID_TOKEN_DESCRIPTION, 'Unauthorized');
      const record = oauthTables(ctx.state).accessTokens.get(match[1] ?? '');
      if (!record) return restErrorResponse(401, INVALID_TOKEN_DESCRIPTION, 'Unauthorized');
      if (record.expiresAt <= ctx.clock.now()) return restErrorResponse(401, EXPIRED_TOKEN_DESCRIPTION, 'Unauthorized');
      const account = ctx.state.accounts.get(record.accountId);
      if (!account) return restErrorResponse(401, INVALID_TOKEN_DESCRIPTION, 'Unauthorized');
      if (!account.contractSigned) return restErrorResponse(403, CONTRACT_NOT_SIGNED_DESCRIPTION, 'Forbidden');
      req.locals.accountId = account.id;
      req.locals.clientId = record.clientId;
      return undefined;
    },
  };
}
