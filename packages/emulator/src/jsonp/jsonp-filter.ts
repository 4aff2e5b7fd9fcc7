import { restErrorResponse } from '../rest/rest-error-body.js';
import type { AfterFilter, EmulatorResponse } from '../types.js';
import { callbackParam, isCallbackName, jsonpBody } from './jsonp-callback.js';

/** Content type of every JSONP answer. */
export const JSONP_CONTENT_TYPE = 'application/javascript; charset=utf-8';

function header(response: EmulatorResponse, name: string): string {
  for (const [key, value] of Object.entries(response.headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : value;
  }
  return '';
}

/**
 * WCF JSONP on REST GETs (REFERENCE §5.2): a REST GET carrying `callback=<name>` gets its JSON answer wrapped as
 * `name(<json>);` with `application/javascript` — an error status as `name(<json>,<status>);` with HTTP 200 (WCF's
 * convention). An invalid callback name gets MailUp's JSON 400 error body, unwrapped. Non-JSON answers (XML by
 * `Accept`) are left alone. The bearer header is still required: the handler's answer is what gets wrapped.
 */
export function jsonpRestFilter(): AfterFilter {
  return {
    name: 'jsonp.rest',
    run(req, response) {
      if (req.resolved?.protocol !== 'rest' || req.method !== 'GET') return response;
      const name = callbackParam(req.query);
      if (name === undefined) return response;
      if (!isCallbackName(name)) {
        const bad = restErrorResponse(400, 'Invalid JSONP callback name.', 'BadRequest');
        return {
          status: bad.status,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(bad.json),
        };
      }
      if (!/json/i.test(header(response, 'content-type'))) return response;
      const body = typeof response.body === 'string' ? response.body : (response.body?.toString('utf8') ?? 'null');
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(response.headers ?? {})) {
        if (!['content-type', 'content-length'].includes(key.toLowerCase())) headers[key] = value;
      }
      return {
        status: 200,
        headers: { ...headers, 'content-type': JSONP_CONTENT_TYPE, 'x-content-type-options': 'nosniff' },
        body: jsonpBody(name, body || 'null', response.status),
      };
    },
  };
}
