/**
 * Bundle sizes: what an application pays for importing each published entry. Every `exports` entry of every
 * published package (the main entry and each subpath) is bundled by esbuild from source as an application's bundler
 * reads it from `dist/`: the entry is first built as tsup publishes it (ESM, its dependencies left as imports),
 * then an application module (`export * from 'entry'`) is bundled from it by esbuild, minified, ESM, platform
 * node, dependencies from node_modules inlined, Node built-ins left out, plus a few
 * single-import cases an application typically writes (`import { filter } from '@mailup-kit/rest'`).
 *
 * Figures (KB = 1,024 bytes of minified output, no gzip):
 * - `<package>[/<subpath>] KB`: the whole entry;
 * - `<package>[/<subpath>] top`: its three largest contributors (`tough-cookie 12.3, tldts 140.1, …`, KB);
 * - `<case> KB` for the single-import cases.
 *
 * Sizes are bytes, not timings: no baseline is needed. `corepack pnpm bench bundles` writes
 * `test/bench/results/bundles.json`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { BenchFigures } from './_bench-runner.js';
import { runIfMain } from './_standalone.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packagesDir = join(root, 'packages');

/** One published entry: `@mailup-kit/rest/cookie-session` and the source file it is built from. */
export interface PublishedEntry {
  specifier: string;
  source: string;
}

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, string | { import?: { default?: string } }>;
}

/**
 * The source tsup builds an entry from: `src/<dist path>.ts`, `src/<dist path>/index.ts`, `src/<subpath>/index.ts`
 * (jsonp's `dist/node.js` from `src/node/index.ts`), or the package's root source for its self-contained browser
 * module (jsonp's `dist/jsonp.browser.js`, which inlines core's root entry: bundled here the same way).
 */
function sourceOf(packageDir: string, key: string, built: string): string | undefined {
  const path = built.slice('./dist/'.length).replace(/\.js$/, '');
  const candidates = [`src/${path}.ts`, `src/${path}/index.ts`, `src/${key.slice(2)}/index.ts`];
  if (path.endsWith('.browser')) candidates.push('src/index.ts');
  return candidates.map((candidate) => join(packageDir, candidate)).find((file) => existsSync(file));
}

/** Every `exports` entry (but `./package.json`) of every published workspace package, mapped to its source. */
export function publishedEntries(): PublishedEntry[] {
  const entries: PublishedEntry[] = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (manifest.private || !manifest.exports) continue;
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (key === './package.json') continue;
      const built = typeof target === 'string' ? target : target.import?.default;
      if (!built?.startsWith('./dist/')) continue;
      const specifier = key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`;
      const source = sourceOf(join(packagesDir, dir), key, built);
      if (!source) throw new Error(`bench bundles: no source found for ${specifier} (${built})`);
      entries.push({ specifier, source });
    }
  }
  return entries;
}

/**
 * Builds one entry the way tsup publishes it (ESM, dependencies left as imports; the `.browser` module inlines
 * core, as jsonp's tsup config does): what an application's bundler reads from `dist/`. Bundling the source
 * directly would undersell: a dependency imported by an unused source file disappears with that file (the package
 * is `sideEffects: false`), but `dist/index.js` is one file, so every dependency it imports stays in the
 * application's bundle unless that dependency itself says it has no side effects.
 */
async function buildLikeTsup(entry: PublishedEntry, entries: PublishedEntry[]): Promise<string> {
  const browser = entry.source.endsWith('/src/index.ts') && entry.specifier.endsWith('/browser');
  const result = await build({
    entryPoints: [entry.source],
    bundle: true,
    write: false,
    format: 'esm',
    platform: browser ? 'browser' : 'node',
    target: browser ? 'es2022' : 'node20',
    logLevel: 'silent',
    // The other workspace packages stay imports too (the root tsconfig's `paths` would otherwise inline their source).
    ...(browser
      ? { plugins: [sourcePlugin(entries)] }
      : { packages: 'external' as const, plugins: [workspaceExternal] }),
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild wrote nothing for ${entry.specifier}`);
  return output.text;
}

const workspaceExternal: Plugin = {
  name: 'mailup-kit-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@mailup-kit\// }, (args) => ({ path: args.path, external: true }));
  },
};

/** Resolves `@mailup-kit/*` to the packages' source (only for the browser module, which inlines core). */
function sourcePlugin(entries: PublishedEntry[]): Plugin {
  const sources = new Map(entries.map((entry) => [entry.specifier, entry.source]));
  return {
    name: 'mailup-kit-source',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@mailup-kit\// }, (args) => {
        const source = sources.get(args.path);
        return source ? { path: source } : { errors: [{ text: `${args.path} is not a published entry` }] };
      });
    },
  };
}

/** Entries built once per run, shared by every bundle measured in it. */
export class PublishedBuilds {
  private readonly built = new Map<string, Promise<string>>();
  readonly entries: PublishedEntry[];
  constructor(entries: PublishedEntry[] = publishedEntries()) {
    this.entries = entries;
  }
  code(specifier: string): Promise<string> {
    const entry = this.entries.find((candidate) => candidate.specifier === specifier);
    if (!entry) return Promise.reject(new Error(`${specifier} is not a published entry`));
    let code = this.built.get(specifier);
    if (!code) {
      code = buildLikeTsup(entry, this.entries);
      this.built.set(specifier, code);
    }
    return code;
  }
  entry(specifier: string): PublishedEntry | undefined {
    return this.entries.find((candidate) => candidate.specifier === specifier);
  }
}

function packageDirOf(source: string): string {
  return source.slice(0, source.lastIndexOf('/src/'));
}

/** Resolves `@mailup-kit/*` to the entry as published (built like tsup), with its package's `sideEffects`. */
function publishedPlugin(builds: PublishedBuilds): Plugin {
  return {
    name: 'mailup-kit-published',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@mailup-kit\// }, (args) => {
        const entry = builds.entry(args.path);
        if (!entry) return { errors: [{ text: `${args.path} is not a published entry` }] };
        const manifest = JSON.parse(readFileSync(join(packageDirOf(entry.source), 'package.json'), 'utf8')) as {
          sideEffects?: boolean;
        };
        return {
          path: args.path,
          namespace: 'published',
          ...(manifest.sideEffects === false ? { sideEffects: false } : {}),
        };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'published' }, async (args) => {
        const entry = builds.entry(args.path) as PublishedEntry;
        // Its dependencies resolve from the package's own folder, as they would from node_modules/@mailup-kit/x.
        return { contents: await builds.code(args.path), loader: 'js', resolveDir: packageDirOf(entry.source) };
      });
    },
  };
}

/** The size of a bundle and what it is made of. */
export interface BundleSize {
  bytes: number;
  /** Bytes in the output per contributor: an npm package's name, or `@mailup-kit/<name>[/<subpath>]`. */
  byContributor: Map<string, number>;
}

function contributor(input: string): string {
  if (input.startsWith('published:')) return input.slice('published:'.length);
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return input;
  const parts = input.slice(at + marker.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

/**
 * Bundles `contents` (an application module importing published entries, e.g.
 * `export { filter } from '@mailup-kit/rest'`) minified, as an application's bundler would from the packages'
 * `dist/`, and measures it.
 */
export async function bundleSize(
  contents: string,
  builds: PublishedBuilds = new PublishedBuilds(),
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    plugins: [publishedPlugin(builds)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no output');
  const byContributor = new Map<string, number>();
  const meta: Metafile = result.metafile;
  for (const out of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const name = contributor(input);
      if (bytesInOutput > 0) byContributor.set(name, (byContributor.get(name) ?? 0) + bytesInOutput);
    }
  }
  return { bytes: output.contents.byteLength, byContributor };
}

const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));

function top(size: BundleSize, count: number): string {
  return [...size.byContributor]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kb(bytes)}`)
    .join(', ');
}

/** Single imports an application typically writes, measured beside the whole entries. */
export const SINGLE_IMPORTS: Record<string, string> = {
  "import { filter } from '@mailup-kit/rest'": "export { filter } from '@mailup-kit/rest';",
  "import { RestClient } from '@mailup-kit/rest'": "export { RestClient } from '@mailup-kit/rest';",
  "import { MailUpError } from '@mailup-kit/core'": "export { MailUpError } from '@mailup-kit/core';",
};

export default async function run(): Promise<BenchFigures> {
  const builds = new PublishedBuilds();
  const figures: BenchFigures = {};
  for (const entry of builds.entries) {
    const size = await bundleSize(`export * from '${entry.specifier}';`, builds);
    figures[`${entry.specifier} KB`] = kb(size.bytes);
    figures[`${entry.specifier} top`] = top(size, 3);
  }
  for (const [label, contents] of Object.entries(SINGLE_IMPORTS)) {
    figures[`${label} KB`] = kb((await bundleSize(contents, builds)).bytes);
  }
  figures.method =
    'entries built like tsup (ESM, dependencies external), then bundled by esbuild: minified ESM, platform node, dependencies inlined; KB = 1,024 bytes, no gzip';
  return figures;
}

runIfMain(import.meta.url, run);
