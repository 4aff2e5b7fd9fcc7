import { restErrorResponse } from '../rest/rest-error-body.js';
import type { EmulatorResponse } from '../types.js';

/**
 * MailUp's REST bases (REFERENCE §6.1): `/API/v1.1/Rest/…` and the older `/API/v1/Rest/…`, any case. Unknown
 * paths below them get MailUp's JSON error body, like the real WCF services.
 */
const REST_BASE = /^\/api\/v1(?:\.1)?\/rest(?:\/|$)/i;

/** True for a path under one of MailUp's REST bases. */
export function isRestPath(path: string): boolean {
  return REST_BASE.test(path);
}

/** .NET `HttpStatusCode` names, which MailUp puts in `ErrorName` (`Unauthorized`, `PreconditionFailed` …). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  500: 'InternalServerError',
};

/**
 * An error answer the emulator gives itself (not a protocol handler): MailUp's REST JSON error body on REST paths,
 * plain text elsewhere. `restDescription` is the REST wording when it differs from the plain one.
 */
export function errorAnswer(
  path: string,
  status: number,
  text: string,
  extra: { headers?: Record<string, string>; restDescription?: string } = {},
): EmulatorResponse {
  if (isRestPath(path)) {
    const answer = restErrorResponse(status, extra.restDescription ?? text, STATUS_NAMES[status] ?? null);
    return { ...answer, headers: { ...extra.headers } };
  }
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra.headers }, body: text };
}
