import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFigures, isBenchFile, listBenches, runBench } from './bench/_bench-runner.js';

describe('bench runner', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailup-bench-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('treats every .ts file as a benchmark except run.ts, _helpers and workers', async () => {
    for (const file of ['alpha.ts', 'beta.ts', 'run.ts', '_helper.ts', 'pool.worker.ts', 'notes.md', 'x.d.ts']) {
      await writeFile(join(dir, file), 'export default async () => ({ a: 1 });\n');
    }
    expect(await listBenches(dir)).toEqual(['alpha', 'beta']);
    expect(isBenchFile('emulator.ts')).toBe(true);
    expect(isBenchFile('_standalone.ts')).toBe(false);
  });

  it('runs the default export and writes {name, startedAt, node, figures} to results/NAME.json', async () => {
    await writeFile(
      join(dir, 'ratio.ts'),
      'export default async function run() { return { ratio: 1.5, ok: true, unit: "x" }; }\n',
    );
    const results = join(dir, 'results');
    const result = await runBench(dir, 'ratio', results);
    expect(result).toEqual({
      name: 'ratio',
      startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      node: process.version,
      figures: { ratio: 1.5, ok: true, unit: 'x' },
    });
    expect(JSON.parse(await readFile(join(results, 'ratio.json'), 'utf8'))).toEqual(result);
  });

  it('refuses unknown names, path tricks and helper files without importing anything', async () => {
    await writeFile(join(dir, '_helper.ts'), 'throw new Error("must not be imported");\n');
    await expect(runBench(dir, 'missing', join(dir, 'r'))).rejects.toThrow(/no benchmark "missing"/);
    await expect(runBench(dir, '../etc/passwd', join(dir, 'r'))).rejects.toThrow(/not a benchmark name/);
    await expect(runBench(dir, '_helper', join(dir, 'r'))).rejects.toThrow(/not a benchmark name/);
    await expect(runBench(dir, 'run', join(dir, 'r'))).rejects.toThrow(/not a benchmark name/);
  });

  it('refuses a module without a default function and writes no result', async () => {
    await writeFile(join(dir, 'nodefault.ts'), 'export const run = async () => ({ a: 1 });\n');
    await expect(runBench(dir, 'nodefault', join(dir, 'r'))).rejects.toThrow(/default export must be/);
    await expect(readFile(join(dir, 'r', 'nodefault.json'))).rejects.toThrow();
  });

  it('checks figures: a non-empty record of finite numbers, strings and booleans', () => {
    expect(checkFigures('b', { a: 1, b: 'x', c: false })).toEqual({ a: 1, b: 'x', c: false });
    expect(() => checkFigures('b', {})).toThrow(/no figures/);
    expect(() => checkFigures('b', [1])).toThrow(/object of figures/);
    expect(() => checkFigures('b', null)).toThrow(/object of figures/);
    expect(() => checkFigures('b', { a: Number.NaN })).toThrow(/figure "a"/);
    expect(() => checkFigures('b', { a: Number.POSITIVE_INFINITY })).toThrow(/figure "a"/);
    expect(() => checkFigures('b', { a: { nested: 1 } })).toThrow(/figure "a"/);
  });
});
