import type { EmulatorModule } from './types.js';

/**
 * The protocol members installed in every emulator, in order. Each protocol issue adds its module here
 * (one import, one entry) and keeps everything else in its own folder.
 */
export const builtinModules: readonly EmulatorModule[] = [];
