import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/pipeline/index.ts',
    'src/errors/index.ts',
    'src/catalogue/index.ts',
    'src/credentials/index.ts',
    'src/quota/index.ts',
    'src/node/index.ts',
    'src/axios/index.ts',
    'src/testing/index.ts',
  ],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'axios', 'undici'],
});
