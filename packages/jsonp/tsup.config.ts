import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // One self-contained ES module a page loads directly (<script type="module" src=".../jsonp.browser.js">):
    // core's browser-safe root entry is bundled in, so there is no bare import for the browser to resolve.
    entry: { 'jsonp.browser': 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: ['@mailup-kit/core'],
    outExtension: () => ({ js: '.js' }),
    sourcemap: true,
    minify: false,
    dts: false,
    clean: false,
  },
]);
