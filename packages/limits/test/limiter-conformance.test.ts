import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryQuotaStore } from '@mailup-kit/core';
import { FileQuotaStore } from '@mailup-kit/limits';
import { describeLimiterConformance } from '@mailup-kit/testkit/limiter-suite';
import { afterAll } from 'vitest';

// The Redis store runs the same suite in packages/redis/test/quota-redis-store.int.test.ts.
describeLimiterConformance('memory', { open: async (clock) => new MemoryQuotaStore({ clock }) });

const dir = mkdtempSync(join(tmpdir(), 'mailup-kit-limiter-'));
let path = join(dir, 'quota-0.json');
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLimiterConformance('file', {
  shared: true,
  reset: async () => {
    path = join(dir, `quota-${++n}.json`);
  },
  open: async (clock) => new FileQuotaStore({ path, clock }),
});
