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
 * How the facade (`@mailup-kit/client`) served a step's operation: shown per step in the demo's table and its
 * `--json` (`routing`).
 */
export interface DemoRouting {
  /** The facade operation, e.g. `transactional.email.send`. */
  operation: string;
  /** The transport that served it (`txmail`, `smtp`, `rest`, `soap` …). */
  servedBy: string;
  /** The fallback taken, e.g. `txmail (auth-invalid) → smtp`; absent when the first candidate served it. */
  fallback?: string;
  /** Budget left on the serving transport's policy rows after the call (`unlimited` when no row counts it). */
  budgetLeft: number | 'unlimited';
}

/** What a step that runs through the facade answers: its detail and how its operation was served. */
export interface DemoOutcome {
  detail: string;
  routing: DemoRouting;
}

/**
 * One step of `mailup demo`. `run` resolves to a one-line detail for the table (never a secret) — or, for a step
 * run through the facade, the detail and its {@link DemoRouting} — and throws when the step fails. Between steps the demo resets the emulator (`control.reset()`: counters, latency, faults and
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
  run(ctx: DemoContext): Promise<string | DemoOutcome>;
}
