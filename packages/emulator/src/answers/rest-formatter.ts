import { restErrorResponse } from '../rest/rest-error-body.js';
import type { AnswerFormatter, EmulatorProblem, EmulatorRequest, EmulatorResponse } from '../types.js';
import { quotaText } from './quota-wording.js';

/** Encodes a REST value as WCF DataContract XML (the XML mode of REFERENCE §12); a hook the REST issue fills. */
export type XmlEncoder = (value: unknown, req: EmulatorRequest) => string;

/** True when the `Accept` header prefers XML to JSON (`application/xml` or `text/xml` listed before any JSON). */
export function acceptsXml(accept: string | undefined): boolean {
  const types = String(accept ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.split(';')[0]?.trim() ?? '');
  const xml = types.findIndex((t) => t === 'application/xml' || t === 'text/xml');
  const json = types.indexOf('application/json');
  return xml >= 0 && (json < 0 || xml < json);
}

/**
 * MailUp's REST answers: values as JSON (or XML when `Accept` asks for it and an encoder is given), problems as
 * the REST error body `{ErrorCode, ErrorDescription, ErrorName, ErrorStack}` with the HTTP status equal to
 * `ErrorCode`, and the 429 in the newer wording (seeds/001). `ErrorName` is the .NET status name.
 */
export function restFormatter(
  options: { protocol?: 'rest' | 'jsonp' | 'oauth'; xml?: XmlEncoder } = {},
): AnswerFormatter {
  return {
    protocol: options.protocol ?? 'rest',
    problem: restProblem,
    encode(answer, req) {
      if (!options.xml || !acceptsXml(req.headers.accept)) return answer;
      return {
        status: answer.status,
        headers: { 'content-type': 'application/xml; charset=utf-8', ...answer.headers },
        body: options.xml(answer.json, req),
      };
    },
  };
}

/** A problem as MailUp's REST services word it. */
export function restProblem(problem: EmulatorProblem): EmulatorResponse {
  switch (problem.kind) {
    case 'throttled':
      return restErrorResponse(
        429,
        `Authorization error (too_many_requests): The call quota is exhausted. ${quotaText(problem)}, throttling condition expires in: ${problem.expiresInMs} ms, throttling config: 2.`,
        null,
      );
    case 'unauthorized':
      return restErrorResponse(401, problem.description, 'Unauthorized');
    case 'forbidden':
      return restErrorResponse(403, problem.description, 'Forbidden');
    case 'bad-request':
      return restErrorResponse(400, `Bad request: ${problem.description}.`, 'BadRequest');
    case 'not-found':
      return restErrorResponse(404, problem.description || 'Endpoint not found.', 'NotFound');
    case 'method-not-allowed':
      return {
        ...restErrorResponse(405, 'Method not allowed.', 'MethodNotAllowed'),
        headers: { allow: problem.allowed.join(', ') },
      };
    case 'too-large':
      return restErrorResponse(413, 'Request body too large.', 'RequestEntityTooLarge');
    case 'internal':
      return restErrorResponse(500, problem.description, 'InternalServerError');
  }
}
