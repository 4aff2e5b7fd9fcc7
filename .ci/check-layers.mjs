#!/usr/bin/env node
// The layering check (DESIGN.md, "Dependency direction"): reads every package's imports (src and test) and its
// package.json, and fails on
//   1. an import of a workspace package that the direction does not allow (src and test have their own rules),
//   2. a subpath the importer may not use (the emulator and the JSONP browser module use only core's root entry),
//   3. a relative import that leaves its package (or, from the root test/ and examples/, reaches into packages/),
//   4. a src import of a package that package.json does not declare,
//   5. a declared dependency that nothing in src imports.
// Usage: node .ci/check-layers.mjs [ROOT]   (ROOT defaults to the repository; tests run it on fixture trees)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const SCOPE = '@mailup-kit/';

const PROTOCOLS = ['rest', 'soap', 'frontend', 'jsonp', 'transactional', 'smtp'];
/** Which workspace packages each package's src may import (DESIGN.md: core ← limits ← protocols ← client ← cli). */
const SRC_ALLOWED = {
  core: [],
  limits: ['core'],
  redis: ['core'],
  ...Object.fromEntries(PROTOCOLS.map((p) => [p, ['core', 'limits']])),
  client: ['core', 'limits', ...PROTOCOLS],
  emulator: ['core'],
  cli: ['core', 'limits', 'redis', ...PROTOCOLS, 'client', 'emulator'],
  testkit: ['core', 'limits', 'emulator'],
};
/** Packages whose every import of core must be the platform-neutral root entry. */
const CORE_ROOT_ONLY = new Set(['emulator', 'jsonp']);
/** What any package's tests may use besides the package itself and what its src may import. */
const TEST_EXTRA = ['testkit', 'emulator'];
/** Files that exist only as tooling, not as package code. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.turbo']);
/** Declared dependencies that are used without being imported (type-only packages, CLIs, peers for users). */
const UNIMPORTED_OK = new Set(['@types/node', 'typescript', 'tsup', 'publint', '@arethetypeswrong/cli']);

const problems = [];
const report = (file, message) => problems.push(`${relative(root, file)}: ${message}`);

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

/** Module specifiers imported by `file` (comments stripped first, so commented-out imports do not count). */
export function importsOf(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specs = [];
  for (const match of code.matchAll(IMPORT_RE)) specs.push(match[1] ?? match[2]);
  return specs;
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

const packagesDir = join(root, 'packages');
const packages = existsSync(packagesDir)
  ? readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  : [];

for (const name of packages) {
  const dir = join(packagesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const allowed = SRC_ALLOWED[name];
  if (!allowed) {
    report(
      join(dir, 'package.json'),
      `package "${name}" has no place in the dependency direction (.ci/check-layers.mjs)`,
    );
    continue;
  }
  const used = new Set();
  for (const [kind, files] of [
    ['src', walk(join(dir, 'src'))],
    ['test', walk(join(dir, 'test'))],
  ]) {
    for (const file of files) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = classify(spec);
        if (target.builtin) continue;
        if (target.relative) {
          const resolved = resolve(dirname(file), spec);
          if (resolved !== dir && !resolved.startsWith(dir + sep)) {
            report(
              file,
              `relative import "${spec}" leaves package ${name} (import it by package name, or move shared test support to @mailup-kit/testkit)`,
            );
          }
          continue;
        }
        if (target.pkg !== undefined) {
          const self = target.pkg === name;
          if (kind === 'src') {
            if (!self) used.add(SCOPE + target.pkg);
            if (!self && !allowed.includes(target.pkg)) {
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
            CORE_ROOT_ONLY.has(name) &&
            target.subpath !== '' &&
            !(kind === 'test' && target.subpath === 'testing')
          ) {
            report(file, `${name} may import only @mailup-kit/core's root entry, not "${spec}"`);
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
      report(join(dir, 'package.json'), `declares "${dep}" but nothing in ${name}/src imports it`);
    }
  }
}

// Cross-package suites and examples reach packages only by name.
for (const top of ['test', 'examples']) {
  for (const file of walk(join(root, top))) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const resolved = resolve(dirname(file), spec);
      if (resolved.startsWith(packagesDir + sep)) {
        report(
          file,
          `relative import "${spec}" reaches into packages/ (import the package by name, or use @mailup-kit/testkit)`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const line of problems) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`check-layers: ${packages.length} packages follow the dependency direction`);
