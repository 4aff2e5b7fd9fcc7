import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every package README as a new user reads it: the packages are built with tsup and packed with `pnpm pack` (the
// README's own pack line), then each README's install line runs in a fresh project that has nothing but those
// tarballs (npm fetches the third-party dependencies from the registry), and every ```ts block that imports a
// @mailup-kit package runs there with tsx. A block that cannot run on its own says why in an HTML comment right
// above it (`<!-- readme-example: not run: … -->`); the reason is printed.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MINUTE = 60_000;

interface Readme {
  pkg: string;
  text: string;
}

const readmes: Readme[] = readdirSync(join(repoRoot, 'packages'))
  .sort()
  .filter((pkg) => {
    const manifest = join(repoRoot, 'packages', pkg, 'package.json');
    return existsSync(manifest) && !(JSON.parse(readFileSync(manifest, 'utf8')) as { private?: boolean }).private;
  })
  .map((pkg) => ({ pkg, text: readFileSync(join(repoRoot, 'packages', pkg, 'README.md'), 'utf8') }));

/** The shell commands of the README's install block (the one with `pack --pack-destination`), continuations joined. */
function installCommands(text: string): string[] {
  const block = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes(' pack '));
  if (!block) return [];
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

interface Example {
  line: number;
  code: string;
  skip?: string;
}

/** Every ```ts block that imports a @mailup-kit package, with the reason it is not run when the README gives one. */
function examples(text: string): Example[] {
  const found: Example[] = [];
  for (const match of text.matchAll(/(?:<!-- readme-example: not run: ([^>]*?) -->\n)?```ts\n([\s\S]*?)```/g)) {
    const code = match[2] ?? '';
    if (!/from '@mailup-kit\//.test(code)) continue;
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ line, code, ...(match[1] ? { skip: match[1].trim() } : {}) });
  }
  return found;
}

interface Ran {
  status: number | null;
  output: string;
}

/** Runs a command; keeps the last 64 KiB of its output (what a failure message shows). */
function run(command: string, args: string[], cwd: string, timeout: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      timeout,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-65_536);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => resolve({ status: null, output: `${output}${String(error)}` }));
    child.once('close', (status) => resolve({ status, output }));
  });
}

/** Splits a README shell line into words ("…" quotes only, as the READMEs write them). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

let work: string;
let tgz: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mailup-readmes-'));
  tgz = join(work, 'tgz');
  mkdirSync(tgz);
  // MAILUP_READMES_BUILT=1 reuses the dist/ folders already built (re-running this suite by hand).
  if (process.env.MAILUP_READMES_BUILT === '1') return;
  const build = await run(
    'corepack',
    ['pnpm', '-r', '--filter', './packages/*', 'run', 'build'],
    repoRoot,
    15 * MINUTE,
  );
  if (build.status !== 0) throw new Error(`the tsup build failed:\n${build.output.slice(-4000)}`);
}, 16 * MINUTE);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('package READMEs, run as written from packed tarballs in a fresh project', () => {
  // The READMEs run concurrently (npm installs are mostly waiting on the registry); `pnpm pack` runs one at a time,
  // since several READMEs pack the same package.
  let packing: Promise<unknown> = Promise.resolve();
  const oneAtATime = (task: () => Promise<Ran>): Promise<Ran> => {
    const next = packing.then(task);
    packing = next.catch(() => undefined);
    return next;
  };

  it('every published package has a README with a pack line and an install line', () => {
    for (const { pkg, text } of readmes) {
      const commands = installCommands(text);
      expect(
        commands.some((c) => c.startsWith('corepack pnpm -r ') && c.includes(' pack ')),
        pkg,
      ).toBe(true);
      expect(
        commands.some((c) => c.startsWith('npm install ')),
        pkg,
      ).toBe(true);
    }
  });

  for (const { pkg, text } of readmes) {
    it.concurrent(
      `${pkg}: its pack line packs every tarball its install line names, the install works offline of the repository, and its examples run`,
      async ({ expect }) => {
        const dest = join(tgz, pkg);
        mkdirSync(dest);
        const app = join(work, `${pkg}-app`);
        mkdirSync(app);
        writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `${pkg}-app`, private: true, type: 'module' }));
        for (const command of installCommands(text)) {
          if (command.startsWith('cd ')) continue; // the README's cd into the clone / back into the project
          const argv = words(command);
          if (command.startsWith('corepack pnpm -r ') && argv.includes('pack')) {
            const args = argv.slice(1).map((arg) => (arg === '$PWD/tgz' ? dest : arg));
            const packed = await oneAtATime(() => run('corepack', args, repoRoot, 5 * MINUTE));
            expect(packed.status, `${pkg}: ${command}\n${packed.output.slice(-3000)}`).toBe(0);
          } else if (argv[0] === 'npm' && argv[1] === 'install') {
            const args = argv.slice(1).map((arg) => arg.replace(/^\.\.\/mailup-kit\/tgz\//, `${dest}/`));
            for (const arg of args) {
              if (arg.endsWith('.tgz'))
                expect(existsSync(arg), `${pkg}: ${arg} was not packed by its pack line`).toBe(true);
            }
            // --prefer-offline: the 11 projects install mostly the same dependencies; npm's cache answers the repeats.
            const installed = await run(
              'npm',
              [...args, '--no-audit', '--no-fund', '--prefer-offline'],
              app,
              10 * MINUTE,
            );
            expect(installed.status, `${pkg}: ${command}\n${installed.output.slice(-3000)}`).toBe(0);
          } else {
            throw new Error(`${pkg}: a README install command the test does not know: ${command}`);
          }
        }
        for (const example of examples(text)) {
          if (example.skip) {
            console.warn(`${pkg}/README.md:${example.line}: not run: ${example.skip}`);
            continue;
          }
          const file = join(app, `readme-${example.line}.ts`);
          writeFileSync(file, example.code);
          const ran = await run(process.execPath, [tsx, file], app, 2 * MINUTE);
          expect(ran.status, `${pkg}/README.md:${example.line} exited ${ran.status}\n${ran.output.slice(-3000)}`).toBe(
            0,
          );
          // An example that closes its emulator prints no page of it (its inbox): the reader would open a closed port.
          if (/emulator\.close\(\)/.test(example.code)) {
            expect(ran.output, `${pkg}/README.md:${example.line} printed an address of a closed emulator`).not.toMatch(
              /https?:\/\/127\.0\.0\.1:\d+\/__emulator\//,
            );
          }
        }
      },
      20 * MINUTE,
    );
  }
});
