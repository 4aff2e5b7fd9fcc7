import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { MailUpError as SourceMailUpError } from '../src/index.js';

// Issue 16 item 21: `console.log(err)` printed `_MailUpError` (esbuild's inner class name in the published build)
// and an error made by `err.with(...)` had a stack starting inside `_MailUpError.with` instead of at its caller.

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mailup-error-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Core's root entry built the way tsup publishes it (esbuild, esm, node20), then imported. */
async function publishedCore(): Promise<{ MailUpError: typeof SourceMailUpError }> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const file = join(dir, 'core.mjs');
  writeFileSync(file, out.outputFiles[0]?.text ?? '');
  return import(pathToFileURL(file).href);
}

/** The first `at …` line of a stack. */
const topFrame = (stack: string | undefined) => (stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) ?? '';

describe.each([
  ['from source', async () => ({ MailUpError: SourceMailUpError })],
  ['as published (esbuild bundle)', publishedCore],
])('a MailUpError %s prints as MailUpError', (_how, load) => {
  it('is named MailUpError by console.log / util.inspect, its class and its stack', async () => {
    const { MailUpError } = await load();
    const error = new MailUpError({ kind: 'validation', protocol: 'rest', message: 'bad input' });
    expect(MailUpError.name).toBe('MailUpError');
    expect(error.constructor.name).toBe('MailUpError');
    expect(error.stack?.startsWith('MailUpError: bad input\n')).toBe(true);
    const printed = inspect(error);
    expect(printed.startsWith('MailUpError: bad input\n')).toBe(true);
    expect(printed).not.toContain('_MailUpError');
    expect(String(error)).toBe('MailUpError: bad input');
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect(JSON.parse(JSON.stringify(error)).name).toBe('MailUpError');
  });

  it('an error made by with() has a stack that starts at its caller, not inside with()', async () => {
    const { MailUpError } = await load();
    const error = new MailUpError({ kind: 'throttled', protocol: 'rest', message: 'slow down' });
    const copy = error.with({ retryAfterMs: 1_000 });
    expect(copy.retryAfterMs).toBe(1_000);
    expect(copy.stack?.startsWith('MailUpError: slow down\n')).toBe(true);
    expect(topFrame(copy.stack)).not.toMatch(/\.with\b/);
    expect(topFrame(copy.stack)).toContain('mailup-error-printed.test.ts');
    expect(topFrame(error.stack)).toContain('mailup-error-printed.test.ts');
    expect(inspect(copy)).not.toContain('_MailUpError');
  });
});
