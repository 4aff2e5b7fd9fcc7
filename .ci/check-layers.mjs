#!/usr/bin/env node
// The layering check (DESIGN.md, "Dependency direction"; docs/ci.md says why). It reads every package's imports
// (src and test) and its package.json, and the root test/ and examples/, and fails on
//   1. an import of a workspace package that the direction does not allow (src and test have their own rules;
//      src never imports @mailup-kit/testkit),
//   2. a subpath the importer may not use (the emulator and the JSONP browser module use only core's
//      platform-neutral entries: the root and /pipeline, /errors, /catalogue, /credentials, /quota)
//      or one the target's package.json does not export (a deep import into another package's files),
//   3. a relative import that leaves its package (tests may also reach the repository's .ci/ tooling), or a
//      `new URL('…', import.meta.url)` into another package (from the root test/ and examples/: any that reaches
//      into packages/),
//   4. a src import of a package that package.json does not declare,
//   5. a declared dependency that nothing in src imports,
//   6. a declared workspace dependency (any dependency field) that the direction does not allow,
//   7. a folder in packages/ that has no place in the direction.
// Usage: node .ci/check-layers.mjs [ROOT]   (ROOT defaults to the repository; test/check-layers.test.ts runs it
// on generated fixture trees, one allowed and one per kind of violation.)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCOPE = '@mailup-kit/';

const PROTOCOLS = ['rest', 'soap', 'frontend', 'jsonp', 'transactional', 'smtp'];
/** Which workspace packages each package's src may import (DESIGN.md: core ← limits ← protocols ← client ← cli). */
export const SRC_ALLOWED = {
  core: [],
  limits: ['core'],
  redis: ['core'],
  ...Object.fromEntries(PROTOCOLS.map((p) => [p, ['core', 'limits']])),
  client: ['core', 'limits', ...PROTOCOLS],
  emulator: ['core'],
  cli: ['core', 'limits', 'redis', ...PROTOCOLS, 'client', 'emulator'],
  // Test support only: it may drive any library package, never the facade or the command.
  testkit: ['core', 'limits', 'redis', ...PROTOCOLS, 'emulator'],
};
/** Packages whose every import of core must be one of its platform-neutral entries (no `node:*` behind them). */
const CORE_NEUTRAL_ONLY = new Set(['emulator', 'jsonp']);
/** Core's platform-neutral entries ('' is the root); .ci/check-browser-bundle.mjs bundles each for a browser. */
export const CORE_NEUTRAL_SUBPATHS = ['', 'pipeline', 'errors', 'catalogue', 'credentials', 'quota'];
/** What any package's tests may use besides the package itself and what its src may import. */
const TEST_EXTRA = ['testkit', 'emulator'];
/** Folders that hold tooling output, not package code. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.turbo']);
/** Declared dependencies that are used without being imported (type-only packages, CLIs). */
const UNIMPORTED_OK = new Set(['@types/node', 'typescript', 'tsup', 'publint', '@arethetypeswrong/cli']);

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (IGNORED_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(m|c)?[jt]sx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT_RE =
  /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w${}\s,*]+?\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^\w$.])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const URL_RE = /new\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Module specifiers a source file imports (static, re-export, dynamic, require); commented-out ones do not count. */
export function importsOf(source) {
  const specs = [];
  for (const match of stripComments(source).matchAll(IMPORT_RE)) specs.push(match[1] ?? match[2]);
  return specs;
}

/** Relative paths a source file points at with `new URL('…', import.meta.url)` (fixtures, workers, files). */
export function urlReferencesOf(source) {
  return [...stripComments(source).matchAll(URL_RE)].map((match) => match[1]).filter((p) => p.startsWith('.'));
}

/** `@mailup-kit/core/node` → { pkg: 'core', subpath: 'node' }; `axios/lib/x` → { external: 'axios' }. */
function classify(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return { relative: true };
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) return { builtin: true };
  if (spec.startsWith(SCOPE)) {
    const [pkg, ...rest] = spec.slice(SCOPE.length).split('/');
    return { pkg, subpath: rest.join('/') };
  }
  const parts = spec.split('/');
  return { external: spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

/** True when `subpath` ('' for the root entry) is one of the package's `exports` keys (`*` patterns included). */
function exportsSubpath(manifest, subpath) {
  const exports = manifest?.exports;
  const key = subpath === '' ? '.' : `./${subpath}`;
  if (exports === undefined) return subpath === '';
  if (typeof exports === 'string' || !Object.keys(exports).some((k) => k.startsWith('.'))) return key === '.';
  return Object.keys(exports).some((k) => {
    if (!k.includes('*')) return k === key;
    const [head, tail] = k.split('*');
    return key.startsWith(head) && key.endsWith(tail) && key.length > head.length + tail.length;
  });
}

const inside = (path, dir) => path === dir || path.startsWith(dir + sep);

/** Every layering problem under `root`, as `path: message` lines (empty when the tree follows the direction). */
export function checkLayers(rootDir) {
  const root = resolve(rootDir);
  const problems = [];
  const report = (file, message) => problems.push(`${relative(root, file)}: ${message}`);
  const packagesDir = join(root, 'packages');
  const ciDir = join(root, '.ci');
  const packages = existsSync(packagesDir)
    ? readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')))
    : [];
  const manifests = new Map(
    packages.map((name) => [name, JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'))]),
  );

  /** Reports an import of a workspace subpath its package does not export (or a package that does not exist). */
  const checkExported = (file, spec, target) => {
    const manifest = manifests.get(target.pkg);
    if (!manifest) report(file, `imports "${spec}", but packages/${target.pkg} does not exist`);
    else if (!exportsSubpath(manifest, target.subpath))
      report(file, `imports "${spec}", which packages/${target.pkg}/package.json does not export (a deep import)`);
  };

  for (const name of packages) {
    const dir = join(packagesDir, name);
    const manifestPath = join(dir, 'package.json');
    const manifest = manifests.get(name);
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
    ]);
    const allowed = SRC_ALLOWED[name];
    if (!allowed) {
      report(manifestPath, `package "${name}" has no place in the dependency direction (.ci/check-layers.mjs)`);
      continue;
    }
    for (const dep of new Set([...declared, ...Object.keys(manifest.devDependencies ?? {})])) {
      if (!dep.startsWith(SCOPE)) continue;
      const pkg = dep.slice(SCOPE.length);
      if (!allowed.includes(pkg) && !(manifest.devDependencies?.[dep] && TEST_EXTRA.includes(pkg))) {
        report(manifestPath, `declares ${dep}, an edge the dependency direction does not allow for ${name}`);
      }
    }
    const used = new Set();
    for (const [kind, files] of [
      ['src', walk(join(dir, 'src'))],
      ['test', walk(join(dir, 'test'))],
    ]) {
      for (const file of files) {
        const source = readFileSync(file, 'utf8');
        for (const ref of urlReferencesOf(source)) {
          const target = resolve(dirname(file), ref);
          if (inside(target, packagesDir) && !inside(target, dir)) {
            report(file, `new URL("${ref}") points into another package's folder (use @mailup-kit/testkit)`);
          }
        }
        for (const spec of importsOf(source)) {
          const target = classify(spec);
          if (target.builtin) continue;
          if (target.relative) {
            const resolved = resolve(dirname(file), spec);
            // Tests may run the repository's own CI tooling (e.g. the browser bundle check); src never leaves.
            if (!inside(resolved, dir) && !(kind === 'test' && inside(resolved, ciDir))) {
              report(
                file,
                `relative import "${spec}" leaves package ${name} (import it by package name, or move shared test support to @mailup-kit/testkit)`,
              );
            }
            continue;
          }
          if (target.pkg !== undefined) {
            const self = target.pkg === name;
            checkExported(file, spec, target);
            if (kind === 'src') {
              if (!self) used.add(SCOPE + target.pkg);
              if (!self && target.pkg === 'testkit') {
                report(file, `src may never import ${SCOPE}testkit (test support only)`);
              } else if (!self && !allowed.includes(target.pkg)) {
                report(
                  file,
                  `${name} may not import ${SCOPE}${target.pkg} (allowed: ${allowed.map((p) => SCOPE + p).join(', ') || 'none'})`,
                );
              } else if (!self && !declared.has(SCOPE + target.pkg)) {
                report(file, `imports ${SCOPE}${target.pkg}, which ${name}/package.json does not declare`);
              }
            } else if (!self && !allowed.includes(target.pkg) && !TEST_EXTRA.includes(target.pkg)) {
              report(
                file,
                `tests of ${name} may not import ${SCOPE}${target.pkg} (allowed: the package itself, its dependencies, ${TEST_EXTRA.map((p) => SCOPE + p).join(', ')})`,
              );
            }
            if (
              target.pkg === 'core' &&
              CORE_NEUTRAL_ONLY.has(name) &&
              !CORE_NEUTRAL_SUBPATHS.includes(target.subpath) &&
              !(kind === 'test' && target.subpath === 'testing')
            ) {
              report(file, `${name} may import only @mailup-kit/core's platform-neutral entries, not "${spec}"`);
            }
            continue;
          }
          if (kind === 'src') {
            used.add(target.external);
            if (!declared.has(target.external))
              report(file, `imports "${target.external}", which ${name}/package.json does not declare`);
          }
        }
      }
    }
    for (const dep of declared) {
      if (!used.has(dep) && !UNIMPORTED_OK.has(dep)) {
        report(manifestPath, `declares "${dep}" but nothing in ${name}/src imports it`);
      }
    }
  }
  const folders = existsSync(packagesDir) ? readdirSync(packagesDir) : [];
  for (const name of folders.filter((n) => !manifests.has(n) && !IGNORED_DIRS.has(n))) {
    if (statSync(join(packagesDir, name)).isDirectory())
      report(join(packagesDir, name), 'a folder in packages/ without a package.json (the check cannot place it)');
  }

  // Cross-package suites and examples reach packages only by name, and only through what they export.
  for (const top of ['test', 'examples']) {
    for (const file of walk(join(root, top))) {
      const source = readFileSync(file, 'utf8');
      for (const ref of urlReferencesOf(source)) {
        if (inside(resolve(dirname(file), ref), packagesDir))
          report(file, `new URL("${ref}") points into packages/ (use the package's exports or @mailup-kit/testkit)`);
      }
      for (const spec of importsOf(source)) {
        const target = classify(spec);
        if (target.pkg !== undefined) checkExported(file, spec, target);
        if (target.relative && inside(resolve(dirname(file), spec), packagesDir)) {
          report(
            file,
            `relative import "${spec}" reaches into packages/ (import the package by name, or use @mailup-kit/testkit)`,
          );
        }
      }
    }
  }
  return { packages, problems };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const { packages, problems } = checkLayers(root);
  if (problems.length > 0) {
    console.error(`check-layers: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const line of problems) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log(`check-layers: ${packages.length} packages follow the dependency direction`);
}
