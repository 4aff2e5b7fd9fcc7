import { describe, expect, it } from 'vitest';
import { CONSOLE_ROUTES } from '../src/console/console-module.js';
import { INBOX_ROUTES } from '../src/inbox/inbox-module.js';
import { operationId, type RouteInfo, restRouteTable } from '../src/index.js';
import { LEGACY_JSONP_BASE, LEGACY_JSONP_ROUTES } from '../src/jsonp/legacy-service.js';
import { REST_ROUTES, REST_SERVICE_BASES } from '../src/rest/rest-module.js';
import { routeTableInfo } from '../src/route-table.js';

describe('REST route tables are pure data (issue 19 §1)', () => {
  it('are plain rows (method, service, path, WCF type, handler reference) read without building a kit or context', () => {
    expect(REST_ROUTES.length).toBeGreaterThan(100);
    for (const route of REST_ROUTES) {
      expect(Object.keys(route).every((key) => ['method', 'service', 'path', 'xml', 'handler'].includes(key))).toBe(
        true,
      );
      expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(route.method);
      expect(Object.keys(REST_SERVICE_BASES)).toContain(route.service);
      expect(route.path).not.toMatch(/^\/|\/$/);
      // The handler takes the request and the emulator's kit at request time: it closes over nothing built here.
      expect(typeof route.handler).toBe('function');
      expect(route.handler.length).toBeLessThanOrEqual(2);
    }
  });

  it('lists every route with a unique method+path and a unique operation id equal to the journal id', () => {
    const table = restRouteTable();
    expect(table).toHaveLength(REST_ROUTES.length);
    const keys = table.map((r) => `${r.method} ${r.pattern.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = table.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of table) {
      const route: RouteInfo = {
        method: row.method,
        pattern: row.pattern,
        operation: row.operation,
        protocol: 'rest',
        tags: { auth: row.auth },
      };
      expect(
        operationId(
          { protocol: 'rest', operation: row.operation, accountId: undefined, input: undefined },
          route,
          'rest',
        ),
      ).toBe(row.id);
      expect(row.id).toBe(`rest:${row.operation}`);
      expect(row.pattern).toBe(`${REST_SERVICE_BASES[row.service]}/${row.operation.slice(row.method.length + 1)}`);
      expect(row.auth).toBe(row.service === 'Public' ? 'client-basic' : 'bearer');
    }
    expect(ids).toContain('rest:GET Console/List/{idList}/Recipients/Subscribed');
    expect(ids).toContain('rest:GET Message/{idMessage}/List/Views');
  });
});

describe('module route tables (RouteRow) are pure data', () => {
  it('lists the legacy JSONP methods without a context, with the journal ids jsonp:ListsRead and jsonp:EmailsRead', () => {
    const rows = routeTableInfo(LEGACY_JSONP_ROUTES);
    const ids = rows.map((route) =>
      operationId(
        { protocol: route.protocol, operation: route.operation, accountId: undefined, input: undefined },
        route,
        route.protocol,
      ),
    );
    expect(ids).toEqual(['jsonp:ListsRead', 'jsonp:EmailsRead']);
    expect(rows.map((r) => `${r.method} ${r.pattern}`)).toEqual([
      `GET ${LEGACY_JSONP_BASE}/ListsRead`,
      `GET ${LEGACY_JSONP_BASE}/EmailsRead`,
    ]);
    for (const row of LEGACY_JSONP_ROUTES) {
      expect(row.tags).toEqual({ auth: 'jsonp-token' });
      expect(typeof row.handler).toBe('function');
      expect(typeof row.resolve).toBe('function');
    }
  });

  it('lists the inbox routes without a context', () => {
    const rows = routeTableInfo(INBOX_ROUTES);
    expect(rows.map((r) => `${r.method} ${r.pattern} ${r.protocol}:${r.operation}`)).toEqual([
      'GET /__emulator/inbox client:inbox.list',
      'GET /__emulator/inbox/{id} client:inbox.message',
    ]);
  });

  it('lists the web console routes without a context, each method+pattern once', () => {
    const rows = routeTableInfo([...INBOX_ROUTES, ...CONSOLE_ROUTES]);
    const keys = rows.map((r) => `${r.method} ${r.pattern.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.filter((r) => r.operation === 'console.ui').map((r) => r.pattern)).toContain('/');
    expect(keys).toContain('DELETE /__emulator/inbox');
    expect(CONSOLE_ROUTES).toHaveLength(13);
  });
});
