import { MailUpError } from '../errors/mailup-error.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { MiddlewareStack } from '../pipeline/middleware-stack.js';
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
 * A named bundle of middleware that a client applies ONCE (a second plugin of the same name is skipped), e.g.
 * `quotaPlugin(limiter)` from `@mailup-kit/limits` or `bearerAuthPlugin(tokens)` from `@mailup-kit/rest`.
 */
export interface ClientPlugin {
  readonly name: string;
  readonly middleware: readonly PluginMiddleware[];
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
export function definePlugin(name: string, middleware: readonly PluginMiddleware[]): ClientPlugin {
  if (typeof name !== 'string' || name === '') throw invalidPlugin('a plugin needs a non-empty name');
  for (const entry of middleware) {
    if (typeof entry.middleware !== 'function' || typeof entry.name !== 'string' || entry.name === '') {
      throw invalidPlugin(`plugin "${name}": every middleware needs a name and a function`);
    }
  }
  return Object.freeze({ name, middleware: Object.freeze([...middleware]) });
}

/**
 * Adds the middleware of every plugin to `stack`, each plugin once: a plugin whose middleware are all in the
 * stack already (the stack knows its names) is skipped. Returns the names of the plugins applied by this call.
 */
export function applyPlugins(stack: MiddlewareStack, plugins: readonly ClientPlugin[]): string[] {
  const done: string[] = [];
  for (const plugin of plugins) {
    if (!plugin || typeof plugin.name !== 'string' || !Array.isArray(plugin.middleware)) {
      throw invalidPlugin('a plugin must be { name, middleware[] } (see definePlugin)');
    }
    if (plugin.middleware.every((entry) => stack.has(entry.name))) continue;
    for (const entry of plugin.middleware) {
      stack.add(entry.middleware, { step: entry.step, name: entry.name, position: entry.position });
    }
    done.push(plugin.name);
  }
  return done;
}

function invalidPlugin(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'ClientPlugin', message });
}
