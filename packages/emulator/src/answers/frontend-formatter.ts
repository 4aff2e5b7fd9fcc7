import type { AnswerFormatter } from '../types.js';

/**
 * The frontend pages (`xmlSubscribe.aspx` …) answer HTTP 200 with a bare number (REFERENCE §4): `-1011` when the
 * caller's IP is not registered (a `forbidden` problem), `1` (generic error) for anything else. Unknown pages
 * keep a real 404.
 */
export function frontendFormatter(): AnswerFormatter {
  return {
    protocol: 'frontend',
    problem(problem) {
      const text = { 'content-type': 'text/plain; charset=utf-8' };
      if (problem.kind === 'not-found') return { status: 404, headers: text, body: 'not found' };
      return { status: 200, headers: text, body: problem.kind === 'forbidden' ? '-1011' : '1' };
    },
  };
}
