import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Every package is resolved to its TypeScript source, so tests never need a build first.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias = [
  { find: '@mailup-kit/core/pipeline', replacement: `${root}packages/core/src/pipeline/index.ts` },
  { find: '@mailup-kit/core/errors', replacement: `${root}packages/core/src/errors/index.ts` },
  { find: '@mailup-kit/core/catalogue', replacement: `${root}packages/core/src/catalogue/index.ts` },
  { find: '@mailup-kit/core/credentials', replacement: `${root}packages/core/src/credentials/index.ts` },
  { find: '@mailup-kit/core/quota', replacement: `${root}packages/core/src/quota/index.ts` },
  { find: '@mailup-kit/core/testing', replacement: `${root}packages/core/src/testing/index.ts` },
  { find: '@mailup-kit/core/node', replacement: `${root}packages/core/src/node/index.ts` },
  { find: '@mailup-kit/core/axios', replacement: `${root}packages/core/src/axios/index.ts` },
  { find: '@mailup-kit/jsonp/node', replacement: `${root}packages/jsonp/src/node/index.ts` },
  { find: '@mailup-kit/rest/cookie-session', replacement: `${root}packages/rest/src/cookie-session.ts` },
  { find: /^@mailup-kit\/testkit\/([a-z-]+)$/, replacement: `${root}packages/testkit/src/$1.ts` },
  { find: /^@mailup-kit\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

/**
 * Test suites by file-name suffix:
 * - `*.test.ts`          unit: no sockets beyond loopback helpers, fast
 * - `*.int.test.ts`      integration: real sockets against the emulator (and real Redis where named)
 * - `*.browser.test.ts`  browser: real Chromium
 * - `*.slow.test.ts`     slow: multi-process, soak
 */
const unitExclude = [
  '**/*.int.test.ts',
  '**/*.browser.test.ts',
  '**/*.slow.test.ts',
  '**/node_modules/**',
  '**/dist/**',
];

export default defineConfig({
  resolve: { alias },
  test: {
    // The browser and slow projects may have no files yet; an empty project is not a failure.
    passWithNoTests: true,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['packages/*/src/bin.ts', '**/*.d.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
    },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'], exclude: unitExclude },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'slow',
          include: ['packages/*/test/**/*.slow.test.ts', 'test/**/*.slow.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
