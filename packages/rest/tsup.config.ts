import { defineConfig } from 'tsup';

export default defineConfig({
  // CookieSession is its own entry: tough-cookie (and its public-suffix list, ~140 KB minified) stays out of every
  // bundle that imports only the main entry.
  entry: ['src/index.ts', 'src/cookie-session.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
