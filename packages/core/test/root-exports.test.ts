// Issue 18 item 7: the root entry is a small kernel (what an application using a client imports); everything a
// protocol package, store or plugin author needs lives in a platform-neutral subpath entry. The root's runtime
// export list is pinned, so growing it is a conscious change, and no subpath re-exports a root name.
import { describe, expect, it } from 'vitest';

const SUBPATHS = {
  pipeline: () => import('../src/pipeline/index.js'),
  errors: () => import('../src/errors/index.js'),
  catalogue: () => import('../src/catalogue/index.js'),
  credentials: () => import('../src/credentials/index.js'),
  quota: () => import('../src/quota/index.js'),
};

describe('core entries', () => {
  it("pins the root entry's runtime exports", async () => {
    const root = await import('../src/index.js');
    expect(Object.keys(root).sort()).toMatchInlineSnapshot(`
      [
        "CORE_VERSION",
        "DEFAULT_RETRY_POLICY",
        "ERROR_KINDS",
        "MailUpError",
        "ManualClock",
        "PROTOCOLS",
        "REDACTED",
        "RETRY_CLASSES",
        "newCallId",
        "provablyNotSent",
        "redactString",
        "redactingLogger",
        "retryPolicy",
        "silentLogger",
        "systemClock",
      ]
    `);
  });

  it('exports no root name again from a subpath entry', async () => {
    const root = new Set(Object.keys(await import('../src/index.js')));
    const again: string[] = [];
    for (const [name, load] of Object.entries(SUBPATHS)) {
      const keys = Object.keys(await load());
      expect(keys.length, `${name} exports something`).toBeGreaterThan(0);
      for (const key of keys) if (root.has(key)) again.push(`${name}: ${key}`);
    }
    expect(again).toEqual([]);
  });

  it('exports each subpath name from one subpath only', async () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, load] of Object.entries(SUBPATHS)) {
      for (const key of Object.keys(await load())) {
        const first = seen.get(key);
        if (first !== undefined) twice.push(`${key}: ${first} and ${name}`);
        else seen.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('keeps quota-log internals, catalogue tables and the pipeline out of the root', async () => {
    const root = await import('../src/index.js');
    for (const name of [
      'reserveInState',
      'settleInState',
      'MemoryQuotaStore',
      'REST_STATUS_KINDS',
      'Pipeline',
      'CredentialCache',
    ])
      expect(name in root, name).toBe(false);
  });
});
