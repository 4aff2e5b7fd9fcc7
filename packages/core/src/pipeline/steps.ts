/**
 * The steps of every call, outermost first. `initialize` and `serialize` run once per call; `retry` is the only
 * retry layer; `quota`, `auth`, `build`, `transport` and `deserialize` run once per attempt, in that order: each
 * step's middleware runs its part, then calls `next()` to hand over to the next step. `auth` resolves the
 * credentials (`ctx.credentials`), `build` renders the bytes from the structured request and the credentials
 * (`ctx.wire`), so that credentials can go into a header, a body field, a SOAP argument or SMTP AUTH.
 */
export const PIPELINE_STEPS = [
  'initialize',
  'serialize',
  'retry',
  'quota',
  'auth',
  'build',
  'transport',
  'deserialize',
] as const;

/** One of {@link PIPELINE_STEPS}. */
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
