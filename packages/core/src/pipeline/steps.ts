/**
 * The steps of every call, outermost first. `initialize` and `serialize` run once per call; `retry` is the only
 * retry layer; `quota`, `auth`, `transport` and `deserialize` run once per attempt, in that order: each step's
 * middleware runs its part, then calls `next()` to hand over to the next step.
 */
export const PIPELINE_STEPS = [
  'initialize',
  'serialize',
  'retry',
  'quota',
  'auth',
  'transport',
  'deserialize',
] as const;

/** One of {@link PIPELINE_STEPS}. */
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
