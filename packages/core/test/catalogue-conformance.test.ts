import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FRONTEND_RETURN_CODES, frontendPage } from '../src/catalogue/frontend-codes.js';
import { restError } from '../src/catalogue/rest-errors.js';

// ../shared/mailup/artifacts from the repo root (packages/core/test → ../../../..)
const artifacts = fileURLToPath(new URL('../../../../shared/mailup/artifacts/', import.meta.url));
const present = existsSync(artifacts);
if (!present) console.warn(`catalogue conformance skipped: ${artifacts} is absent`);

const expected: Record<string, { kind: string; retryAfterMs?: number; details?: Record<string, unknown> }> = {
  'error-401-expired-token.json': { kind: 'auth-expired' },
  'error-403-contract-not-signed.json': { kind: 'contract-not-signed' },
  'error-403-missing-if-match.json': { kind: 'validation' },
  'error-412-if-match-not-guid.json': { kind: 'validation' },
  'error-412-if-match-wrong-guid.json': { kind: 'conflict' },
  'error-429-too-many-requests.json': { kind: 'throttled', retryAfterMs: 1_000, details: { max: 5, actual: 10 } },
};

describe.skipIf(!present)('conformance with the real MailUp payloads', () => {
  const restDir = join(artifacts, 'rest');
  const files = present ? readdirSync(restDir).filter((f) => /^error-.*\.json$/.test(f)) : [];

  it('knows what every stored error payload means', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s', (file) => {
    const body = readFileSync(join(restDir, file), 'utf8');
    const status = Number(/error-(\d{3})/.exec(file)?.[1]);
    const error = restError(status, body, { operation: 'conformance' });
    expect(error).toMatchObject({ ...expected[file], httpStatus: status, vendorCode: String(status) });
    expect(error.details?.description).toBe(JSON.parse(body).ErrorDescription);
  });

  it('the frontend table matches artifacts/frontend/return-codes.tsv row by row', () => {
    const rows = readFileSync(join(artifacts, 'frontend', 'return-codes.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t') as [string, string, string]);
    expect(rows.length).toBeGreaterThan(10);
    for (const [pageName, code, meaning] of rows) {
      const page = frontendPage(pageName);
      expect(page, pageName).toBeDefined();
      const row = FRONTEND_RETURN_CODES[page!].find((r) => r.code === Number(code));
      expect(row, `${pageName} ${code}`).toBeDefined();
      const words = meaning
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 3);
      expect(
        words.some((w) => row!.meaning.toLowerCase().includes(w)),
        `${pageName} ${code}: ${meaning}`,
      ).toBe(true);
      if (/^Xmlchksubscriber/i.test(pageName)) expect(row!.kind).toBeUndefined();
    }
  });
});
