#!/usr/bin/env node
// Writes the standalone emulator: one ES module with every dependency inside (the emulator, core, smtp-server,
// mailparser, selfsigned, fast-xml-parser …) that runs with plain `node` and no node_modules. It is the package's
// `mailup-emulator` bin. Core is taken from its source, so the bundle does not depend on core's dist being built.
// Usage: node scripts/build-standalone.mjs [--outfile PATH]   (default dist/mailup-emulator.mjs)
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
const outfile = values.outfile ?? here('../dist/mailup-emulator.mjs');

await build({
  entryPoints: [here('../src/bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Core's root and its platform-neutral subpaths (the only core entries the emulator may import).
  alias: {
    '@mailup-kit/core': here('../../core/src/index.ts'),
    ...Object.fromEntries(
      ['pipeline', 'errors', 'catalogue', 'credentials', 'quota'].map((sub) => [
        `@mailup-kit/core/${sub}`,
        here(`../../core/src/${sub}/index.ts`),
      ]),
    ),
  },
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none, so give it one.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __mailupCreateRequire } from 'node:module';",
      'const require = __mailupCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  legalComments: 'eof',
  logLevel: 'warning',
});
// Executable, so the file can be run as `./mailup-emulator.mjs` too.
chmodSync(outfile, 0o755);
