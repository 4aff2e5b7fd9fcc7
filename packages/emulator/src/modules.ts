import { oauthModule } from './oauth/oauth-module.js';
import { restAuthModule } from './rest/rest-module.js';
import { throttleModule } from './throttle/throttle-module.js';
import type { EmulatorModule } from './types.js';

/**
 * The protocol members installed in every emulator, in order. Each protocol issue adds its module here
 * (one import, one entry) and keeps everything else in its own folder.
 */
export const builtinModules: readonly EmulatorModule[] = [oauthModule, restAuthModule, throttleModule];
