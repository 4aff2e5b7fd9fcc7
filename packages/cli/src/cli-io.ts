import { setMaxListeners } from 'node:events';

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

/** How long a command may clean up after the first SIGINT/SIGTERM before the process is ended anyway, ms. */
export const SHUTDOWN_GRACE_MS = 5000;

/**
 * The IO of the real process: `process.stdout`/`stderr`, `process.env`, and a shutdown signal that the first
 * SIGINT or SIGTERM aborts (so the command can clean up). The first signal also starts a grace timer
 * (`graceMs`, default {@link SHUTDOWN_GRACE_MS}): if the process is still alive when it fires (a cleanup that
 * hangs, a socket that never closes), it exits with 130 (SIGINT) or 143 (SIGTERM). A second signal exits at
 * once. Call `dispose()` once the command has finished to remove the signal handlers.
 */
export function processIO(options: { graceMs?: number } = {}): CliIO & { dispose(): void } {
  const controller = new AbortController();
  // One shutdown signal is shared by every call a command makes (a demo step sends 20 messages at once, each
  // listening for it): Node's 10-listener warning would be noise here, not a leak.
  setMaxListeners(1000, controller.signal);
  const graceMs = options.graceMs ?? SHUTDOWN_GRACE_MS;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT_CODES[signal] ?? 1;
    if (controller.signal.aborted) process.exit(code);
    controller.abort(new Error(`received ${signal}`));
    setTimeout(() => {
      process.stderr.write(`mailup: still running ${graceMs} ms after ${signal}; exiting now\n`);
      process.exit(code);
    }, graceMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    shutdown: controller.signal,
    dispose() {
      // The grace timer stays: a command that returned but left a handle open still ends in time.
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
