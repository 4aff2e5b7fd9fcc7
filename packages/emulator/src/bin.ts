import { runEmulatorCommand } from './launch/emulator-command.js';

/** How long the emulator may take to close after the first SIGINT/SIGTERM before the process ends anyway, ms. */
const GRACE_MS = 5000;
const EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The `mailup-emulator` binary (and the standalone bundle `dist/mailup-emulator.mjs`): the real process's IO, a
 * shutdown signal the first SIGINT/SIGTERM aborts; a second signal, or a close that hangs past the grace time,
 * ends the process.
 */
function main(): void {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    const code = EXIT_CODES[signal] ?? 1;
    if (controller.signal.aborted) process.exit(code);
    controller.abort(new Error(`received ${signal}`));
    setTimeout(() => process.exit(code), GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  runEmulatorCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    shutdown: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A handle a dependency left open must not keep a stopped emulator alive.
      setTimeout(() => process.exit(code), GRACE_MS).unref();
    },
    (error: unknown) => {
      process.stderr.write(`mailup-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

main();
