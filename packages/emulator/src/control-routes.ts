import type { EmulatorContext } from './types.js';

/**
 * The control API's own routes: `GET {prefix}/health` and `POST {prefix}/control/{action}` (JSON body in, JSON
 * out: 400 for a body that is not JSON or bad arguments, 404 for an unknown action). The server guards them and
 * runs them without faults, gates, counters or latency.
 */
export function installControlRoutes(ctx: EmulatorContext, prefix: string): void {
  ctx.route('GET', `${prefix}/health`, { protocol: 'client', operation: 'emulator.health' }, () => ({
    status: 200,
    json: { ok: true, now: ctx.clock.now(), accountId: ctx.store.seeded.id },
  }));
  ctx.route(
    'POST',
    `${prefix}/control/{action}`,
    { protocol: 'client', operation: 'emulator.control' },
    async (req) => {
      let args: Record<string, unknown> = {};
      if (req.body.length > 0) {
        try {
          args = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
        } catch {
          return { status: 400, json: { error: 'control body must be JSON' } };
        }
      }
      try {
        const result = await ctx.control.action(req.params.action ?? '', args);
        return { status: 200, json: result ?? {} };
      } catch (error) {
        const unknown = error instanceof Error && error.message.startsWith('unknown control action');
        return { status: unknown ? 404 : 400, json: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
  );
}
