#!/usr/bin/env node
// `pnpm check:packages`: builds every package with code (tsup), then runs each package's `check:package`
// (publint --strict + attw). publint packs with `pnpm pack`, so this puts a `pnpm` shim for the running pnpm
// (`$npm_execpath`, e.g. corepack's) first on PATH: it works where pnpm is only reachable as `corepack pnpm`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const pnpm = process.env.npm_execpath;
if (!pnpm) {
  process.stderr.write('check-packages: run me through pnpm (`corepack pnpm check:packages`)\n');
  process.exit(1);
}
const shimDir = mkdtempSync(join(tmpdir(), 'mailup-pnpm-shim-'));
const shim = join(shimDir, 'pnpm');
const runner = /\.c?js$/.test(pnpm) ? `"${process.execPath}" "${pnpm}"` : `"${pnpm}"`;
writeFileSync(shim, `#!/bin/sh\nexec ${runner} "$@"\n`);
chmodSync(shim, 0o755);
const env = { ...process.env, PATH: `${shimDir}${delimiter}${process.env.PATH ?? ''}` };

let status = 0;
// MAILUP_PACKAGES_BUILT=1: the dist/ folders were built from this same tree moments ago (.ci/run sets it after the
// test command, whose package-README suite builds every package), so only the checks run.
const build = ['-r', '--filter', './packages/*', 'run', 'build'];
const check = ['-r', '--workspace-concurrency=1', '--filter', './packages/*', 'run', 'check:package'];
for (const args of process.env.MAILUP_PACKAGES_BUILT === '1' ? [check] : [build, check]) {
  const run = spawnSync(shim, args, { stdio: 'inherit', env });
  status = run.status ?? 1;
  if (status !== 0) break;
}
rmSync(shimDir, { recursive: true, force: true });
process.exit(status);
