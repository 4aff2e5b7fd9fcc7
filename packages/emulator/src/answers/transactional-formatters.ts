import type { AnswerFormatter } from '../types.js';
import { problemStatus, problemText } from './plain-formatter.js';
import { quotaText } from './quota-wording.js';

/**
 * Transactional SMS API problems: `{Data, Code, Description, State: "ERROR"}`. Its throttling answer is NOT FOUND
 * in MailUp's documents; HTTP 429 with app code 429 naming the wait (INFERRED).
 */
export function txsmsFormatter(): AnswerFormatter {
  return {
    protocol: 'txsms',
    problem(problem) {
      const throttled = problem.kind === 'throttled';
      const status = throttled ? 429 : problemStatus(problem);
      const description = throttled
        ? `Too many requests: the call quota is exhausted. ${quotaText(problem)}, throttling condition expires in: ${problem.expiresInMs} ms.`
        : problemText(problem);
      return { status, json: { Data: null, Code: String(status), Description: description, State: 'ERROR' } };
    },
  };
}

/** Transactional email Send API problems: `{Status: "error", Code, Message}`; bad input is HTTP 403 (REFERENCE §7.4). */
export function txmailFormatter(): AnswerFormatter {
  return {
    protocol: 'txmail',
    problem(problem) {
      const status = problem.kind === 'bad-request' ? 403 : problemStatus(problem);
      return { status, json: { Status: 'error', Code: String(status), Message: problemText(problem) } };
    },
  };
}
