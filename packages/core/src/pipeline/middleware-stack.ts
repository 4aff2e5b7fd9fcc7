import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { CallContext } from './call-context.js';
import type { Middleware } from './middleware.js';
import type { OperationRow } from './operation.js';
import { PIPELINE_STEPS, type PipelineStep } from './steps.js';

/** A named middleware in its step. */
export interface MiddlewareEntry<In = unknown, Op extends OperationRow = OperationRow> {
  readonly name: string;
  readonly step: PipelineStep;
  readonly middleware: Middleware<In, Op>;
}

/** The stack's middleware composed into one function (see {@link MiddlewareStack.run}). */
type Composed<In, Op extends OperationRow> = (ctx: CallContext<In, Op>) => Promise<unknown>;

/**
 * An ordered set of named middleware, grouped by {@link PIPELINE_STEPS}. Names are unique (a duplicate is refused);
 * middleware can be added to a step, placed before/after a named one, replaced in place or removed, and the
 * resolved order printed with {@link MiddlewareStack.describe}.
 *
 * @example
 * ```ts
 * const stack = new MiddlewareStack();
 * stack.add(validate, { step: 'initialize', name: 'validate' });
 * stack.addAfter('validate', audit, { name: 'audit' });
 * stack.describe(); // ['initialize:validate', 'initialize:audit']
 * ```
 */
export class MiddlewareStack<In = unknown, Op extends OperationRow = OperationRow> {
  private entries: MiddlewareEntry<In, Op>[] = [];
  /**
   * The middleware composed into one function, outermost first: resolved once when the stack changes, not per
   * call (a call keeps the composition it started with).
   */
  private chain: Composed<In, Op> | undefined;

  constructor(private readonly protocol: Protocol = 'client') {}

  /** Adds `middleware` at the end of `step` (or at its start with `position: 'first'`). */
  add(
    middleware: Middleware<In, Op>,
    options: { step: PipelineStep; name: string; position?: 'first' | 'last' },
  ): this {
    if (!PIPELINE_STEPS.includes(options.step)) throw this.error(`unknown pipeline step "${String(options.step)}"`);
    this.checkFree(options.name);
    const entry: MiddlewareEntry<In, Op> = { name: options.name, step: options.step, middleware };
    const rank = PIPELINE_STEPS.indexOf(options.step);
    const index =
      options.position === 'first'
        ? this.entries.findIndex((e) => PIPELINE_STEPS.indexOf(e.step) >= rank)
        : this.entries.findIndex((e) => PIPELINE_STEPS.indexOf(e.step) > rank);
    this.entries.splice(index === -1 ? this.entries.length : index, 0, entry);
    this.chain = undefined;
    return this;
  }

  /** Adds `middleware` just before the one named `target`, in the same step. */
  addBefore(target: string, middleware: Middleware<In, Op>, options: { name: string }): this {
    return this.addRelative(target, middleware, options.name, 0);
  }

  /** Adds `middleware` just after the one named `target`, in the same step. */
  addAfter(target: string, middleware: Middleware<In, Op>, options: { name: string }): this {
    return this.addRelative(target, middleware, options.name, 1);
  }

  /** Replaces the middleware named `name`, keeping its place. */
  replace(name: string, middleware: Middleware<In, Op>): this {
    const index = this.indexOf(name);
    const old = this.entries[index]!;
    this.entries[index] = { name, step: old.step, middleware };
    this.chain = undefined;
    return this;
  }

  /** Removes the middleware named `name`; false when there was none. */
  remove(name: string): boolean {
    const index = this.entries.findIndex((e) => e.name === name);
    if (index === -1) return false;
    this.entries.splice(index, 1);
    this.chain = undefined;
    return true;
  }

  /** True when a middleware named `name` is in the stack. */
  has(name: string): boolean {
    return this.entries.some((e) => e.name === name);
  }

  /** The resolved order, outermost first, as `step:name`. */
  describe(): string[] {
    return this.entries.map((e) => `${e.step}:${e.name}`);
  }

  /** The resolved entries, outermost first. */
  list(): readonly MiddlewareEntry<In, Op>[] {
    return [...this.entries];
  }

  /** An independent copy (for a per-call or per-client variant). */
  clone(): MiddlewareStack<In, Op> {
    const copy = new MiddlewareStack<In, Op>(this.protocol);
    copy.entries = [...this.entries];
    return copy;
  }

  /**
   * Runs the middleware in order on `ctx`. After the last one, `next()` resolves to `ctx.response` (so a stack
   * without a deserialize step returns the raw response). A middleware that throws instead of returning a
   * rejected promise is seen by the one before it as a rejected `next()`.
   */
  run(ctx: CallContext<In, Op>): Promise<unknown> {
    this.chain ??= compose(this.entries);
    return this.chain(ctx);
  }

  private addRelative(target: string, middleware: Middleware<In, Op>, name: string, offset: 0 | 1): this {
    const index = this.indexOf(target);
    this.checkFree(name);
    const step = this.entries[index]!.step;
    this.entries.splice(index + offset, 0, { name, step, middleware });
    this.chain = undefined;
    return this;
  }

  private indexOf(name: string): number {
    const index = this.entries.findIndex((e) => e.name === name);
    if (index === -1) throw this.error(`no middleware named "${name}" in the stack`);
    return index;
  }

  private checkFree(name: string): void {
    if (!name) throw this.error('a middleware needs a name');
    if (this.has(name)) throw this.error(`a middleware named "${name}" is already in the stack`);
  }

  private error(message: string): MailUpError {
    return new MailUpError({ kind: 'validation', protocol: this.protocol, operation: 'MiddlewareStack', message });
  }
}

/** The entries folded into one function, innermost first; a middleware's synchronous throw becomes a rejection. */
function compose<In, Op extends OperationRow>(entries: readonly MiddlewareEntry<In, Op>[]): Composed<In, Op> {
  let composed: Composed<In, Op> = (ctx) => Promise.resolve(ctx.response);
  for (let i = entries.length - 1; i >= 0; i--) {
    const middleware = entries[i]!.middleware;
    const inner = composed;
    composed = (ctx) => {
      try {
        return middleware(ctx, () => inner(ctx));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return composed;
}
