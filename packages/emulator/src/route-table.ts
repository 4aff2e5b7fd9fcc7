import type { Answer, EmulatorContext, EmulatorRequest, Resolved, RouteInfo, RouteOptions } from './types.js';

/**
 * One row of a module's route table: plain data (method, pattern, protocol, operation, tags, handler reference),
 * listed by {@link routeTableInfo} without constructing anything. The handler, and the resolver when the row has
 * one, get the emulator's context at request time, never when the table is built or listed.
 */
export interface RouteRow {
  method: string;
  /** Path pattern with `{param}` segments, matched case-insensitively. */
  pattern: string;
  protocol: RouteOptions['protocol'];
  /** Operation name for limits, counters, faults and the journal's operation id. */
  operation: string;
  /** Free-form tags gates read, e.g. `{ auth: 'jsonp-token' }`. */
  tags?: Readonly<Record<string, string>>;
  /** Reads the operation, account and input from the request, with the emulator's context. */
  resolve?: (ctx: EmulatorContext, req: EmulatorRequest) => Partial<Resolved> | undefined;
  handler: (ctx: EmulatorContext, req: EmulatorRequest) => Answer | Promise<Answer>;
}

/** Registers every row of a route table on `ctx`, in order; each handler gets `ctx` at request time. */
export function installRouteTable(ctx: EmulatorContext, rows: readonly RouteRow[]): void {
  for (const row of rows) {
    const { resolve, handler } = row;
    const options: RouteOptions = {
      protocol: row.protocol,
      operation: row.operation,
      ...(row.tags ? { tags: row.tags } : {}),
      ...(resolve ? { resolve: (req: EmulatorRequest) => resolve(ctx, req) } : {}),
    };
    ctx.route(row.method, row.pattern, options, (req) => handler(ctx, req));
  }
}

/** What the router will know of each row (method upper-cased), read from the table alone. */
export function routeTableInfo(rows: readonly RouteRow[]): RouteInfo[] {
  return rows.map((row) => ({
    method: row.method.toUpperCase(),
    pattern: row.pattern,
    protocol: row.protocol,
    operation: row.operation,
    ...(row.tags ? { tags: row.tags } : {}),
  }));
}
