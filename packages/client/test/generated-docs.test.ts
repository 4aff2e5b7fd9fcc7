import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '../scripts/generate-docs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the generated docs are up to date (regenerate: corepack pnpm exec tsx packages/client/scripts/generate-docs.ts)', () => {
  for (const [path, render] of Object.entries(GENERATED_DOCS)) {
    it(`${path} is what its table renders`, () => {
      const committed = readFileSync(`${ROOT}${path}`, 'utf8');
      expect(committed, `${path} is stale: run the generator and commit the result`).toBe(render());
    });
  }

  it('the migration doc names every SOAP operation and the configuration doc every variable', async () => {
    const { SOAP_TO_REST } = await import('../src/migration/soap-to-rest.js');
    const { MAILUP_ENV } = await import('../src/config/env-table.js');
    const migration = GENERATED_DOCS['docs/migrating-from-soap.md']();
    for (const m of SOAP_TO_REST) expect(migration).toContain(`| \`${m.soap.method}`);
    const configuration = GENERATED_DOCS['docs/configuration.md']();
    for (const v of MAILUP_ENV) expect(configuration).toContain(`| \`${v.name}\` |`);
  });
});
