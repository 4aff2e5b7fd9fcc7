import type { EmulatorModule } from '../types.js';
import { jsonpRestFilter } from './jsonp-filter.js';
import { installLegacyService } from './legacy-service.js';

/**
 * JSONP (REFERENCE §5): the after-filter wrapping REST GETs that carry `callback` (WCF JSONP, §5.2) and the legacy
 * MailUpService 1.1 JSONP methods `ListsRead` and `EmailsRead` (§5.1), authenticated by a SOAP access key in
 * `token`.
 */
export function jsonpModule(): EmulatorModule {
  return {
    name: 'jsonp',
    install(ctx) {
      ctx.afterFilter(jsonpRestFilter());
      installLegacyService(ctx);
    },
  };
}
