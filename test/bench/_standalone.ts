import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchFigures } from './_bench-runner.js';

/**
 * Lets a bench file run on its own (`tsx test/bench/NAME.ts` prints its figures as JSON) while staying an
 * importable module for the runner.
 */
export function runIfMain(moduleUrl: string, run: () => Promise<BenchFigures>): void {
  const entry = process.argv[1];
  if (!entry) return;
  let isMain = false;
  try {
    isMain = realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    isMain = false;
  }
  if (!isMain) return;
  run().then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
