import { describe, expect, it } from 'vitest';
import { bundleSize, PublishedBuilds, publishedEntries } from './bench/bundles.js';

// Keeps `pnpm bench bundles` runnable and pins issue 16's item 22: an application that imports only `filter` from
// the REST package must not carry tough-cookie and its public-suffix list (tldts), which only CookieSession needs.
describe('bench/bundles', () => {
  const builds = new PublishedBuilds();

  it('lists every published exports entry with its source, the cookie session as a subpath of rest', () => {
    const specifiers = publishedEntries().map((entry) => entry.specifier);
    expect(specifiers).toContain('@mailup-kit/rest');
    expect(specifiers).toContain('@mailup-kit/rest/cookie-session');
    expect(specifiers).toContain('@mailup-kit/core/node');
    expect(specifiers).not.toContain('@mailup-kit/testkit');
  });

  it("import { filter } from '@mailup-kit/rest' bundles neither tough-cookie nor tldts; the cookie-session subpath does", async () => {
    const filterOnly = await bundleSize("export { filter } from '@mailup-kit/rest';", builds);
    expect([...filterOnly.byContributor.keys()].filter((name) => /tough-cookie|tldts/.test(name))).toEqual([]);
    const session = await bundleSize("export { CookieSession } from '@mailup-kit/rest/cookie-session';", builds);
    expect(session.byContributor.get('tough-cookie')).toBeGreaterThan(0);
    expect(session.byContributor.get('tldts-core') ?? session.byContributor.get('tldts')).toBeGreaterThan(0);
    // A ratio in one run: the cookie session alone (tldts' suffix list) outweighs the filter import.
    expect(session.bytes / filterOnly.bytes).toBeGreaterThan(1);
  });
});
