import type { EmulatorAccount, EmulatorUrls, RunningEmulator } from '@mailup-kit/emulator';

/** What every demo step gets: one embedded emulator shared by all steps, run in order. */
export interface DemoContext {
  /** The running emulator; steps drive it in-process through `emulator.control` (never its HTTP control API). */
  emulator: RunningEmulator;
  /** The emulator's seeded account (ids, users, throw-away secrets). */
  account: EmulatorAccount;
  /** Where the emulator listens: `http` (every HTTP member), plus one key per extra server (e.g. `smtp`). */
  urls: EmulatorUrls;
  /** Aborted when the step runs out of time; pass it to requests. */
  signal: AbortSignal;
}

/**
 * One step of `mailup demo`. `run` resolves to a one-line detail for the table (never a secret) and throws when
 * the step fails. Between steps the demo resets the emulator (`control.reset()`: counters, latency, faults and
 * throttle logs), so every step starts clean; only the clock and the domain store carry over.
 */
export interface DemoStep {
  /** Short name shown in the table, e.g. `emulator health`. */
  name: string;
  /**
   * Member of the family the step exercises (`rest`, `limits`, `soap` …), or `emulator` / `control` for a step
   * that talks only to the emulator (its health or control API), never through a client.
   */
  protocol: string;
  run(ctx: DemoContext): Promise<string>;
}
