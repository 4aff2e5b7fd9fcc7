/**
 * `@mailup-kit/jsonp/node`: JSONP from Node — REST GETs with `callback` and the bearer header, and the legacy
 * MailUpService 1.1 methods. The reader ({@link parseJsonp}) never evaluates the answer.
 */
export { type JsonpAnswer, parseJsonp } from '../parse-jsonp.js';
export {
  type JsonpGet,
  JsonpRestClient,
  type JsonpRestClientOptions,
} from './jsonp-rest-client.js';
export {
  LEGACY_JSONP_PATH,
  type LegacyEmail,
  LegacyJsonpClient,
  type LegacyJsonpClientOptions,
  type LegacyList,
} from './legacy-service.js';
