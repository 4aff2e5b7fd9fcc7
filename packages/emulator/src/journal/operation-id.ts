import type { Resolved, RouteInfo } from '../types.js';

/**
 * The ONE place where what the emulator's resolve step yields becomes the project's operation id (DESIGN.md: one
 * scheme for every protocol): `rest:GET Console/List`, `soap:MailupSend.GetLists`, `import:GetNlLists`,
 * `frontend:xmlSubscribe`, `txmail:sendmessage`, `txsms:send`, `oauth:token`, `jsonp:ListsRead`, `smtp:send`.
 * An unmatched path is `<protocol>:unmatched`.
 */
export function operationId(resolved: Resolved | undefined, route: RouteInfo | undefined, protocol: string): string {
  if (!resolved) return `${protocol}:unmatched`;
  const op = resolved.operation;
  switch (resolved.protocol) {
    case 'soap': {
      const service = route?.tags?.soapService;
      return service && service !== op ? `soap:${service}.${op}` : `soap:${op}`;
    }
    case 'frontend':
      return `frontend:${op.replace(/\.aspx$/i, '')}`;
    case 'txsms':
      return `txsms:${op === 'sms' ? 'send' : op}`;
    case 'oauth':
      return `oauth:${op.toLowerCase()}`;
    default:
      return `${resolved.protocol}:${op}`;
  }
}

/** The operation id of one SMTP+ DATA transaction. */
export const SMTP_SEND_OPERATION = 'smtp:send';
