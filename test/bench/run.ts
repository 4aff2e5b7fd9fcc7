/**
 * Bench runner: `pnpm bench [NAME ...]` runs `test/bench/NAME.ts` (every benchmark when no name is given), writes
 * `test/bench/results/NAME.json` ({name, startedAt, node, figures}) and prints each result. Exits 1 if any failed.
 */
import { fileURLToPath } from 'node:url';
import { listBenches, runBench } from './_bench-runner.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results', import.meta.url));

async function main(names: string[]): Promise<number> {
  const selected = names.length > 0 ? names : await listBenches(dir);
  if (selected.length === 0) {
    process.stderr.write('bench: no benchmarks found\n');
    return 1;
  }
  let failed = 0;
  for (const name of selected) {
    process.stderr.write(`bench: running ${name}\n`);
    try {
      const result = await runBench(dir, name, resultsDir);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2).filter((arg) => arg !== '--')).then((code) => {
  process.exitCode = code;
});
