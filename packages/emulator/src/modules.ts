import { consoleModule } from './console/console-module.js';
import { frontendModule } from './frontend/frontend-module.js';
import { inboxModule } from './inbox/inbox-module.js';
import { jsonpModule } from './jsonp/jsonp-module.js';
import { oauthModule } from './oauth/oauth-module.js';
import { restResourcesModule } from './rest/rest-module.js';
import { smtpModule } from './smtp/smtp-module.js';
import { soapModule } from './soap/soap-module.js';
import { throttleModule } from './throttle/throttle-module.js';
import { txmailModule } from './txmail/txmail-module.js';
import { txsmsModule } from './txsms/txsms-module.js';
import type { EmulatorModule } from './types.js';

/**
 * Fresh instances of the protocol members installed in every emulator, in order. Each protocol issue adds its
 * module here (one import, one entry) and keeps everything else in its own folder.
 */
export function builtinModules(options: { smtpPort?: number } = {}): EmulatorModule[] {
  return [
    oauthModule(),
    restResourcesModule(),
    throttleModule(),
    frontendModule(),
    jsonpModule(),
    txmailModule(),
    txsmsModule(),
    smtpModule({ port: options.smtpPort }),
    inboxModule(),
    soapModule(),
    consoleModule(),
  ];
}
