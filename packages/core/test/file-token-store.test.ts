import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import { FileTokenStore } from '../src/node/file-token-store.js';
import { describeTokenStoreConformance } from '../src/testing/token-store-suite.js';

describeTokenStoreConformance('FileTokenStore', {
  shared: true,
  backing: () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailup-tokens-'));
    return {
      open: () => new FileTokenStore({ path: join(dir, 'nested', 'tokens.json') }),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describe('FileTokenStore on disk', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailup-tokens-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the file with mode 0600 and leaves no temporary file behind', async () => {
    const dir = fresh();
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore({ path });
    await store.compareAndSet('k', 0, { accessToken: 'a', refreshToken: 'r', expiresAt: 2, obtainedAt: 1 });
    await store.compareAndSet('k', 1, { accessToken: 'b', refreshToken: 'r2', expiresAt: 3, obtainedAt: 2 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ format: 1, entries: { k: { version: 2 } } });
  });

  it('refuses a file that is not a token file, with a typed error that names no content', async () => {
    const dir = fresh();
    const path = join(dir, 'tokens.json');
    writeFileSync(path, 'access_token=leaked-looking-text');
    const error = await new FileTokenStore({ path }).get('k').catch((e: unknown) => e);
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(String((error as Error).message)).not.toContain('leaked-looking-text');
  });

  it('removes temp files a crashed writer of this store left (dead pid, or old), and nothing else', async () => {
    const dir = fresh();
    const path = join(dir, 'tokens.json');
    // A pid that certainly belonged to a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const planted = {
      deadWriter: `.tokens.json.${dead}.0123456789ab.tmp`,
      oldLiveWriter: `.tokens.json.${process.pid}.aaaaaaaaaaaa.tmp`,
      youngLiveWriter: `.tokens.json.${process.pid}.bbbbbbbbbbbb.tmp`,
      otherStore: `.other.json.${dead}.0123456789ab.tmp`,
      unrelated: 'notes.tmp',
    };
    for (const name of Object.values(planted)) writeFileSync(join(dir, name), '{"accessToken":"left-behind"}');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, planted.oldLiveWriter), hourAgo, hourAgo);
    const store = new FileTokenStore({ path });
    await store.compareAndSet('k', 0, { accessToken: 'a', expiresAt: 2, obtainedAt: 1 });
    expect((await readdir(dir)).filter((f) => !f.endsWith('.lock')).sort()).toEqual(
      [planted.youngLiveWriter, planted.otherStore, planted.unrelated, 'tokens.json'].sort(),
    );
    // On open too: a store that only reads cleans up as well.
    writeFileSync(join(dir, planted.deadWriter), 'x');
    expect(await new FileTokenStore({ path }).get('k')).toBeDefined();
    expect(await readdir(dir)).not.toContain(planted.deadWriter);
  });

  it('validates its path', () => {
    expect(() => new FileTokenStore({ path: '' })).toThrow(/path/);
  });
});
