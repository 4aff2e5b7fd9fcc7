import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoProcessesAtExpiry } from '@mailup-kit/testkit/lease-race';
import { startTokenServer } from '@mailup-kit/testkit/token-server';
import { afterEach, describe, it } from 'vitest';
import { FileTokenStore } from '../src/index.js';

describe('a refresh never outlives the lock lease that protects it', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });

  it('two managers on one file token store, a Token endpoint trickling for 6 s: one Token call, no invalid_grant', async () => {
    const server = await startTokenServer({ trickle: { byteEveryMs: 100, totalMs: 6_000 } });
    const dir = mkdtempSync(join(tmpdir(), 'mailup-lease-'));
    cleanup.push(
      () => server.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    await twoProcessesAtExpiry(server, () => new FileTokenStore({ path: join(dir, 'tokens.json') }));
  });
});
