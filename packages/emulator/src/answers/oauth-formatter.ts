import type { AnswerFormatter } from '../types.js';
import { problemStatus, problemText } from './plain-formatter.js';
import { restProblem } from './rest-formatter.js';

/**
 * The authorization server's problems: RFC 6749 `{error, error_description}` JSON, except throttling, which gets
 * the REST 429 body (the policy has no row for the Token endpoint; it is throttled as a REST method).
 */
export function oauthFormatter(): AnswerFormatter {
  return {
    protocol: 'oauth',
    problem(problem) {
      if (problem.kind === 'throttled') return restProblem(problem);
      const error = problem.kind === 'unauthorized' ? 'invalid_client' : 'invalid_request';
      return {
        status: problemStatus(problem),
        headers: { 'cache-control': 'no-store' },
        json: { error, error_description: problemText(problem) },
      };
    },
  };
}
