import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers, importsOf } from '../.ci/check-layers.mjs';

const script = fileURLToPath(new URL('../.ci/check-layers.mjs', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const manifest = (name: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ name: `@mailup-kit/${name}`, exports: { '.': './dist/index.js' }, ...fields });
const deps = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [n.includes('/') ? n : `@mailup-kit/${n}`, 'workspace:^']));

/** A small workspace that follows every rule: each package's src, tests, package.json, root test/ and examples/. */
const ALLOWED: Record<string, string> = {
  'packages/core/package.json': manifest('core', {
    exports: {
      '.': './dist/index.js',
      './catalogue': './dist/catalogue.js',
      './node': './dist/node.js',
      './testing': './dist/testing.js',
    },
    dependencies: { axios: '^1' },
  }),
  'packages/core/src/index.ts': 'export const core = 1;\n',
  '.ci/check-bundle.mjs': 'export const check = () => true;\n',
  'packages/core/test/bundle.test.ts': "import { check } from '../../../.ci/check-bundle.mjs';\n",
  'packages/core/src/node/index.ts':
    "import axios from 'axios';\nimport { core } from '../index.js';\nexport { axios, core };\n",
  'packages/limits/package.json': manifest('limits', { dependencies: deps('core') }),
  'packages/limits/src/index.ts':
    "import { core } from '@mailup-kit/core';\nexport * from './limiter.js';\nexport { core };\n",
  'packages/limits/src/limiter.ts': 'export class Limiter {}\n',
  'packages/limits/test/limiter.test.ts': [
    "import { describeLimiterConformance } from '@mailup-kit/testkit/limiter-suite';",
    "import { Limiter } from '../src/index.js';",
    "const worker = new URL('./fixtures/worker.ts', import.meta.url);",
    "// import { runCli } from '../../cli/src/program.js';  (commented out: not an import)",
    "/* import { y } from '@mailup-kit/cli'; */",
    'export { describeLimiterConformance, Limiter, worker };',
  ].join('\n'),
  'packages/redis/package.json': manifest('redis', { dependencies: { ...deps('core'), ioredis: '^5' } }),
  'packages/redis/src/index.ts': "import { Redis } from 'ioredis';\nimport type { core } from '@mailup-kit/core';\n",
  'packages/redis/test/store.int.test.ts': "import { startRedis } from '@mailup-kit/testkit/redis-server';\n",
  'packages/rest/package.json': manifest('rest', { dependencies: deps('core', 'limits') }),
  'packages/rest/src/index.ts': [
    'import {',
    '  core,',
    "} from '@mailup-kit/core';",
    "import { axios } from '@mailup-kit/core/node';",
    "export { Limiter } from '@mailup-kit/limits';",
  ].join('\n'),
  'packages/emulator/package.json': manifest('emulator', { dependencies: deps('core') }),
  'packages/emulator/src/index.ts':
    "export { core } from '@mailup-kit/core';\nexport { catalogue } from '@mailup-kit/core/catalogue';\n",
  'packages/emulator/test/emulator.int.test.ts':
    "import { passwordToken } from '@mailup-kit/testkit/emulator-token';\nimport '@mailup-kit/core/testing';\n",
  'packages/cli/package.json': manifest('cli', {
    dependencies: deps('core', 'limits', 'rest', 'emulator'),
    peerDependencies: deps('redis'),
  }),
  'packages/cli/src/index.ts': [
    "import '@mailup-kit/core';",
    "import '@mailup-kit/limits';",
    "import '@mailup-kit/rest';",
    "import '@mailup-kit/emulator';",
    "export const redis = () => import('@mailup-kit/redis');",
  ].join('\n'),
  'packages/cli/test/cli.test.ts': "const repoRoot = new URL('../../..', import.meta.url);\nexport { repoRoot };\n",
  'packages/testkit/package.json': manifest('testkit', {
    private: true,
    exports: { './*': './src/*.ts' },
    dependencies: { ...deps('core', 'limits', 'rest', 'emulator'), vitest: '^4' },
  }),
  'packages/testkit/src/limiter-suite.ts':
    "import { describe } from 'vitest';\nimport '@mailup-kit/limits';\nimport '@mailup-kit/core';\n",
  'packages/testkit/src/lease-race.ts': "import '@mailup-kit/rest';\n",
  'packages/testkit/src/emulator-token.ts': "import type { RunningEmulator } from '@mailup-kit/emulator';\n",
  'test/cli.int.test.ts': [
    "import { runCli } from '@mailup-kit/cli';",
    "import { SecretCapture } from '@mailup-kit/testkit/secret-capture';",
    "import { helper } from './support/helper.js';",
    "const root = new URL('..', import.meta.url);",
  ].join('\n'),
  'test/support/helper.ts': 'export const helper = 1;\n',
  'examples/rest.ts': "import { core } from '@mailup-kit/rest';\n",
};

function tree(changes: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'mailup-layers-'));
  made.push(root);
  for (const [path, text] of Object.entries({ ...ALLOWED, ...changes })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the layering check (.ci/check-layers.mjs)', () => {
  it('passes a workspace that follows the direction, comments and allowed URLs included', () => {
    expect(checkLayers(tree())).toEqual({
      packages: ['cli', 'core', 'emulator', 'limits', 'redis', 'rest', 'testkit'],
      problems: [],
    });
  });

  it.each([
    [
      'a src edge against the direction',
      { 'packages/limits/src/x.ts': "import '@mailup-kit/rest';" },
      [/^packages\/limits\/src\/x\.ts: limits may not import @mailup-kit\/rest/],
    ],
    [
      'a test edge against the direction',
      { 'packages/limits/test/x.test.ts': "import '@mailup-kit/cli';" },
      [/^packages\/limits\/test\/x\.test\.ts: tests of limits may not import @mailup-kit\/cli/],
    ],
    [
      "src importing the repository's CI tooling (only tests may)",
      { 'packages/core/src/b.ts': "import { check } from '../../../.ci/check-bundle.mjs';" },
      [/^packages\/core\/src\/b\.ts: relative import "\.\.\/\.\.\/\.\.\/\.ci\/check-bundle\.mjs" leaves package core/],
    ],
    [
      'src importing testkit',
      { 'packages/rest/src/x.ts': "import '@mailup-kit/testkit/redis-server';" },
      [/^packages\/rest\/src\/x\.ts: src may never import @mailup-kit\/testkit/],
    ],
    [
      'a relative import into another package (limits/test → cli/src, as it was)',
      { 'packages/limits/test/q.test.ts': "import { runCli } from '../../cli/src/program.js';" },
      [
        /^packages\/limits\/test\/q\.test\.ts: relative import "\.\.\/\.\.\/cli\/src\/program\.js" leaves package limits/,
      ],
    ],
    [
      "a new URL() into another package's folder",
      { 'packages/redis/test/w.test.ts': "const w = new URL('../../rest/test/support/w.ts', import.meta.url);" },
      [
        /^packages\/redis\/test\/w\.test\.ts: new URL\("\.\.\/\.\.\/rest\/test\/support\/w\.ts"\) points into another package/,
      ],
    ],
    [
      'a root suite reaching into packages/',
      { 'test/x.int.test.ts': "import { runCli } from '../packages/cli/src/program.js';" },
      [/^test\/x\.int\.test\.ts: relative import "\.\.\/packages\/cli\/src\/program\.js" reaches into packages\//],
    ],
    [
      'a deep import past a package’s exports',
      { 'test/y.test.ts': "export * from '@mailup-kit/rest/src/index.js';" },
      [
        /^test\/y\.test\.ts: imports "@mailup-kit\/rest\/src\/index\.js", which packages\/rest\/package\.json does not export/,
      ],
    ],
    [
      'a declared workspace dependency nothing imports, against the direction (redis → limits, as it was)',
      {
        'packages/redis/package.json': manifest('redis', {
          dependencies: { ...deps('core', 'limits'), ioredis: '^5' },
        }),
      },
      [
        /^packages\/redis\/package\.json: declares @mailup-kit\/limits, an edge the dependency direction does not allow/,
        /^packages\/redis\/package\.json: declares "@mailup-kit\/limits" but nothing in redis\/src imports it/,
      ],
    ],
    [
      'a declared external dependency nothing imports',
      {
        'packages/redis/package.json': manifest('redis', {
          dependencies: { ...deps('core'), ioredis: '^5', lodash: '^4' },
        }),
      },
      [/^packages\/redis\/package\.json: declares "lodash" but nothing in redis\/src imports it/],
    ],
    [
      'an undeclared import',
      { 'packages/rest/src/c.ts': "import { CookieJar } from 'tough-cookie';" },
      [/^packages\/rest\/src\/c\.ts: imports "tough-cookie", which rest\/package\.json does not declare/],
    ],
    [
      'the emulator importing core/node',
      { 'packages/emulator/src/n.ts': "import '@mailup-kit/core/node';" },
      [/^packages\/emulator\/src\/n\.ts: emulator may import only @mailup-kit\/core's platform-neutral entries/],
    ],
    [
      'a package with no place in the direction',
      { 'packages/mystery/package.json': manifest('mystery') },
      [/^packages\/mystery\/package\.json: package "mystery" has no place/],
    ],
    [
      'a folder in packages/ without a package.json',
      { 'packages/stray/src/a.ts': 'export {};' },
      [/^packages\/stray: a folder in packages\/ without a package\.json/],
    ],
  ] as Array<[string, Record<string, string>, RegExp[]]>)('refuses %s', (_kind, change, expected) => {
    const { problems } = checkLayers(tree(change));
    expect(problems).toHaveLength(expected.length);
    for (const pattern of expected) expect(problems).toContainEqual(expect.stringMatching(pattern));
  });

  it('reads every import form: multi-line, type-only, re-export, dynamic, require; not comments', () => {
    const source = [
      "import {\n  a,\n  type B,\n} from 'multi';",
      "import type { C } from 'type-only';",
      "export * as ns from 're-export';",
      "export { d } from 'named-re-export';",
      "import 'side-effect';",
      "const e = await import('dynamic');",
      "const f = require('required');",
      "// import 'line-comment';",
      "/* import g from 'block-comment'; */",
      "const url = 'http://example.test'; import h from 'after-url';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      'multi',
      'type-only',
      're-export',
      'named-re-export',
      'side-effect',
      'dynamic',
      'required',
      'after-url',
    ]);
  });

  it('exits 0 with a summary on an allowed tree and 1 listing each problem otherwise (what .ci/run relies on)', () => {
    const ok = spawnSync(process.execPath, [script, tree()], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/check-layers: 7 packages follow the dependency direction/);
    const bad = spawnSync(
      process.execPath,
      [script, tree({ 'packages/limits/src/x.ts': "import '@mailup-kit/rest';" })],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/check-layers: 1 problem\n {2}packages\/limits\/src\/x\.ts: limits may not import/);
  });
});
