import { installRouteTable, type RouteRow } from '../route-table.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../types.js';
import { callbackParam, isCallbackName, jsonpBody } from './jsonp-callback.js';
import { JSONP_CONTENT_TYPE } from './jsonp-filter.js';

/** Base of the legacy MailUpService 1.1 JSONP methods (REFERENCE §5.1). */
export const LEGACY_JSONP_BASE = '/1.1/MailUpService.svc/jsonp';

function answer(req: EmulatorRequest, status: number, json: unknown): EmulatorResponse {
  const name = callbackParam(req.query);
  const text = JSON.stringify(json);
  if (name === undefined) {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: text };
  }
  return {
    status: 200,
    headers: { 'content-type': JSONP_CONTENT_TYPE, 'x-content-type-options': 'nosniff' },
    body: jsonpBody(name, text, status),
  };
}

function error(req: EmulatorRequest, status: number, description: string): EmulatorResponse {
  return answer(req, status, { ErrorCode: String(status), ErrorDescription: description });
}

/** The account a request's `token` (a SOAP access key) names, for resolution. */
function resolveToken(ctx: EmulatorContext, req: EmulatorRequest) {
  const token = req.query.get('token');
  const record = token ? ctx.store.accessKeys.get(token) : undefined;
  return { accountId: record?.accountId };
}

/** One legacy method's row: `GET {base}/{operation}`, authenticated by the `token` access key. */
function legacyMethod(operation: string, handler: RouteRow['handler']): RouteRow {
  return {
    method: 'GET',
    pattern: `${LEGACY_JSONP_BASE}/${operation}`,
    protocol: 'jsonp',
    operation,
    tags: { auth: 'jsonp-token' },
    resolve: resolveToken,
    handler,
  };
}

/** The legacy MailUpService 1.1 JSONP methods as a route table (see {@link installLegacyService}). */
export const LEGACY_JSONP_ROUTES: readonly RouteRow[] = [
  legacyMethod('ListsRead', (ctx, req) => {
    const data = ctx.store.account(req.auth?.accountId ?? -1);
    const wanted = req.query.get('idList');
    if (wanted !== null && !/^\d{1,9}$/.test(wanted)) return error(req, 400, 'idList must be a number');
    const lists = [...data.lists.values()].filter((l) => wanted === null || l.id === Number(wanted));
    return answer(req, 200, {
      Lists: lists.map((l) => ({ idList: l.id, Guid: l.guid, Name: l.name, Description: l.description })),
    });
  }),
  legacyMethod('EmailsRead', (ctx, req) => {
    const data = ctx.store.account(req.auth?.accountId ?? -1);
    const idList = req.query.get('idList') ?? '';
    if (!/^\d{1,9}$/.test(idList) || !data.lists.has(Number(idList))) return error(req, 400, 'unknown idList');
    const status = (req.query.get('status') ?? 'subscribed').toLowerCase();
    if (status !== 'subscribed' && status !== 'unsubscribed' && status !== 'pending') {
      return error(req, 400, 'status must be subscribed, unsubscribed or pending');
    }
    const emails = data.recipientsOf(Number(idList), status).map((r) => ({
      idRecipient: r.id,
      Email: r.email ?? null,
      Status: status,
    }));
    return answer(req, 200, { idList: Number(idList), Emails: emails });
  }),
];

/**
 * `GET /1.1/MailUpService.svc/jsonp/ListsRead?token=<access key>[&idList=<id>]&callback=<name>` and
 * `…/EmailsRead?token=…&idList=<id>[&status=subscribed|unsubscribed|pending]&callback=<name>`: the legacy
 * MailUpService 1.1 JSONP methods, on the shared store, for legacy apps' tests. `token` is a SOAP access key
 * (`store.accessKeys`, issued by the SOAP login). Answer shapes are INFERRED (MailUp's pages are gone): see the
 * README. Without `callback` the answer is plain JSON.
 */
export function installLegacyService(ctx: EmulatorContext): void {
  ctx.gate({
    name: 'jsonp.legacy-token',
    phase: 'authenticate',
    run(req) {
      if (req.route?.tags?.auth !== 'jsonp-token') return undefined;
      const name = callbackParam(req.query);
      if (name !== undefined && !isCallbackName(name)) {
        return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'invalid callback' };
      }
      const token = req.query.get('token') ?? '';
      const record = ctx.store.accessKeys.get(token);
      if (!record || !ctx.store.accounts.has(record.accountId)) return error(req, 401, 'Invalid token');
      if (record.expiresAt <= ctx.clock.now()) return error(req, 401, 'Token expired');
      req.auth = { accountId: record.accountId, scheme: 'access-key', principal: `a${record.accountId}` };
      return undefined;
    },
  });
  installRouteTable(ctx, LEGACY_JSONP_ROUTES);
}
