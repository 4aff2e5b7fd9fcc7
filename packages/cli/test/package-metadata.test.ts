import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const REPO = 'https://github.com/mailup-kit/mailup-kit';

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  files?: string[];
  homepage?: string;
  repository?: { type: string; url: string; directory: string };
  bugs?: { url: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const packages = readdirSync(`${root}packages`).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, 'utf8')) as Manifest,
}));

describe('package metadata', () => {
  it('the repository has an MIT LICENSE, matching every package.json license', () => {
    expect(readFileSync(`${root}LICENSE`, 'utf8')).toMatch(/^MIT License/);
    for (const { manifest } of packages) expect(manifest.license, manifest.name).toBe('MIT');
  });

  it.each(packages)('$dir names repository (with directory), homepage and bugs', ({ dir, manifest }) => {
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPO}.git`, directory: `packages/${dir}` });
    expect(manifest.homepage).toBe(`${REPO}/tree/main/packages/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPO}/issues` });
  });

  it.each(packages.filter((p) => p.manifest.files))('$dir ships its LICENSE in the tarball', ({ dir, manifest }) => {
    expect(manifest.files).toContain('LICENSE');
    expect(readFileSync(`${root}packages/${dir}/LICENSE`, 'utf8')).toBe(readFileSync(`${root}LICENSE`, 'utf8'));
  });

  it('@mailup-kit/cli pulls no ioredis: @mailup-kit/redis is only an optional peer (and a dev dependency for tests)', () => {
    const cli = packages.find((p) => p.dir === 'cli')?.manifest as Manifest;
    expect(cli.peerDependenciesMeta?.['@mailup-kit/redis']).toEqual({ optional: true });
    expect(cli.devDependencies?.['@mailup-kit/redis']).toBeDefined();
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const dep = packages.find((p) => p.manifest.name === name)?.manifest;
      for (const next of Object.keys(dep?.dependencies ?? {})) visit(next);
    };
    visit('@mailup-kit/cli');
    expect([...seen]).not.toContain('@mailup-kit/redis');
    expect([...seen]).not.toContain('ioredis');
    expect(existsSync(`${root}packages/cli/src/commands/quota.ts`)).toBe(true);
    expect(readFileSync(`${root}packages/cli/src/commands/quota.ts`, 'utf8')).not.toMatch(
      /^import .*@mailup-kit\/redis/m,
    );
  });
});
