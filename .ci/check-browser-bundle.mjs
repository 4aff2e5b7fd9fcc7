#!/usr/bin/env node
// Proves that `@mailup-kit/core`'s root entry and each platform-neutral subpath entry (/pipeline, /errors,
// /catalogue, /credentials, /quota) run in a browser unchanged: esbuild bundles it for
// `platform: 'browser'` with NO externals, so any `node:*` (or other Node built-in) import fails to resolve, and
// every reference to a Node-only global (Buffer, process, require, __dirname, __filename, setImmediate, global)
// is caught by renaming it through `define` and looking for the new name in the output.
//
//   node .ci/check-browser-bundle.mjs [entry.ts …]   (default: core's root and neutral subpath entries)
//
// Exit 0 and one "ok" line per entry, or exit 1 naming every offending import / global and where it came from.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Node-only globals a browser does not have. */
export const NODE_GLOBALS = ['Buffer', 'process', 'require', '__dirname', '__filename', 'setImmediate', 'global'];
const MARK = '__mailup_node_global_';
/** Core's platform-neutral entries, bundled when no entry is named. */
export const CORE_NEUTRAL_ENTRIES = [
  'index.ts',
  'pipeline/index.ts',
  'errors/index.ts',
  'catalogue/index.ts',
  'credentials/index.ts',
  'quota/index.ts',
].map((f) => `packages/core/src/${f}`);

/**
 * Bundles `entry` for the browser. Resolves to `{ code, problems, bytes }`: `problems` lists each Node import
 * that could not be resolved and each Node-only global the bundle uses (empty when the entry is browser-clean).
 */
export async function bundleForBrowser(entry, options = {}) {
  const problems = [];
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: options.format ?? 'esm',
      target: 'es2022',
      write: false,
      outfile: 'browser-bundle.js',
      logLevel: 'silent',
      sourcemap: false,
      define: Object.fromEntries(NODE_GLOBALS.map((name) => [name, `${MARK}${name}`])),
      absWorkingDir: root,
    });
  } catch (error) {
    for (const message of error.errors ?? [{ text: String(error) }]) {
      const where = message.location ? ` (${message.location.file}:${message.location.line})` : '';
      problems.push(`${message.text}${where}`);
    }
    return { code: '', problems, bytes: 0 };
  }
  const code = result.outputFiles[0]?.text ?? '';
  for (const name of NODE_GLOBALS) {
    if (code.includes(`${MARK}${name}`)) problems.push(`uses the Node-only global "${name}"`);
  }
  return { code, problems, bytes: code.length };
}

async function main() {
  const entries = process.argv.slice(2);
  if (entries.length === 0) entries.push(...CORE_NEUTRAL_ENTRIES);
  let failed = false;
  for (const entry of entries) {
    const { problems, bytes } = await bundleForBrowser(entry);
    if (problems.length === 0) {
      process.stdout.write(
        `check-browser-bundle: ${entry} bundles for the browser with no Node import (${bytes} bytes)\n`,
      );
    } else {
      failed = true;
      process.stderr.write(`check-browser-bundle: ${entry} does not run in a browser:\n`);
      for (const problem of problems) process.stderr.write(`  - ${problem}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
