import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTokenServer } from '@mailup-kit/testkit/token-server';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTokenStore, OAuthClient, TokenManager } from '../src/index.js';

describe('rotated tokens survive a file token store that fails after the Token answer', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });

  it('the token folder replaced by a file (ENOTDIR) at the answer: served from memory, saved once the folder is back, r0 sent once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mailup-unsaved-'));
    const folder = join(root, 'tokens');
    const path = join(folder, 'tokens.json');
    let breakFolder = true;
    // A real write failure even as root: the folder of the token file becomes a plain file right before the answer.
    const server = await startTokenServer({
      beforeAnswer: () => {
        if (!breakFolder) return;
        breakFolder = false;
        renameSync(folder, `${folder}.away`);
        writeFileSync(folder, 'not a folder');
      },
    });
    const oauth = new OAuthClient({ clientId: 'c', clientSecret: 's', baseUrl: server.baseUrl });
    const store = new FileTokenStore({ path });
    const tokens = new TokenManager({ store, key: 'acct', refresh: (rt, s, o) => oauth.refresh(rt, s, o) });
    cleanup.push(
      () => tokens.close(),
      () => oauth.close(),
      () => server.close(),
      () => rmSync(root, { recursive: true, force: true }),
    );
    await tokens.save({ accessToken: 'a0', refreshToken: 'r0', expiresIn: 3600, receivedAt: Date.now() - 3_600_000 });

    expect(await tokens.getAccessToken()).toBe('a1');
    expect(tokens.hasUnsavedTokens).toBe(true);
    expect(await tokens.getAccessToken()).toBe('a1');
    expect(await tokens.flush()).toBe(false);

    rmSync(folder);
    renameSync(`${folder}.away`, folder); // the old file still holds the spent r0
    expect(JSON.parse(readFileSync(path, 'utf8')).entries.acct.record.refreshToken).toBe('r0');
    expect(await tokens.flush()).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).entries.acct.record).toMatchObject({
      accessToken: 'a1',
      refreshToken: 'r1',
    });
    await tokens.forceRefresh('a1');
    expect(server.refreshes).toEqual(['r0', 'r1']);
    expect(server.invalidGrants).toBe(0);
  });
});
