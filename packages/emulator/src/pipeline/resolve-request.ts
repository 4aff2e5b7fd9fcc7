import type { EmulatorRequest, Resolved, RouteInfo } from '../types.js';

/**
 * What a matched request asks for: the route's options, refined by its resolver. Without a resolved account, a
 * numeric `{accountId}` path segment names it (the SMS API's `sms/{accountId}/{listId}`).
 */
export function resolveRequest(route: RouteInfo, req: EmulatorRequest): Resolved {
  const found = route.resolve?.(req) ?? {};
  return {
    protocol: found.protocol ?? route.protocol,
    operation: found.operation ?? route.operation,
    accountId: found.accountId ?? (/^\d+$/.test(req.params.accountId ?? '') ? Number(req.params.accountId) : undefined),
    input: found.input,
    ...(found.parsed === undefined ? {} : { parsed: found.parsed }),
  };
}
