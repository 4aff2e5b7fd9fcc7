import { MailUpError } from '../errors/mailup-error.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { MiddlewareStack } from '../pipeline/middleware-stack.js';
import type { OperationRow } from '../pipeline/operation.js';
import type { PipelineStep } from '../pipeline/steps.js';

/** One middleware of a {@link ClientPlugin}, with its step and its (stack-unique) name. */
export interface PluginMiddleware {
  readonly step: PipelineStep;
  readonly name: string;
  readonly middleware: Middleware;
  /** Start or end of its step (default end). */
  readonly position?: 'first' | 'last';
}

/**
 * A named bundle of middleware that a client applies once, e.g. `quotaPlugin(limiter)` from `@mailup-kit/limits`
 * or `bearerAuthPlugin(tokens)` from `@mailup-kit/rest`. A plugin whose middleware names are already in the stack
 * is refused (kind `validation`) unless it says `override: true`: then its middleware replace the ones of the same
 * names, in place (`quotaPlugin(limiterB, …)` over the client's own `quotaPlugin(limiterA)`).
 */
export interface ClientPlugin {
  readonly name: string;
  readonly middleware: readonly PluginMiddleware[];
  /** Replace the middleware of the same names already in the stack instead of being refused. */
  readonly override?: boolean;
}

/**
 * A {@link ClientPlugin} (checks the name and every middleware's step and name).
 *
 * @example
 * ```ts
 * const timing = definePlugin('timing', [
 *   { step: 'transport', name: 'timing', position: 'first', middleware: async (ctx, next) => next() },
 * ]);
 * ```
 */
export function definePlugin(
  name: string,
  middleware: readonly PluginMiddleware[],
  options: { override?: boolean } = {},
): ClientPlugin {
  if (typeof name !== 'string' || name === '') throw invalidPlugin('a plugin needs a non-empty name');
  for (const entry of middleware) {
    if (typeof entry.middleware !== 'function' || typeof entry.name !== 'string' || entry.name === '') {
      throw invalidPlugin(`plugin "${name}": every middleware needs a name and a function`);
    }
  }
  return Object.freeze({
    name,
    middleware: Object.freeze([...middleware]),
    ...(options.override ? { override: true } : {}),
  });
}

/**
 * Adds the middleware of every plugin to `stack`. A plugin naming a middleware the stack already has throws a
 * `validation` error (a second `quotaPlugin` would otherwise be dropped or run twice) unless it says `override`:
 * then each of its middleware replaces the one of the same name in place (and the others are added). Returns the
 * names of the plugins applied by this call.
 */
export function applyPlugins<In, Op extends OperationRow>(
  stack: MiddlewareStack<In, Op>,
  plugins: readonly ClientPlugin[],
): string[] {
  const done: string[] = [];
  for (const plugin of plugins) {
    if (!plugin || typeof plugin.name !== 'string' || !Array.isArray(plugin.middleware)) {
      throw invalidPlugin('a plugin must be { name, middleware[] } (see definePlugin)');
    }
    const taken = plugin.middleware.filter((entry) => stack.has(entry.name)).map((entry) => entry.name);
    if (taken.length > 0 && plugin.override !== true) {
      throw invalidPlugin(
        `plugin "${plugin.name}": the stack already has ${taken.map((n) => `"${n}"`).join(', ')} ` +
          '(pass override: true to replace them)',
      );
    }
    for (const entry of plugin.middleware) {
      const middleware = entry.middleware as unknown as Middleware<In, Op>;
      if (stack.has(entry.name)) stack.replace(entry.name, middleware);
      else stack.add(middleware, { step: entry.step, name: entry.name, position: entry.position });
    }
    done.push(plugin.name);
  }
  return done;
}

function invalidPlugin(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'ClientPlugin', message });
}
