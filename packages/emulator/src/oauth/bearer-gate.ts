import {
  CONTRACT_NOT_SIGNED_DESCRIPTION,
  EXPIRED_TOKEN_DESCRIPTION,
  INVALID_TOKEN_DESCRIPTION,
} from '../rest/rest-error-body.js';
import type { EmulatorContext, Gate } from '../types.js';

const invalid = { problem: { kind: 'unauthorized', description: INVALID_TOKEN_DESCRIPTION } } as const;

/**
 * `authenticate`: checks `Authorization: Bearer <token>` on every route tagged `{ auth: 'bearer' }`. Unknown or
 * revoked ⇒ 401, expired (emulator clock) ⇒ MailUp's exact 401 (worded by the route's formatter). On success it
 * sets `req.auth` `{ accountId, scheme: 'bearer', principal: clientId }`.
 */
export function bearerGate(ctx: EmulatorContext): Gate {
  return {
    name: 'oauth.bearer',
    phase: 'authenticate',
    run(req) {
      if (req.route?.tags?.auth !== 'bearer') return undefined;
      const header = String(req.headers.authorization ?? '');
      const match = /^bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return invalid;
      const record = ctx.store.oauth.accessTokens.get(match[1] ?? '');
      if (!record || !ctx.store.accounts.has(record.accountId)) return invalid;
      if (record.expiresAt <= ctx.clock.now()) {
        return { problem: { kind: 'unauthorized', description: EXPIRED_TOKEN_DESCRIPTION } };
      }
      req.auth = { accountId: record.accountId, scheme: 'bearer', principal: record.clientId };
      return undefined;
    },
  };
}

/** `authorize`: a bearer caller whose account has not signed the contract gets MailUp's exact 403. */
export function contractGate(ctx: EmulatorContext): Gate {
  return {
    name: 'oauth.contract',
    phase: 'authorize',
    run(req) {
      if (req.auth?.scheme !== 'bearer') return undefined;
      if (ctx.store.accounts.get(req.auth.accountId)?.contractSigned !== false) return undefined;
      return { problem: { kind: 'forbidden', description: CONTRACT_NOT_SIGNED_DESCRIPTION } };
    },
  };
}
