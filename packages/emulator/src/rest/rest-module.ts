import { restFormatter } from '../answers/rest-formatter.js';
import type { EmulatorContext, EmulatorModule, EmulatorRequest } from '../types.js';
import { listRoutes } from './list-routes.js';
import { messageRoutes } from './message-routes.js';
import { PendingImports, recipientRoutes } from './recipient-routes.js';
import { guarded, RestKit, type RestRoute, type RestService } from './route-helpers.js';
import { sendingRoutes, settleSendings } from './sending-routes.js';
import { statisticsRoutes } from './statistics-routes.js';
import { encodeWcfXml } from './wcf-xml.js';

/** Base of the Console resources. */
export const CONSOLE_BASE = '/API/v1.1/Rest/ConsoleService.svc/Console';

/** Base path of each REST service (REFERENCE §6.1). */
export const REST_SERVICE_BASES: Readonly<Record<RestService, string>> = {
  Console: '/API/v1.1/Rest/ConsoleService.svc',
  MailStatistics: '/API/v1.1/Rest/MailStatisticsService.svc',
  Public: '/API/v1.1/Rest/PublicService.svc',
};

/** One row of {@link restRouteTable}: what the emulator answers on REST. */
export interface RestRouteInfo {
  method: string;
  /** Full path pattern, e.g. `/API/v1.1/Rest/ConsoleService.svc/Console/List/{idList}/Groups`. */
  pattern: string;
  /** Operation name (counters, faults, throttling): `METHOD path-under-the-service`. */
  operation: string;
  service: RestService;
}

function allRoutes(kit: RestKit, pending: PendingImports): RestRoute[] {
  return [
    ...listRoutes(kit),
    ...recipientRoutes(kit, pending),
    ...messageRoutes(kit),
    ...sendingRoutes(kit),
    ...statisticsRoutes(kit),
  ];
}

function info(route: RestRoute): RestRouteInfo {
  return {
    method: route.method,
    pattern: `${REST_SERVICE_BASES[route.service]}/${route.path}`,
    operation: `${route.method} ${route.path}`,
    service: route.service,
  };
}

/**
 * Every REST route the emulator answers (written from REFERENCE §6.5/§6.6, independently of any client), for
 * tools and the conformance test that walks it against a client's operation table.
 */
export function restRouteTable(): RestRouteInfo[] {
  return allRoutes(new RestKit(undefined as unknown as EmulatorContext), new PendingImports()).map(info);
}

/** `Authorization: Basic base64(client_id:client_secret)` of a registered OAuth client, or undefined. */
function basicClient(ctx: EmulatorContext, req: EmulatorRequest): number | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  if (!match) return undefined;
  const [id, ...rest] = Buffer.from(match[1] ?? '', 'base64')
    .toString('utf8')
    .split(':');
  const account = ctx.store.accountByClientId(id ?? '');
  return account && account.oauthClient.clientSecret === rest.join(':') ? account.id : undefined;
}

/**
 * The REST Console, MailStatistics and Public services over the shared domain store (REFERENCE §6): every route
 * of {@link restRouteTable}, JSON or WCF XML by `Accept`, MailUp's paging envelope with `filterby`/`orderby`,
 * bare scalar bodies, empty bodies on DELETE, MailUp's error bodies, If-Match on list deletion, asynchronous
 * imports completing over emulator time, double opt-in. Console and statistics routes are tagged
 * `{ auth: 'bearer' }` (the oauth module's gates); PublicService takes HTTP Basic `client_id:client_secret`.
 * Control actions: `rest.routes`, `rest.confirmOptin` `{listId, email}`, `rest.statEvent`
 * `{kind, messageId, recipientId, url?, bounceType?}`.
 */
export function restResourcesModule(): EmulatorModule {
  const pending = new PendingImports();
  const xmlTypes = new Map<string, string>();
  return {
    name: 'rest',
    reset: () => undefined,
    install(ctx: EmulatorContext) {
      const kit = new RestKit(ctx);
      ctx.formatter(
        restFormatter({
          xml: (value, req) => encodeWcfXml(value, xmlTypes.get(req.resolved?.operation ?? '') ?? 'Result'),
        }),
      );
      ctx.gate({
        name: 'rest.public-basic',
        phase: 'authenticate',
        run(req) {
          if (req.route?.tags?.auth !== 'client-basic') return undefined;
          const accountId = basicClient(ctx, req);
          if (accountId === undefined) {
            return {
              problem: { kind: 'unauthorized', description: 'Authorization error: invalid client credentials' },
            };
          }
          req.auth = { accountId, scheme: 'basic', principal: 'client' };
          return undefined;
        },
      });
      for (const route of allRoutes(kit, pending)) {
        const { pattern, operation } = info(route);
        if (route.xml) xmlTypes.set(operation, route.xml);
        const handler = guarded(route.handler);
        ctx.route(
          route.method,
          pattern,
          { protocol: 'rest', operation, tags: { auth: route.service === 'Public' ? 'client-basic' : 'bearer' } },
          (req) => {
            const now = kit.at(req);
            pending.settle(now);
            if (req.auth) settleSendings(ctx.store.account(req.auth.accountId), now);
            return handler(req);
          },
        );
      }
      ctx.action('rest.routes', () => ({ routes: restRouteTable() }));
      ctx.action('rest.confirmOptin', (args) => {
        const accountId = Number(args.accountId ?? ctx.store.seeded.id);
        const data = ctx.store.account(accountId);
        const listId = Number(args.listId);
        const r = data.recipientByEmail(String(args.email ?? '').toLowerCase());
        if (!r || !data.lists.has(listId)) throw new RangeError('rest.confirmOptin: unknown list or email');
        if (!data.confirm(listId, r.id, 'email', ctx.clock.now())) {
          throw new RangeError('rest.confirmOptin: the recipient is not pending on that list');
        }
        return { ok: true, idRecipient: r.id };
      });
      ctx.action('rest.statEvent', (args) => {
        const data = ctx.store.account(Number(args.accountId ?? ctx.store.seeded.id));
        const kind = String(args.kind);
        if (!['delivery', 'view', 'bounce', 'unsubscription', 'click'].includes(kind)) {
          throw new RangeError('rest.statEvent: kind must be delivery, view, bounce, unsubscription or click');
        }
        const messageId = Number(args.messageId);
        const recipientId = Number(args.recipientId);
        if (!data.messages.has(messageId) || !data.recipients.has(recipientId)) {
          throw new RangeError('rest.statEvent: unknown messageId or recipientId');
        }
        data.recordStatEvent({
          kind: kind as 'view',
          messageId,
          recipientId,
          at: ctx.clock.now(),
          ...(typeof args.url === 'string' ? { url: args.url } : {}),
          ...(typeof args.bounceType === 'string' ? { bounceType: args.bounceType } : {}),
        });
        return { ok: true };
      });
    },
    close: () => pending.clear(),
  };
}
