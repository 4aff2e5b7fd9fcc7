import type { EmulatorAccount, RunningEmulator } from '@mailup-kit/emulator';

/** What every demo step gets: one embedded emulator shared by all steps, run in order. */
export interface DemoContext {
  /** The running emulator (control API in-process via `emulator.control`). */
  emulator: RunningEmulator;
  /** The emulator's seeded account (ids, users, throw-away secrets, lists). */
  account: EmulatorAccount;
  /** Base URL of the emulator's HTTP server, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** Aborted when the step runs out of time; pass it to requests. */
  signal: AbortSignal;
}

/**
 * One step of `mailup demo`. `run` resolves to a one-line detail for the table (never a secret) and throws when
 * the step fails. Steps leave the emulator as they found it (faults cleared) except for moving its clock.
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
