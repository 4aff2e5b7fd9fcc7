import type { Handler, RouteInfo, RouteOptions } from './types.js';

interface CompiledRoute {
  info: RouteInfo;
  segments: Array<{ literal: string } | { param: string }>;
  handler: Handler;
}

/** A match: the route and the captured path parameters. */
export interface RouteMatch {
  info: RouteInfo;
  params: Record<string, string>;
  handler: Handler;
}

/**
 * The segments a path is matched by: split on `/`, empty segments dropped (`//a///b/` is `a`, `b`). Anything that
 * decides by path whether a request reaches a route (the control API's guard) must read these same segments.
 */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}
const split = pathSegments;

/**
 * Case-insensitive router (MailUp's IIS/WCF hosts ignore path case). Literal segments win over `{param}` segments
 * when two routes could both match.
 */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: string, pattern: string, options: RouteOptions, handler: Handler): void {
    const segments = split(pattern).map((s) =>
      s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() },
    );
    const upper = method.toUpperCase();
    const duplicate = this.routes.find(
      (r) => r.info.method === upper && r.info.pattern.toLowerCase() === pattern.toLowerCase(),
    );
    if (duplicate) throw new Error(`route already registered: ${upper} ${pattern}`);
    const operation = options.operation ?? `${upper} ${pattern}`;
    this.routes.push({ info: { ...options, method: upper, pattern, operation }, segments, handler });
  }

  /** Finds the best route for a method and path; `allowed` lists methods that match the path otherwise. */
  match(method: string, path: string): { match?: RouteMatch; allowed: string[] } {
    const parts = split(path);
    const upper = method.toUpperCase();
    let best: { route: CompiledRoute; params: Record<string, string>; literals: number } | undefined;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if ('literal' in seg) {
          if (seg.literal !== part.toLowerCase()) {
            ok = false;
            break;
          }
          literals++;
        } else {
          params[seg.param] = part;
        }
      }
      if (!ok) continue;
      if (route.info.method !== upper && route.info.method !== '*') {
        allowed.add(route.info.method);
        continue;
      }
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    return {
      match: best && { info: best.route.info, params: best.params, handler: best.route.handler },
      allowed: [...allowed],
    };
  }
}
