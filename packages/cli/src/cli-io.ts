/** Writes one chunk of text (the caller adds newlines). */
export type Writer = (text: string) => void;

/**
 * Everything a command touches outside itself, so commands run in-process in tests exactly as in the binary.
 */
export interface CliIO {
  /** Machine-readable output only (JSON lines, tables the user asked for). */
  stdout: Writer;
  /** Logs, progress and errors. */
  stderr: Writer;
  /** Environment variables (`process.env` in the binary). */
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the command must stop (SIGINT/SIGTERM in the binary); long-running commands wait on it. */
  shutdown: AbortSignal;
}

const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The IO of the real process: `process.stdout`/`stderr`, `process.env`, and a shutdown signal that the first
 * SIGINT or SIGTERM aborts (so the command can clean up); a second one exits at once. Call `dispose()` once the
 * command has finished to remove the signal handlers.
 */
export function processIO(): CliIO & { dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    shutdown: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Resolves when `signal` is aborted (at once if it already is). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
