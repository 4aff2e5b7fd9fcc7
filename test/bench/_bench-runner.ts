import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a benchmark returns: named figures (ratios against a baseline measured in the same run, counts, flags). */
export type BenchFigures = Record<string, number | string | boolean>;

/** One benchmark's result as written to `test/bench/results/<name>.json`. */
export interface BenchResult {
  name: string;
  startedAt: string;
  node: string;
  figures: BenchFigures;
}

/** A file in the bench folder is a benchmark unless it is the runner, a helper (`_…`) or a worker (`….worker.ts`). */
export function isBenchFile(file: string): boolean {
  return (
    file.endsWith('.ts') &&
    file !== 'run.ts' &&
    !file.startsWith('_') &&
    !file.endsWith('.worker.ts') &&
    !file.endsWith('.d.ts')
  );
}

/** Names of every benchmark in `dir`, sorted. */
export async function listBenches(dir: string): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter(isBenchFile)
    .map((f) => basename(f, '.ts'))
    .sort();
}

/** Throws unless `value` is a non-empty record of finite numbers, strings and booleans. */
export function checkFigures(name: string, value: unknown): BenchFigures {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`bench ${name}: run() must resolve to an object of figures`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw new TypeError(`bench ${name}: run() returned no figures`);
  for (const [key, figure] of entries) {
    const ok =
      typeof figure === 'string' ||
      typeof figure === 'boolean' ||
      (typeof figure === 'number' && Number.isFinite(figure));
    if (!ok) throw new TypeError(`bench ${name}: figure "${key}" must be a finite number, a string or a boolean`);
  }
  return value as BenchFigures;
}

/** Imports `dir/<name>.ts`, runs its default export, and writes `resultsDir/<name>.json`. */
export async function runBench(dir: string, name: string, resultsDir: string): Promise<BenchResult> {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name) || !isBenchFile(`${name}.ts`)) {
    throw new TypeError(`not a benchmark name: ${JSON.stringify(name)}`);
  }
  const known = await listBenches(dir);
  if (!known.includes(name)) throw new Error(`no benchmark "${name}" (known: ${known.join(', ') || 'none'})`);
  const module = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new TypeError(`bench ${name}: default export must be an async function run()`);
  }
  const startedAt = new Date().toISOString();
  const figures = checkFigures(name, await (module.default as () => Promise<unknown>)());
  const result: BenchResult = { name, startedAt, node: process.version, figures };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
